-- table.unpack: ranges and defaults
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({1, 2, 3}, 3, 2))
print(select('#', table.unpack({1, 2, 3}, 3, 2)))
print(table.unpack({1, 2, 3}, -1, 1))
print(table.unpack({1, 2, 3}, 1, 5))
print(select('#', table.unpack({}, 1, 5)))
print(select('#', table.unpack({})))
print(table.unpack({"a", "b"}, "1", 2.0))
print(table.unpack({[0] = "zero", "one"}, 0))
local n = 0
for _ in pairs({table.unpack({}, 1, 200)}) do n = n + 1 end
print(n, select('#', table.unpack({}, 1, 200)))
-- large but allowed
local big = {}
for i = 1, 5000 do big[i] = i end
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + select(i, ...) end
  return s
end
print(sum(table.unpack(big)))
print(select('#', table.unpack(big, 100, 4000)))
-- extreme indices
local t = {}
t[math.maxinteger] = "max"
t[math.mininteger] = "min"
print(table.unpack(t, math.maxinteger, math.maxinteger))
print(table.unpack(t, math.maxinteger - 1, math.maxinteger))
print(table.unpack(t, math.mininteger, math.mininteger + 1))
-- through metamethods
local proxy = setmetatable({}, {__index = function(_, k) return k * 10 end, __len = function() return 3 end})
print(table.unpack(proxy))
print(table.unpack(proxy, 5, 6))
local lenonly = setmetatable({1, 2, 3, 4}, {__len = function() return 2 end})
print(table.unpack(lenonly))
