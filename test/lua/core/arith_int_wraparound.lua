-- integers: 64-bit two's complement wrap-around
local max = 9223372036854775807
local min = -9223372036854775807 - 1
print(max + 1, max + 1 == min)
print(min - 1, min - 1 == max)
print(max * 2, min * -1, -min, min == -min)
print(min // -1, min % -1)
print(0x7fffffffffffffff, 0xffffffffffffffff, 0x8000000000000000)
print(max * max, 3037000500 * 3037000500)
print(max + 1.0, min - 1.0)
-- the literal 9223372036854775808 is a float, so its negation is a float too
print(-9223372036854775808, -9223372036854775808 // -1)
print(0x8000000000000000 // -1, 0x8000000000000000 % -1)
