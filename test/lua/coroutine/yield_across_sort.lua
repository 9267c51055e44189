-- yield inside a table.sort comparator crosses a C-call boundary
local co = coroutine.create(function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) coroutine.yield("cmp") return a < b end)
  return "sorted"
end)
print(coroutine.resume(co))
print(coroutine.status(co))
local co2 = coroutine.create(function()
  local t = {3, 1, 2}
  local ok, e = pcall(table.sort, t, function(a, b) coroutine.yield("cmp") return a < b end)
  return ok, e
end)
print(coroutine.resume(co2))
-- comparator that does not yield, within a coroutine that yields around it
local co3 = coroutine.wrap(function()
  local t = {5, 3, 9, 1}
  coroutine.yield("before")
  table.sort(t, function(a, b) return a > b end)
  coroutine.yield(table.concat(t, ","))
  return "done"
end)
print(co3()) print(co3()) print(co3())
-- a coroutine created and fully run inside the comparator is fine
local t = {4, 2, 8, 6}
table.sort(t, function(a, b)
  local c = coroutine.wrap(function(x, y) coroutine.yield(x < y) end)
  return c(a, b)
end)
print(table.concat(t, " "))
