-- many values through resume and yield
local function range(n) local t = {} for i = 1, n do t[i] = i end return t end
local co = coroutine.create(function(...)
  local n = select('#', ...)
  local s = 0
  for i = 1, n do s = s + select(i, ...) end
  local back = table.pack(coroutine.yield(table.unpack(range(200))))
  return n, s, back.n, back[1], back[back.n]
end)
local r = table.pack(coroutine.resume(co, table.unpack(range(250))))
print(r.n, r[1], r[2], r[201])
print(coroutine.resume(co, table.unpack(range(300))))
