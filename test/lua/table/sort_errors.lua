-- table.sort: bad arguments, bad orders, errors in comparators
local function P(...) print(pcall(...)) end
P(table.sort)
P(table.sort, nil)
P(table.sort, "abc")
P(table.sort, {3, 2, 1}, 5)
P(table.sort, {3, 2, 1}, {})
P(table.sort, {1}, 5)
P(table.sort, {}, "x")
P(table.sort, {1, "x", 2})
P(table.sort, {{}, {}})
P(table.sort, {1, 2, true})
P(table.sort, setmetatable({}, {__len = function() return math.maxinteger end}))
P(table.sort, setmetatable({}, {__len = function() return 2^31 end}))
P(table.sort, setmetatable({}, {__len = function() return 2.5 end}))
-- invalid order functions: the message, and the table as the error left it
local function try(n, cmp)
  local t = {}
  for i = 1, n do t[i] = (i * 7) % n + 1 end
  local ok, e = pcall(table.sort, t, cmp)
  print(n, ok, e, table.concat(t, " "))
end
for _, n in ipairs({3, 4, 5, 8, 15, 30}) do try(n, function() return true end) end
for _, n in ipairs({4, 10, 30}) do try(n, function(a, b) return a <= b end) end
-- errors raised by the comparator propagate, with the table partly sorted
local t = {9, 8, 7, 6, 5, 4, 3, 2, 1}
local calls = 0
print(pcall(table.sort, t, function(a, b)
  calls = calls + 1
  if calls == 10 then error("stop here") end
  return a < b
end))
print(calls, table.concat(t, " "))
local ok, e = pcall(table.sort, {3, 2, 1}, function() error({}) end)
print(ok, type(e))
-- positions: errors of the library carry the caller's line, the core's do not
print(pcall(function() table.sort({3, 2, 1}, function() return true end) end))
print(pcall(function() table.sort({3, "x", 1}) end))
print(pcall(function() local s = table.sort; s({1, 2}, 3) end))
-- NaN makes the default order inconsistent
local nan = 0/0
t = {nan, 1, nan, 2, nan}
print(pcall(table.sort, t))
t = {3, nan, 1}
print(pcall(table.sort, t), t[1], t[3])
