print(string.packsize(""), string.packsize("i4i8"), string.packsize("!i1i8"), string.packsize("!4 i1 i8 d"))
print(string.packsize("bhilj"), string.packsize("BHILJT"), string.packsize("fdn"), string.packsize("c10 x x"))
print(string.packsize("i1i2i3i4i5i6i7i8i9i10i11i12i13i14i15i16"), string.packsize("<>= !"))
print(pcall(string.packsize, "s"), pcall(string.packsize, "z"), pcall(string.packsize, "i4 s1"))
print(pcall(string.packsize, "c2147483640 c100"), pcall(string.packsize, "c2000000000 c200000000"))
print(pcall(string.packsize, "c214748364c214748364c214748364c214748364c214748364c214748364c214748364c214748364c214748364c214748364c214748364"))
print(string.packsize("c214748364"), pcall(string.packsize, "c2147483647"))
local data = string.pack("i4i4i4", 10, 20, 30)
print(string.unpack("i4", data), string.unpack("i4", data, 5), string.unpack("i4", data, -4), string.unpack("i4", data, 9))
print(string.unpack("", data), string.unpack("", data, 13), string.unpack("", data, -12))
print(pcall(string.unpack, "i4", data, 0), pcall(string.unpack, "i4", data, 14), pcall(string.unpack, "i4", data, -13))
print(pcall(string.unpack, "i4", data, 10), pcall(string.unpack, "i4", data, 1.5), pcall(string.unpack, "", data, 14))
local pos, results = 1, {}
while pos <= #data do
  local v
  v, pos = string.unpack("i4", data, pos)
  results[#results + 1] = v
end
print(table.concat(results, ","), pos)
print(select("#", string.unpack("i4i4i4", data)), string.unpack("xxxxi4", data), string.unpack(" i4  ", data))
