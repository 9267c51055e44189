-- error messages: length of non-string non-table values
print(pcall(function() return #true end))
print(pcall(function() local b = false; return #b end))
print(pcall(function() local n = 5; return #n end))
print(pcall(function() return #undefined_g end))
local t = {}
print(pcall(function() return #t.field end))
print(pcall(function() return #print end))
