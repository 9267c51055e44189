-- utf8.codepoint: ranges and decoding
print(utf8.codepoint("A"), utf8.codepoint("ABC", 2), utf8.codepoint("ABC", 1, 3))
print(utf8.codepoint("h\xC3\xA9llo", 1, -1))
print(utf8.codepoint("\xE2\x82\xAC"), utf8.codepoint("\xF0\x90\x8D\x88"), utf8.codepoint("\xF4\x8F\xBF\xBF"))
print(utf8.codepoint("abc", -1), utf8.codepoint("abc", -3, -2), utf8.codepoint("abc", 3, 2))
print(select('#', utf8.codepoint("abc", 3, 2)), select('#', utf8.codepoint("", 1, 0)))
print(utf8.codepoint("a\0b", 1, -1))
print(utf8.codepoint("\xED\xA0\x80"), utf8.codepoint("\xED\xBF\xBF"))
-- a multi-byte character counts where it starts
print(utf8.codepoint("\xC3\xA9x", 1, 1), utf8.codepoint("\xC3\xA9x", 1, 2))
print(utf8.codepoint("x\xC3\xA9", 2, 2))
print(utf8.codepoint(123), utf8.codepoint(1.5, 2), utf8.codepoint("abc", 1.0, "2"))
local s = utf8.char(0x3B1, 0x3B2, 0x3B3, 0x3B4)
local t = {utf8.codepoint(s, 1, -1)}
print(#t, t[1], t[4])
print(select('#', utf8.codepoint("xyz", 1, 3)))
