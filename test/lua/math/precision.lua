-- transcendental functions to the last bit (%.17g), as glibc computes them under lua5.3
-- (inputs chosen away from the rare cases where glibc is not correctly rounded; its cos is off
-- by an ulp a little more often, so it is only sampled)
local fmt = string.format
local seed = 11
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return (seed // 65536) % n end
local lines = {}
for i = 1, 60 do
  local x = (rnd(2000000) - 1000000) / (rnd(997) + 3)
  local y = (rnd(2001) - 1000) / 1000
  lines[#lines + 1] = fmt("%.17g %.17g %.17g %.17g %.17g", math.sin(x), math.exp(y * 50),
    math.log(math.abs(x) + 1), math.atan(x, y), math.asin(y))
end
print(table.concat(lines, "\n"))
print(fmt("%.17g %.17g %.17g %.17g", math.log(3), math.log(10, 2), math.log(7, 10), math.log(100, 3)))
print(fmt("%.17g %.17g %.17g", math.sin(1e6), math.cos(1e22), math.tan(1e300)))
print(fmt("%.17g %.17g %.17g", math.sinh(3), math.cosh(30), math.exp(-700)))
