-- base: number to string uses %.14g for floats and always marks integral floats
print(123456789012345.0, 1234567890123456.0, 1e14, 1e15 + 0.5)
print(0.1, -1.5e-7, 1e-5, 0.0001, 123.456)
print(100.0, -100.0, 2^31, 2^32, 2^62)
print(3.14159265358979, 2/3, -2/3)
print(1e300 * 1e10, -(1e300 * 1e10))
print(5e-324, 1.7976931348623157e308)
print(7 // 1.0, 7.0 // 2, 2^53 - 1)
print(12345678901234.5, 1234567890123.25)
