-- trigonometric functions
print(math.sin(0), math.sin(-0.0), math.sin(1), math.sin(math.pi / 2), math.sin(-math.pi / 6))
print(math.cos(0), math.cos(1), math.cos(math.pi), math.cos(-math.pi / 3))
print(math.tan(0), math.tan(1), math.tan(-1), math.tan(math.pi / 4))
print(math.asin(0), math.asin(1), math.asin(-1), math.asin(0.5), math.asin(-0.0))
print(math.acos(1), math.acos(0), math.acos(-1), math.acos(0.5))
print(math.atan(0), math.atan(1), math.atan(-1), math.atan(math.huge), math.atan(-math.huge))
print(math.atan(1, 2), math.atan(1, -2), math.atan(-1, -2), math.atan(0, -1), math.atan(-0.0, -1))
print(math.atan(0, 0), math.atan(-0.0, 0), math.atan(0, -0.0), math.atan(1, 0), math.atan(-1, 0))
print(math.atan(math.huge, math.huge), math.atan(1, math.huge), math.atan(1, -math.huge))
print(math.atan(3), math.atan(3, 1), math.atan(3, nil))
print(math.sin("1"), math.cos("0"), math.atan("1", "1"))
for i = -4, 4 do
  local x = i * 0.7
  io.write(math.sin(x), " ", math.cos(x), " ", math.tan(x), "\n")
end
print(math.type(math.sin(0)), math.type(math.atan(0, 1)))
print(pcall(math.sin))
print(pcall(math.cos, "x"))
print(pcall(math.tan, nil))
print(pcall(math.asin, {}))
print(pcall(math.acos))
-- (math.atan and math.atan2 are one function; called through pcall lua5.3 names it after
-- either key depending on its hash seed, so these go through a call site)
print(pcall(function() return math.atan() end))
print(pcall(function() return math.atan(1, "x") end))
print(pcall(function() return math.atan2(1, {}) end))
print(math.atan == math.atan2)
