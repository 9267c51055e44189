print(string.char(72, 101, 108, 108, 111))
print(string.char() == "", #string.char())
print(#string.char(0, 0, 0), string.char(0, 1, 2):byte(1, -1))
print(string.char(255):byte(), string.char("65", 66.0, "0x43"))
local t = {}
for i = 0, 255 do t[#t + 1] = i end
local s = string.char(table.unpack(t))
print(#s, s:byte(1), s:byte(256), s:sub(66, 70))
for i = 0, 255 do assert(s:byte(i + 1) == i) end
print("ok")
