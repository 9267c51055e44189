-- yield across xpcall: the handler runs after a yield
local co = coroutine.create(function()
  local r = table.pack(xpcall(function(a, b)
    local v = coroutine.yield(a + b)
    error("boom " .. v, 0)
  end, function(m)
    return "handled(" .. m .. ")", coroutine.isyieldable()
  end, 1, 2))
  print("xpcall gave", r.n, r[1], r[2])
  local r2 = table.pack(xpcall(function()
    coroutine.yield("y2")
    return "ok value", 2
  end, print))
  print("xpcall2", r2.n, r2[1], r2[2], r2[3])
  -- handler receives a non-string error
  local ok, e = xpcall(function() coroutine.yield("y3") error({1, 2, 3}) end, function(m) return #m end)
  print("xpcall3", ok, e)
  return "fin"
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "X"))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
