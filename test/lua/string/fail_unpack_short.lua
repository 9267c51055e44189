local data = string.pack("i4", 7)
print(string.unpack("i4", data))
print(string.unpack("i4i4", data))
