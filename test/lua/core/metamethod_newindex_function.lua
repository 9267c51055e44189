-- metamethods: __newindex function, rawset inside, read-only tables
local t = setmetatable({}, {__newindex = function(tbl, k, v)
  rawset(tbl, k, v * 10)
end})
t.x = 1
t.x = 2
print(t.x)
local ro = setmetatable({}, {__newindex = function(_, k) error("read-only key " .. k, 2) end})
print(pcall(function() ro.field = true end))
local calls = 0
local counter = setmetatable({}, {__newindex = function(tbl, k, v) calls = calls + 1 end})
counter.a = 1; counter.b = 2; counter.a = 3
print(calls, rawget(counter, "a"))
