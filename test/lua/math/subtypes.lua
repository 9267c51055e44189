-- which functions return integers and which return floats
local function t(...)
  local out = {}
  for i = 1, select('#', ...) do out[i] = math.type((select(i, ...))) or type((select(i, ...))) end
  return table.concat(out, ",")
end
print(t(math.abs(1), math.abs(1.0), math.floor(1), math.floor(1.5), math.ceil(1.5), math.floor(1e100)))
print(t(math.fmod(5, 2), math.fmod(5.0, 2), math.modf(5), math.modf(5.5)))
print(t(math.max(1, 2), math.max(1.0, 2), math.min(1, 2.0), math.tointeger(2.0)))
print(t(math.sqrt(4), math.exp(0), math.log(1), math.sin(0), math.deg(0), math.rad(0)))
print(t(math.random(1, 10), math.random(5), math.random()))
print(t(math.huge, math.pi, math.maxinteger, math.mininteger))
