-- error messages: arithmetic on non-numeric strings names constants and locals
print(pcall(function() return "abc" + 1 end))
print(pcall(function() local s = "abc"; return s * 2 end))
print(pcall(function() local t = {name = "x"}; return t.name - 1 end))
print(pcall(function() return 1 + "" end))
print(pcall(function() return "0x" + 0 end))
print(pcall(function() return "abc" // 1 end))
