-- error messages: calling a nil global names the global
print(pcall(function() foo() end))
print(pcall(function() undefined_function(1, 2) end))
print(pcall(function() local r = missing() end))
