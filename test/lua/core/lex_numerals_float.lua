-- lexical: float numerals with exponents and fractional forms
print(1.0, 1., .5, 3e2, 3E-2, 1e+2, 2.5e3)
print(0.1, 1e100, 1e-300, 123.456e1)
print(1e308 * 10, -1e308 * 10)
print(5e-324, 2.2250738585072014e-308)
print(3.14159265358979)
print(100000000000000, 1e14, 1e15, 1e16)
print(0.1 + 0.2, 1/3)
print(.0, 0e0, 0x0p0)
