-- error handlers in 5.3 are called without the ability to yield (C boundary)?
local co = coroutine.create(function()
  local ok, e = xpcall(function() error("E", 0) end, function(m)
    local ok2, e2 = pcall(coroutine.yield, "from handler")
    return "h:" .. m .. ":" .. tostring(ok2) .. ":" .. tostring(e2)
  end)
  print("result", ok, e)
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resumed"))
print(coroutine.status(co))
