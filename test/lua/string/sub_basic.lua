local s = "hello world"
print(s:sub(1, 5), s:sub(7), s:sub(-5), s:sub(-5, -3))
print(s:sub(0), s:sub(0, 0) == "", s:sub(1, 0) == "", s:sub(5, 4) == "")
print(s:sub(-100, 3), s:sub(3, 100), s:sub(100) == "", s:sub(12) == "", s:sub(11))
print(s:sub(-1, -1), s:sub(-11, -11), s:sub(-12, -11))
print(string.sub("abc", 2.0, "3"), string.sub(12345, 2, 4))
print(s:sub(math.mininteger, math.maxinteger))
print(s:sub(math.maxinteger) == "", s:sub(math.mininteger, 2))
print(s:sub(2, math.mininteger) == "")
print(("\0a\0b"):sub(2, 3):byte(1, -1))
for i = -13, 13 do io.write("[", s:sub(i, i + 2), "]") end
print()
