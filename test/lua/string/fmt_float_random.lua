local seed = 987654321
local function rnd()
  seed = (seed * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff
  return seed
end
local specs = {"%.0f", "%.1f", "%.2f", "%.5f", "%f", "%.17g", "%g", "%.3g", "%.10g", "%e", "%.0e", "%.3e", "%.16e", "%a", "%.2a", "%q"}
for i = 1, 300 do
  local bits = rnd()
  local x = string.unpack("d", string.pack("j", bits))
  if x ~= x or x == 1/0 or x == -1/0 then x = i * 0.1 end
  local scale = (i % 7 == 0) and 1 or (10.0 ^ ((i % 40) - 20)) / (math.abs(x) > 0 and 10.0 ^ math.floor(math.log(math.abs(x), 10)) or 1)
  local y = x * scale
  if y ~= y or y == 1/0 or y == -1/0 then y = x end
  local t = {}
  for _, sp in ipairs(specs) do t[#t + 1] = string.format(sp, y) end
  print(table.concat(t, " "))
end
for i = 1, 100 do
  local v = (i * 0.125) + (i % 3) * 0.5
  print(string.format("%.0f %.1f %.2f %.3f", v, v / 10, v / 100, v / 1000))
end
