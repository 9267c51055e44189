-- fail: uncaught error with level 0 has no position prefix
local function f() error("plain message", 0) end
f()
