-- error messages: calling nil/non-function locals and upvalues
local z
print(pcall(function() local y; y() end))
print(pcall(function() z() end))
print(pcall(function() local n = 5; n() end))
print(pcall(function() local s = "str"; s() end))
print(pcall(function() local b = true; b() end))
print(pcall(function() local t = {}; t() end))
print(pcall(function(p) p() end))
