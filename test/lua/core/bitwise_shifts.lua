-- bitwise: shifts, including negative and large shift counts
print(1 << 0, 1 << 1, 1 << 62, 1 << 63, 1 << 64, 1 << 100)
print(256 >> 4, -1 >> 1, -1 >> 63, -1 >> 64, -1 << 64)
print(1 << -1, 2 >> -1, 8 << -2, 8 >> -70)
print(-8 >> 1, -8 << 1, 0xff >> 8)
print(1 << 63 >> 63, 3 << 62)
print(1 << 9223372036854775807, 1 >> -9223372036854775808)
