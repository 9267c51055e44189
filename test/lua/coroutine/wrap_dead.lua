-- calling a dead wrap
local w = coroutine.wrap(function() return 1 end)
print(w())
print(pcall(w))
print(pcall(w, 1, 2))
local w2 = coroutine.wrap(function() coroutine.yield(1) end)
print(w2())
print(w2())
print(pcall(w2))
