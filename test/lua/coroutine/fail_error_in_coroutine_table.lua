-- uncaught table error from a wrap
local w = coroutine.wrap(function() error(setmetatable({}, {__tostring = function() return "custom obj" end})) end)
w()
