-- NaN results print as lua5.3 prints them on x86-64 (nan / -nan)
local pn, nn = -(0/0), 0/0
print(pn, nn)
print(math.sqrt(-1), math.log(-1), math.acos(2), math.asin(2), math.asin(-2))
print(math.sin(math.huge), math.cos(-math.huge), math.tan(math.huge))
print(math.log(-1, 2), math.log(-1, 10), math.log(-1, 3), math.log(3, -1))
print(math.fmod(1, 0.0), math.fmod(math.huge, 1), math.fmod(-math.huge, 2))
for _, f in ipairs({math.sin, math.cos, math.tan, math.asin, math.acos, math.atan, math.exp, math.log,
                    math.sqrt, math.floor, math.ceil, math.deg, math.rad, math.abs}) do
  io.write(tostring(f(pn)), " ", tostring(f(nn)), " | ")
end
print()
print(math.atan(pn, 1), math.atan(nn, 1), math.atan(1, pn), math.atan(1, nn), math.atan(pn, nn), math.atan(nn, pn))
print(math.fmod(pn, 1), math.fmod(nn, 1), math.fmod(1, pn), math.fmod(1, nn), math.fmod(pn, nn), math.fmod(nn, pn))
print(math.log(pn, 2), math.log(nn, 10), math.log(pn, nn), math.log(nn, pn), math.log(3, pn), math.log(3, nn))
print(math.modf(pn))
print(math.modf(nn))
print(math.max(pn, nn), math.max(nn, pn), math.min(pn, 1), math.min(1, pn))
print(math.tointeger(pn), math.type(nn), math.floor(nn) ~= math.floor(nn))
