-- yielding from the main thread
print(pcall(coroutine.yield))
print(pcall(coroutine.yield, 1, 2))
print(coroutine.isyieldable())
local ok, msg = pcall(function() return coroutine.yield("x") end)
print(ok, msg)
