-- fail: uncaught arithmetic on nil local
local x = nil
local y = x + 1
print(y)
