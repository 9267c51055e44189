-- arithmetic: exponentiation is always float and right associative
print(2^10, 2^-2, (-2)^2, -2^2)
print(2^3^2, (2^3)^2)
print(4^0.5, 8^(1/3) > 1.99)
print(0^0, 0^-1, (-8)^(1/3) ~= (-8)^(1/3))
print(10^15, 10^16)
