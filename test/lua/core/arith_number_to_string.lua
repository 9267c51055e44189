-- coercions: numbers converted to strings for concatenation and tostring
print(10 .. "", 1.5 .. "", -0.0 .. "")
print(1 .. 2, 1.0 .. 2, 2^63 .. "")
print(1e15 .. "", 1e16 .. "", 1e100 .. "")
print(0.1 .. "", 1/3 .. "")
print(9223372036854775807 .. "", -9223372036854775808 .. "")
print(tostring(3), tostring(3.0), tostring(-3.25))
print(100 .. "", 100.0 .. "", 1e2 .. "")
print(123456789012 .. "", 12345678901234567890 .. "")
