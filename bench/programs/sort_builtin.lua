-- sort_builtin.lua: table.sort on large arrays.
-- Measures: the built-in sort with the default `<` on integers, floats and
-- strings, with a Lua comparator (descending, and a two-key comparator on
-- records), and re-sorting already sorted input. Data comes from a Park-Miller
-- generator (Schrage's method), so every integer stays in int32.
local N = 100000
local SN = 30000     -- strings
local RN = 30000     -- records
local MOD = 1000003

local seed = 777
local function rand()
  local hi = seed // 127773
  local lo = seed % 127773
  local t = 16807 * lo - 2836 * hi
  if t <= 0 then t = t + 2147483647 end
  seed = t
  return t
end

local check = 0
local function mix(n) check = (check * 31 + n) % MOD end
local function sample(a)
  local step = #a // 97
  for i = 1, #a, step do mix(a[i] % MOD) end
end

-- integers, default comparison
local a = {}
for i = 1, N do a[i] = rand() % 1000000 end
table.sort(a)
sample(a)
-- already sorted input, then reversed with a comparator
table.sort(a)
table.sort(a, function(x, y) return x > y end)
sample(a)

-- floats
local f = {}
for i = 1, N // 2 do f[i] = (rand() % 100000) / 7 end
table.sort(f)
for i = 1, #f, #f // 50 do mix(math.floor(f[i]) % MOD) end

-- strings
local s = {}
for i = 1, SN do s[i] = "k" .. (rand() % 50000) end
table.sort(s)
for i = 1, SN, SN // 50 do mix(#s[i] + s[i]:byte(-1)) end

-- records with a two-key comparator
local r = {}
for i = 1, RN do r[i] = {g = rand() % 100, v = rand() % 10000, id = i} end
table.sort(r, function(x, y)
  if x.g ~= y.g then return x.g < y.g end
  if x.v ~= y.v then return x.v < y.v end
  return x.id < y.id
end)
for i = 1, RN, RN // 80 do mix(r[i].g * 10000 + r[i].v) end

return check
