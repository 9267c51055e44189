-- uncaught: calling a dead wrap
local w = coroutine.wrap(function() end)
w()
w()
