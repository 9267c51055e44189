-- math constants and their subtypes
print(math.pi, math.type(math.pi))
print(math.huge, -math.huge, math.type(math.huge))
print(math.maxinteger, math.type(math.maxinteger))
print(math.mininteger, math.type(math.mininteger))
print(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger + 0.0, math.mininteger + 0.0)
print(math.huge > math.maxinteger, -math.huge < math.mininteger)
print(math.pi * 2, math.pi / 2)
math.pi = 3
print(math.pi)
