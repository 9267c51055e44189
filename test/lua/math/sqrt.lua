-- math.sqrt: always a float
print(math.sqrt(0), math.sqrt(-0.0), math.sqrt(1), math.sqrt(4), math.sqrt(2), math.sqrt(0.25))
print(math.sqrt(1e300), math.sqrt(1e-300), math.sqrt(math.huge), math.sqrt(2^1023))
print(math.sqrt(math.maxinteger), math.sqrt(9007199254740993), math.sqrt("16"))
print(math.sqrt(-1), math.sqrt(-math.huge))
for i = 1, 10 do io.write(math.sqrt(i), " ") end
print()
print(math.type(math.sqrt(4)))
print(pcall(math.sqrt))
print(pcall(math.sqrt, "four"))
