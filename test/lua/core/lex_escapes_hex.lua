-- lexical: hexadecimal escapes \xXX
print("\x41\x42\x43", "\x61\x62" == "ab")
print("\x7A\x7a", #"\x00\xFF\x10")
print("\x3dequal")
