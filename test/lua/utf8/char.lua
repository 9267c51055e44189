-- utf8.char: encodings of 1 to 4 bytes
print(utf8.char(72, 105) == "Hi", utf8.char() == "", #utf8.char())
print(utf8.char(228) == "\xC3\xA4", utf8.char(8364) == "\xE2\x82\xAC", utf8.char(0x10348) == "\xF0\x90\x8D\x88")
print(utf8.char(0) == "\0", utf8.char(0x7F) == "\x7F", utf8.char(0x80) == "\xC2\x80")
print(utf8.char(0x7FF) == "\xDF\xBF", utf8.char(0x800) == "\xE0\xA0\x80", utf8.char(0xFFFF) == "\xEF\xBF\xBF")
print(utf8.char(0x10000) == "\xF0\x90\x80\x80", utf8.char(0x10FFFF) == "\xF4\x8F\xBF\xBF")
print(utf8.char(0xD800) == "\xED\xA0\x80", utf8.char(0xDFFF) == "\xED\xBF\xBF")
for _, n in ipairs({0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF}) do io.write(#utf8.char(n), " ") end
print()
print(utf8.char(72, 0xE9, 0x6C, 0x6C, 0x6F) == "H\xC3\xA9llo")
print(utf8.char(65.0, "66", "0x43") == "ABC")
local many = {}
for i = 1, 300 do many[i] = 0x400 + i end
local s = utf8.char(table.unpack(many))
print(#s, utf8.len(s))
print(utf8.char(0x4E2D, 0x6587) == "\xE4\xB8\xAD\xE6\x96\x87")
