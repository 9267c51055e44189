-- patterns.lua: Lua patterns over generated text.
-- Measures: string.find (plain and pattern), string.match with captures,
-- string.gmatch iteration, and string.gsub with string, table and function
-- replacements, over text generated from a small vocabulary by a Park-Miller
-- generator (Schrage's method, int32-safe).
local WORDS = 50000
local MOD = 1000003

local seed = 12345
local function rand(n)
  local hi = seed // 127773
  local lo = seed % 127773
  local t = 16807 * lo - 2836 * hi
  if t <= 0 then t = t + 2147483647 end
  seed = t
  return t % n
end

local vocab = {"alpha", "beta", "gamma", "delta", "key=value", "x1", "y22", "z333",
  "foo_bar", "Baz", "QUUX", "id:42", "2024-01-15", "end.", "(paren)", "a,b,c"}
local buf = {}
for i = 1, WORDS do
  buf[i] = vocab[rand(#vocab) + 1]
  if rand(10) == 0 then buf[i] = buf[i] .. "\n" end
end
local text = table.concat(buf, " ")

local check = #text % MOD
local function mix(n) check = (check * 31 + n) % MOD end

-- gmatch: words, numbers, key=value pairs
local nwords, nnums = 0, 0
for w in text:gmatch("%a+") do nwords = nwords + 1 end
for d in text:gmatch("%d+") do nnums = nnums + (tonumber(d) % 1000) end
mix(nwords) mix(nnums % MOD)
for k, v in text:gmatch("(%w+)=(%w+)") do mix(#k + #v) end
for y, m, d in text:gmatch("(%d%d%d%d)%-(%d%d)%-(%d%d)") do mix((tonumber(y) + tonumber(m) + tonumber(d)) % 1000) end

-- find: plain and with patterns, walking through the text
local pos, count = 1, 0
while true do
  local s, e = text:find("gamma", pos, true)
  if not s then break end
  count = count + 1
  pos = e + 1
end
mix(count)
pos, count = 1, 0
while true do
  local s, e, cap = text:find("%((%a+)%)", pos)
  if not s then break end
  count = count + #cap
  pos = e + 1
end
mix(count)

-- match on each line
local lines = 0
for line in text:gmatch("[^\n]+") do
  local first = line:match("^%s*(%S+)")
  local last = line:match("(%S+)%s*$")
  if first then mix(#first) end
  if last then mix(#last) end
  lines = lines + 1
end
mix(lines)

-- gsub with string, table and function replacements
local r1, n1 = text:gsub("a", "A")
mix(n1) mix(#r1 % MOD)
local map = {alpha = "1", beta = "22", gamma = "333"}
local r2, n2 = text:gsub("%a+", map)
mix(n2) mix(#r2 % MOD)
local r3, n3 = text:gsub("(%w+)_(%w+)", function(a, b) return b .. a end)
mix(n3) mix(#r3 % MOD)
local r4, n4 = text:gsub("%s+", " ", 5000)
mix(n4) mix(#r4 % MOD)
local r5 = text:gsub("[%p]", "%%%0")
mix(#r5 % MOD)
local r6, n6 = text:gsub("%f[%w]%w+", function(w) if #w > 4 then return w:upper() end end)
mix(n6) mix(r6:byte(#r6 // 3))

return check
