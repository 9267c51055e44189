-- floats: modulo and floor division with infinities and negative zero
local inf = 1/0
print(5 % inf, -5 % inf, 5 % -inf, -5 % -inf)
print(5 // inf, -5 // inf, inf // 1, -inf // 1)
print(0.0 // -1, -0.0 // 1, 0.0 % -1, -0.0 % 1)
print(5.5 % 2, -5.5 % 2, 5.5 % -2, -5.5 % -2)
print(1e308 % 3, 3 % 1e308)
print(6 % -3, -6 % 3, 6.0 % -3)
