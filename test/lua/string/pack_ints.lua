local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("b", -1)), hex(string.pack("B", 255)), hex(string.pack("h", -2)), hex(string.pack("H", 65535)))
print(hex(string.pack("i", 1)), hex(string.pack("I", 1)), hex(string.pack("l", -1)), hex(string.pack("L", 1)))
print(hex(string.pack("j", math.mininteger)), hex(string.pack("J", -1)), hex(string.pack("T", 1)))
for n = 1, 16 do
  io.write(hex(string.pack("i" .. n, -1)), " ", hex(string.pack("I" .. n, 1)), "\n")
end
print(hex(string.pack("i3", 0x123456)), hex(string.pack("i3", -0x800000)), hex(string.pack("I3", 0xffffff)))
print(hex(string.pack("i7", 2^53 - 1)), hex(string.pack("i8", math.maxinteger)), hex(string.pack("i16", math.mininteger)))
print(hex(string.pack("i5", -2^39)), hex(string.pack("I6", 2^48 - 1)), hex(string.pack("i6", -(2^47))))
print(string.unpack("b", "\128"), string.unpack("B", "\128"), string.unpack("h", "\0\128"), string.unpack("H", "\0\128"))
for n = 1, 16 do
  local v = n <= 8 and -(2 ^ (n * 8 - 1)) // 1 or math.mininteger
  local packed = string.pack("i" .. n, v)
  io.write(n, ":", tostring(string.unpack("i" .. n, packed)), " ")
end
print()
print(string.unpack("i7", string.pack("i7", (1 << 55) - 1)), string.unpack("I7", string.pack("I7", (1 << 56) - 1)))
print(pcall(string.pack, "i7", 2^55 - 1), pcall(string.pack, "i7", -2^55), pcall(string.pack, "i7", -2^55 - 1))
print(string.unpack("i8", string.pack("i8", math.maxinteger)), string.unpack("I8", string.pack("I8", -1)))
print(string.unpack("I16", string.pack("I16", math.maxinteger)), string.unpack("i12", string.pack("i12", -5)))
print(string.unpack("i", string.pack("i", "123")), string.unpack("i", string.pack("i", 7.0)))
