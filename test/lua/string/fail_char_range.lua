local f = string.char
print(f(65))
print(f(65, 66, 999))
