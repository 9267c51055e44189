-- error messages: concatenation of invalid values
print(pcall(function() local t = {}; return "x" .. t end))
print(pcall(function() local t = {}; return t .. "x" end))
print(pcall(function() local n; return "a" .. n end))
print(pcall(function() return "a" .. undefined_g end))
print(pcall(function() local b = false; return b .. "" end))
print(pcall(function() return "a" .. {} .. "b" end))
local tt = {}
print(pcall(function() return "v=" .. tt.missing end))
print(pcall(function() return 1 .. print end))
