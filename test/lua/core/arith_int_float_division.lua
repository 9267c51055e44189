-- integers vs floats: / always float, // and % floor semantics
print(3/2, 4/2, 7//2, -7//2, 7//-2, -7//-2)
print(7.0//2, -7//2.0, 7.5//2, -0.5//1)
print(-7%3, 7%-3, -7%-3, 7%3)
print(7.5%-2, -7.5%2, 7.5%2, 5.25%1)
