-- utf8.offset: byte positions of characters
local s = "h\xC3\xA9llo"
print(utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, 3), utf8.offset(s, 5), utf8.offset(s, 6), utf8.offset(s, 7))
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -5), utf8.offset(s, -6))
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 2), utf8.offset(s, 0, 1), utf8.offset(s, 0, 7))
print(utf8.offset(s, 1, 4), utf8.offset(s, 2, 4), utf8.offset(s, -1, 4), utf8.offset(s, -1, 7))
print(utf8.offset("abc", 1, 4), utf8.offset("abc", 0, 4), utf8.offset("abc", 2, 4), utf8.offset("abc", -1, 4))
print(utf8.offset("", 1), utf8.offset("", 0), utf8.offset("", -1), utf8.offset("", 2))
print(utf8.offset("abc", 10), utf8.offset("abc", -10), utf8.offset("abc", 4))
print(utf8.offset("a\x80\x80b", 0, 3), utf8.offset("\x80\x80", 0, 2), utf8.offset("a\x80\x80b", 2), utf8.offset("a\x80\x80b", -1))
print(utf8.offset("abc", 1, -1), utf8.offset("abc", 0, -1), utf8.offset("abc", -1, -1))
print(utf8.offset(12345, 2), utf8.offset("abc", "2"), utf8.offset("abc", 2.0, 1.0))
local t = utf8.char(0x10348, 0x20AC, 0x41)
for i = -4, 4 do io.write(tostring(utf8.offset(t, i)), " ") end
print()
print(utf8.offset("abc", math.maxinteger), utf8.offset("abc", math.mininteger))
