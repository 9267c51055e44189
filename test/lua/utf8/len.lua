-- utf8.len: counts, ranges, and the position of the first invalid byte
print(utf8.len(""), utf8.len("abc"), utf8.len("h\xC3\xA9llo"), utf8.len("\xE2\x82\xAC\xF0\x90\x8D\x88"))
print(utf8.len("abc", 2), utf8.len("abc", 4), utf8.len("abc", -1), utf8.len("abc", -3))
print(utf8.len("abc", 1, 3), utf8.len("abc", 1, -1), utf8.len("abc", 3, 1), utf8.len("abc", 1, 0))
print(utf8.len("abc", 2, 2), utf8.len("abc", -2, -1), utf8.len("abc", 1, -4))
print(utf8.len("h\xffllo"))
print(utf8.len("\xC3\xA9", 2))
print(utf8.len("\xC3\xA9", 1, 1))
print(utf8.len("\xC3"))
print(utf8.len("abc\x80"))
print(utf8.len("\xC0\x80"), utf8.len("\xF8\x88\x80\x80\x80"))
print(utf8.len("ok\xF4\x90\x80\x80ok"))
print(utf8.len(12345), utf8.len(1.5))
local s = ""
for i = 1, 200 do s = s .. utf8.char(i * 300) end
print(#s, utf8.len(s), utf8.len(s, 100))
