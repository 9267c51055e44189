-- error messages: bitwise on non-integers and non-numbers names variables
print(pcall(function() local f = 1.5; return f & 1 end))
print(pcall(function() local s = "x"; return s | 1 end))
print(pcall(function() local t = {}; return t ~ 1 end))
print(pcall(function() return undefined_g << 1 end))
print(pcall(function() local f = 2^64; return 1 >> f end))
print(pcall(function() return 1.5 & 1 end))
print(pcall(function() local b = true; return ~b end))
