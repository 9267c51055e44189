-- resuming a dead coroutine
local co = coroutine.create(function() return 1 end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co, 1, 2))
local co2 = coroutine.create(function() error("x", 0) end)
print(coroutine.resume(co2))
print(coroutine.resume(co2))
print(coroutine.status(co2))
