-- floats: precision around 2^53 and integer/float conversions
print(2^53, 2^53 + 1, 2^53 + 1 == 2^53)
print(9007199254740993, 9007199254740993 + 0.0)
print(2^63, -2^63, 2^63 == 9223372036854775807)
print(2^64, 2^-1, 2^0.5)
print(1e15, 1e16, 123456789012345678)
print(10/2, 3 * 1.0, 2^2)
print(0.1 * 3, 1 - 0.9)
