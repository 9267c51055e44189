-- tables.lua: table construction and access.
-- Measures: array appends `t[#t+1] = v` (length operator + array growth),
-- integer-key reads, string-keyed hash fields (constant keys and keys built at
-- runtime), table constructors, nested tables (2-D grid, records in arrays),
-- field updates, and pairs/ipairs/next traversal.
local N = 200000      -- array length
local GRID = 200      -- GRID x GRID nested table
local NKEYS = 40000   -- runtime-built string keys
local MOD = 1000003

local total = 0

-- 1. array appends with #t, then sequential reads
local arr = {}
for i = 1, N do
  arr[#arr + 1] = i * 7 % 1000
end
for pass = 1, 3 do
  local s = 0
  for i = 1, #arr do s = s + arr[i] end
  total = (total + s % MOD + pass) % MOD
end

-- 2. records with constant string keys (constructor + field access + update)
local recs = {}
for i = 1, N // 2 do
  recs[#recs + 1] = { id = i, name = "r", value = i % 100, weight = 2, active = (i % 3 == 0) }
end
for _ = 1, 3 do
  for i = 1, #recs do
    local r = recs[i]
    if r.active then
      r.value = r.value + r.weight
    else
      r.weight = r.weight + 1
    end
  end
end
for i = 1, #recs do
  local r = recs[i]
  total = (total + r.value + r.weight) % MOD
end

-- 3. hash table with runtime-built string keys
local dict = {}
for i = 1, NKEYS do
  dict["key" .. i] = i
end
for i = 1, NKEYS, 3 do
  dict["key" .. i] = dict["key" .. i] * 2
end
for i = 1, NKEYS do
  total = (total + dict["key" .. i]) % MOD
end
local cnt = 0
for k, v in pairs(dict) do
  cnt = cnt + 1
  total = (total + v) % MOD
end
total = (total + cnt) % MOD

-- 4. nested tables: a 2-D grid and a small stencil over it
local grid = {}
for i = 1, GRID do
  local row = {}
  for j = 1, GRID do row[j] = (i * j) % 10 end
  grid[i] = row
end
for _ = 1, 3 do
  for i = 2, GRID - 1 do
    local up, row, down = grid[i - 1], grid[i], grid[i + 1]
    for j = 2, GRID - 1 do
      row[j] = (up[j] + down[j] + row[j - 1] + row[j + 1]) % 10
    end
  end
end
for i = 1, GRID do
  for j, v in ipairs(grid[i]) do
    total = (total + v * j) % MOD
  end
end

-- 5. deep nesting: t.a.b.c chains and tables as keys
local cfg = { a = { b = { c = { d = 1 } } } }
local keyobjs = {}
for i = 1, 200 do keyobjs[i] = {} end
local bytab = {}
for i = 1, N do
  cfg.a.b.c.d = cfg.a.b.c.d + 1
  local ko = keyobjs[i % 200 + 1]
  bytab[ko] = (bytab[ko] or 0) + 1
end
total = (total + cfg.a.b.c.d + bytab[keyobjs[1]]) % MOD

return total
