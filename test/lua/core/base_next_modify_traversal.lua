-- base: clearing fields during traversal with next is allowed
local t = {}
for i = 1, 20 do t["k" .. i] = i end
local visited, sum = 0, 0
for k, v in pairs(t) do
  visited = visited + 1
  sum = sum + v
  t[k] = nil
end
print(visited, sum, next(t))
local arr = {1, 2, 3, 4, 5}
for i, v in pairs(arr) do arr[i] = v * 10 end
print(arr[1], arr[5])
