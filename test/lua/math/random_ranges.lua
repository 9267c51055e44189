-- math.random: ranges, subtypes, and repeatability after randomseed (properties only)
local function all(n, f)
  for _ = 1, n do if not f() then return false end end
  return true
end
print(all(2000, function() local r = math.random(); return math.type(r) == "float" and r >= 0 and r < 1 end))
print(all(2000, function() local r = math.random(6); return math.type(r) == "integer" and r >= 1 and r <= 6 end))
print(all(2000, function() local r = math.random(-3, 3); return r >= -3 and r <= 3 end))
print(all(100, function() return math.random(7, 7) == 7 end))
print(all(100, function() return math.random(1) == 1 end))
print(all(500, function() local r = math.random(0, math.maxinteger); return r >= 0 end))
print(all(500, function() local r = math.random(math.mininteger, -1); return r < 0 end))
print(all(500, function() local r = math.random(-2^40, 2^40); return math.type(r) == "integer" and r >= -2^40 and r <= 2^40 end))
print(all(500, function() local r = math.random(math.maxinteger - 3, math.maxinteger); return r >= math.maxinteger - 3 end))
print(all(500, function() local r = math.random(3.0); return math.type(r) == "integer" and r <= 3 end))
-- every value of a small range shows up
local seen, count = {}, 0
for _ = 1, 1000 do
  local r = math.random(10)
  if not seen[r] then seen[r] = true; count = count + 1 end
end
print(count)
-- roughly uniform
local buckets = {0, 0, 0, 0}
for _ = 1, 40000 do local r = math.random(4); buckets[r] = buckets[r] + 1 end
local ok = true
for i = 1, 4 do if buckets[i] < 9000 or buckets[i] > 11000 then ok = false end end
print(ok)
local s = 0
for _ = 1, 10000 do s = s + math.random() end
print(s > 4500 and s < 5500)
-- the same seed gives the same sequence
local function seq(seed)
  math.randomseed(seed)
  local out = {}
  for i = 1, 20 do out[i] = math.random(1000000) end
  out[21] = math.random()
  return table.concat(out, ",")
end
print(seq(42) == seq(42), seq(1) == seq(1), seq(1) ~= seq(2), seq(0) == seq(0.5))
