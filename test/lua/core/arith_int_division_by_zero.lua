-- integers vs floats: integer division/modulo by zero errors; float versions give inf/nan
print(pcall(function() return 1//0 end))
print(pcall(function() local z = 0 return 1 % z end))
print(pcall(function() local z = 0 return 5 // z end))
print(1//0.0, -1//0.0, 1/0, -1/0)
print(1%0.0 ~= 1%0.0, 0/0 ~= 0/0)
print(1.0//0, 0.0/0 == 0.0/0)
