-- math.deg and math.rad
print(math.deg(0), math.deg(math.pi), math.deg(-math.pi / 2), math.deg(1), math.deg(180))
print(math.rad(0), math.rad(180), math.rad(-90), math.rad(1), math.rad(360))
print(math.deg(math.huge), math.rad(-math.huge), math.deg(-0.0), math.rad(-0.0))
print(math.deg(math.rad(45)), math.rad(math.deg(1)))
print(math.deg("90"), math.rad("90"))
print(math.type(math.deg(1)), math.type(math.rad(1)))
print(pcall(math.deg))
print(pcall(math.rad, "x"))
