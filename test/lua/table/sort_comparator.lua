-- table.sort with comparison functions
local function show(t) print(table.concat(t, " ")) end
local t = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0}
table.sort(t, function(a, b) return a > b end); show(t)
table.sort(t, function(a, b) return a % 3 < b % 3 or (a % 3 == b % 3 and a < b) end); show(t)
-- records by key, with ties broken by the algorithm itself (n <= 100: no random pivots)
local recs = {}
local seed = 7
for i = 1, 100 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  recs[i] = {key = seed % 7, id = i}
end
table.sort(recs, function(a, b) return a.key < b.key end)
local ids = {}
for i = 1, #recs do ids[i] = recs[i].key .. ":" .. recs[i].id end
print(table.concat(ids, " "))
-- a comparator that only returns truthy non-boolean values
t = {4, 2, 3, 1}
table.sort(t, function(a, b) if a < b then return "yes" end return nil end); show(t)
-- counting comparisons (same algorithm => same count)
for _, n in ipairs({2, 3, 4, 10, 50, 100}) do
  local c = 0
  local a = {}
  for i = 1, n do a[i] = (i * 37) % n end
  table.sort(a, function(x, y) c = c + 1; return x < y end)
  print(n, c, a[1], a[n])
end
-- the comparator sees the values, not indices
local seen = {}
t = {"b", "a"}
table.sort(t, function(x, y) seen[#seen + 1] = x .. y; return x < y end)
print(table.concat(seen, ","), t[1], t[2])
-- a C function as comparator
t = {3, 1, 2}
table.sort(t, math.ult); show(t)
t = {-1, 1, 0}
table.sort(t, math.ult); show(t)
