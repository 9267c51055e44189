local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("<i4", 0x01020304)), hex(string.pack(">i4", 0x01020304)), hex(string.pack("=i4", 0x01020304)))
print(hex(string.pack("<i2>i2<i2", 1, 1, 1)), hex(string.pack(">I3 <I3", 0xabcdef, 0xabcdef)))
print(hex(string.pack(">d", 1.5)), hex(string.pack("<d", 1.5)), hex(string.pack(">f", -2.5)))
print(hex(string.pack(">i16", -2)), hex(string.pack(">I9", 256)), hex(string.pack(">s2", "ab")))
print(string.unpack(">i4", "\1\2\3\4"), string.unpack("<i4", "\1\2\3\4"))
print(string.unpack(">I2 <I2 =I2", "\1\2\1\2\1\2"))
print(string.unpack(">j", string.pack(">j", math.mininteger)), string.unpack("<J", string.pack("<J", math.maxinteger)))
print(string.unpack(">d", string.pack(">d", math.pi)), string.unpack(">f", string.pack(">f", 0.5)))
