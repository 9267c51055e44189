-- relations between the functions, over many values
local vals = {}
for i = -20, 20 do vals[#vals + 1] = i * 0.37 end
for i = -5, 5 do vals[#vals + 1] = i end
vals[#vals + 1] = 2^40 + 0.5
vals[#vals + 1] = -2^40 - 0.5
local bad = 0
for _, x in ipairs(vals) do
  local i, f = math.modf(x)
  if i + f ~= x then bad = bad + 1 end
  if math.floor(x) > x or math.ceil(x) < x then bad = bad + 1 end
  if math.ceil(x) - math.floor(x) > 1 then bad = bad + 1 end
  if math.abs(x) < 0 then bad = bad + 1 end
  if math.max(x, -x) ~= math.abs(x) then bad = bad + 1 end
  if math.min(x, -x) ~= -math.abs(x) then bad = bad + 1 end
  if math.abs(math.fmod(x, 1.5)) >= 1.5 then bad = bad + 1 end
  if math.abs(math.sin(x) ^ 2 + math.cos(x) ^ 2 - 1) > 1e-12 then bad = bad + 1 end
  if math.abs(math.exp(math.log(math.abs(x) + 1)) - (math.abs(x) + 1)) > 1e-9 * (math.abs(x) + 1) then bad = bad + 1 end
  if math.tointeger(math.floor(x)) ~= math.floor(x) then bad = bad + 1 end
end
print(#vals, bad)
for i = -10, 10 do
  for j = -4, 4 do
    if j ~= 0 then
      local r = math.fmod(i, j)
      local q = (i - r) // j
      if q * j + r ~= i or (r ~= 0 and (r < 0) ~= (i < 0)) then bad = bad + 1 end
    end
  end
end
print(bad)
