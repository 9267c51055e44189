-- metamethods: __lt-driven insertion sort of objects
local V = {}
V.__index = V
V.__lt = function(a, b) return a.key < b.key end
local function new(k, name) return setmetatable({key = k, name = name}, V) end
local list = {new(3, "c"), new(1, "a"), new(2, "b"), new(0, "z"), new(2, "b2")}
for i = 2, #list do
  local v, j = list[i], i - 1
  while j >= 1 and v < list[j] do list[j + 1] = list[j]; j = j - 1 end
  list[j + 1] = v
end
local s = ""
for i = 1, #list do s = s .. list[i].name .. " " end
print(s)
print(list[1] < list[2], list[2] > list[1], list[3] <= list[4])
