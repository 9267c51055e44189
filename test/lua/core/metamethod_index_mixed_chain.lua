-- metamethods: __index chain mixing tables and functions
local base = setmetatable({}, {__index = function(t, k) return "fn(" .. k .. ")" end})
local mid = setmetatable({m = "mid value"}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.m, top.other)
local calls = 0
local counting = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) calls = calls + 1; return k end})})
print(counting.a, counting.b, calls)
