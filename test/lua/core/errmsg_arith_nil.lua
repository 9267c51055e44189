-- error messages: arithmetic on nil/boolean/table names the culprit
print(pcall(function() local x; return x + 1 end))
print(pcall(function() local x; return 1 + x end))
print(pcall(function() return undefined_g * 2 end))
local t = {}
print(pcall(function() return t.field - 1 end))
print(pcall(function() local b = true; return -b end))
print(pcall(function() local u = {}; return u / 2 end))
print(pcall(function() local x = 1; local y; return x % y end))
print(pcall(function() local s = "a"; return s ^ 2 end))
print(pcall(function() return 2 // {} end))
