-- program: insertion sort of numbers and strings with a custom comparator
local function isort(a, lt)
  lt = lt or function(x, y) return x < y end
  for i = 2, #a do
    local v, j = a[i], i - 1
    while j >= 1 and lt(v, a[j]) do a[j + 1] = a[j]; j = j - 1 end
    a[j + 1] = v
  end
  return a
end
local function join(a)
  local s = ""
  for i = 1, #a do s = s .. tostring(a[i]) .. (i < #a and " " or "") end
  return s
end
print(join(isort({5, 3, 9, 1, 5.5, -2, 0, 3})))
print(join(isort({"pear", "Apple", "apple", "banana", "", "Zed"})))
print(join(isort({1, 2, 3, 4}, function(a, b) return a > b end)))
local lcg, seed = {}, 12345
for i = 1, 50 do seed = (seed * 1103515245 + 12345) % 2147483648; lcg[i] = seed % 1000 end
isort(lcg)
local ok = true
for i = 2, #lcg do if lcg[i - 1] > lcg[i] then ok = false end end
print(ok, lcg[1], lcg[50])
