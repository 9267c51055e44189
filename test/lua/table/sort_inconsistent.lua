-- comparators that are not strict orders: the outcome (permutation or error) matches lua5.3
local function lcg(seed)
  return function()
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
  end
end
for _, n in ipairs({3, 4, 6, 10, 20, 50, 100, 128}) do
  for trial = 1, 3 do
    local r = lcg(n * 10 + trial)
    local t = {}
    for i = 1, n do t[i] = i end
    local ok, e = pcall(table.sort, t, function(a, b) return r() % 3 == 0 end)
    print(n, trial, ok, e, table.concat(t, ","))
  end
end
-- "less or equal" comparators on data with repeats
for _, n in ipairs({5, 12, 40}) do
  local t = {}
  for i = 1, n do t[i] = i % 4 end
  print(n, pcall(table.sort, t, function(a, b) return a <= b end), table.concat(t, ","))
end
