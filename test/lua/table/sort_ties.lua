-- where equal elements end up (identical to lua5.3 because the algorithm is the same;
-- sizes stay <= 128 so that no randomized pivot is ever used)
local mt = {__lt = function(a, b) return a.k < b.k end}
for _, n in ipairs({5, 9, 17, 33, 64, 100, 128}) do
  local t = {}
  local seed = n
  for i = 1, n do
    seed = (seed * 214013 + 2531011) % 4294967296
    t[i] = setmetatable({k = seed % 5, id = i}, mt)
  end
  table.sort(t)
  local out = {}
  for i = 1, n do out[i] = t[i].id end
  print(n, table.concat(out, " "))
end
-- the same with a comparator function on plain records
local recs = {}
for i = 1, 60 do recs[i] = {name = ({"x", "y", "z"})[i % 3 + 1], id = i} end
table.sort(recs, function(a, b) return a.name > b.name end)
local out = {}
for i = 1, #recs do out[i] = recs[i].name .. recs[i].id end
print(table.concat(out, " "))
