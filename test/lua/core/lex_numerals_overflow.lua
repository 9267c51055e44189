-- lexical: decimal integer literals that overflow become floats; hex literals wrap modulo 2^64
print(9223372036854775807, 9223372036854775808, 99999999999999999999)
print(0x7fffffffffffffff + 0, 0x8000000000000000, 0xffffffffffffffff, 0x1ffffffffffffffff)
print(0x10000000000000001, 0xfffffffffffffffe)
print(1e0, 10e-1, 0.0e5)
print(-9223372036854775807 - 1, -0x8000000000000000)
