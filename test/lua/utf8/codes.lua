-- utf8.codes: iterating over characters
for p, c in utf8.codes("a\xC3\xA9\xE2\x82\xAC\xF0\x90\x8D\x88") do print(p, c) end
for p, c in utf8.codes("") do print("never", p, c) end
local n = 0
for p, c in utf8.codes(utf8.char(0x7FF, 0x800, 0xFFFF, 0x10000)) do n = n + 1; io.write(p, ":", c, " ") end
print(n)
for p, c in utf8.codes(123) do io.write(p, ":", c, " ") end
print()
local f, s, i = utf8.codes("ab")
print(type(f), s, i)
print(f("ab", 0))
print(f("ab", 1))
print(f("ab", 2))
print(select('#', f("ab", 2)), select('#', f("ab", 5)))
print(f("ab", -3))
print(f("ab", "x"), f("ab", 1.5), f("ab"))
print(f("\xC3\xA9z", 1), f("\xC3\xA9z", 2))
-- the iterator function is shared
print(select(1, utf8.codes("x")) == select(1, utf8.codes("y")))
