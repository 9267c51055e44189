-- base: pairs over mixed tables, keys collected and insertion-sorted for determinism
local function sort(a, lt)
  for i = 2, #a do
    local v = a[i]
    local j = i - 1
    while j >= 1 and lt(v, a[j]) do a[j + 1] = a[j]; j = j - 1 end
    a[j + 1] = v
  end
end
local t = {10, 20, 30, x = "a", y = "b", z = "c", [100] = "h", [-1] = "m"}
local nums, strs = {}, {}
for k, v in pairs(t) do
  if type(k) == "number" then nums[#nums + 1] = k else strs[#strs + 1] = k end
end
sort(nums, function(a, b) return a < b end)
sort(strs, function(a, b) return a < b end)
for i = 1, #nums do print(nums[i], t[nums[i]]) end
for i = 1, #strs do print(strs[i], t[strs[i]]) end
local n = 0
for k in pairs({}) do n = n + 1 end
print("empty", n)
print(pcall(pairs))
print(pcall(function() for k in pairs(nil) do end end))
print(select('#', pairs({})))
