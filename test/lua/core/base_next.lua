-- base: next on empty, array and single-key tables
print(next({}))
print(next({10}))
print(next({10}, 1))
local t = {x = 1}
print(next(t))
print(next(t, "x"))
print(pcall(next, {}, "nokey"))
print(pcall(next, nil))
local count = 0
local k, v = next({1, 2, 3, a = 4, b = 5})
local tt = {1, 2, 3, a = 4, b = 5}
k = nil
repeat
  k = next(tt, k)
  if k ~= nil then count = count + 1 end
until k == nil
print(count)
