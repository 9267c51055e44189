-- sort.lua: sorting in Lua with comparator functions.
-- Measures: a quicksort (median-of-three, insertion sort for short ranges) and
-- a heapsort, both calling a comparator closure for every comparison; lots of
-- array reads/writes (GETTABLE/SETTABLE on integer keys), function calls and
-- integer arithmetic. Data comes from a Park-Miller generator using Schrage's
-- method, so every intermediate value fits in int32 (fengari's integer size).
local N = 120000     -- elements for quicksort
local HN = 40000     -- elements for heapsort
local MOD = 1000003

local seed = 42
local function rand()
  -- seed = seed * 16807 mod (2^31 - 1), without overflowing 32 bits
  local hi = seed // 127773
  local lo = seed % 127773
  local t = 16807 * lo - 2836 * hi
  if t <= 0 then t = t + 2147483647 end
  seed = t
  return t
end

local function insertion_sort(a, lo, hi, lt)
  for i = lo + 1, hi do
    local v = a[i]
    local j = i - 1
    while j >= lo and lt(v, a[j]) do
      a[j + 1] = a[j]
      j = j - 1
    end
    a[j + 1] = v
  end
end

local function quicksort(a, lo, hi, lt)
  while hi - lo > 16 do
    -- median of three into a[mid], used as pivot
    local mid = (lo + hi) // 2
    if lt(a[mid], a[lo]) then a[mid], a[lo] = a[lo], a[mid] end
    if lt(a[hi], a[lo]) then a[hi], a[lo] = a[lo], a[hi] end
    if lt(a[hi], a[mid]) then a[hi], a[mid] = a[mid], a[hi] end
    local p = a[mid]
    local i, j = lo, hi
    while i <= j do
      while lt(a[i], p) do i = i + 1 end
      while lt(p, a[j]) do j = j - 1 end
      if i <= j then
        a[i], a[j] = a[j], a[i]
        i = i + 1
        j = j - 1
      end
    end
    -- recurse into the smaller part, loop on the larger
    if j - lo < hi - i then
      quicksort(a, lo, j, lt)
      lo = i
    else
      quicksort(a, i, hi, lt)
      hi = j
    end
  end
  insertion_sort(a, lo, hi, lt)
end

local function heapsort(a, n, lt)
  local function sift(start, stop)
    local root = start
    while true do
      local child = 2 * root
      if child > stop then return end
      if child + 1 <= stop and lt(a[child], a[child + 1]) then child = child + 1 end
      if lt(a[root], a[child]) then
        a[root], a[child] = a[child], a[root]
        root = child
      else
        return
      end
    end
  end
  for start = n // 2, 1, -1 do sift(start, n) end
  for stop = n, 2, -1 do
    a[1], a[stop] = a[stop], a[1]
    sift(1, stop - 1)
  end
end

local function checksum(a, n, ok_order)
  local s = 0
  for i = 1, n do
    if i > 1 and not ok_order(a[i - 1], a[i]) then return -1 end
    s = (s * 31 + a[i] % 1000) % MOD
  end
  return s
end

local total = 0

-- 1. quicksort ascending on random integers
local a = {}
for i = 1, N do a[i] = rand() % 1000000 end
local comparisons = 0
quicksort(a, 1, N, function(x, y)
  comparisons = comparisons + 1
  return x < y
end)
total = (total + checksum(a, N, function(x, y) return x <= y end)) % MOD

-- 2. quicksort descending on records by key, ties broken by id
local recs = {}
for i = 1, N // 4 do recs[i] = { key = rand() % 5000, id = i } end
quicksort(recs, 1, N // 4, function(x, y)
  if x.key ~= y.key then return x.key > y.key end
  return x.id < y.id
end)
local rs = 0
for i = 1, N // 4 do rs = (rs * 7 + recs[i].id) % MOD end
total = (total + rs) % MOD

-- 3. heapsort ascending
local h = {}
for i = 1, HN do h[i] = rand() % 100000 end
heapsort(h, HN, function(x, y) return x < y end)
total = (total + checksum(h, HN, function(x, y) return x <= y end)) % MOD

return (total + comparisons % MOD) % MOD
