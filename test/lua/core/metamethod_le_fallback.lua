-- metamethods: Lua 5.3 falls back to not (b < a) when __le is absent
local log = {}
local mt = {__lt = function(a, b) log[#log + 1] = a.v .. "<" .. b.v; return a.v < b.v end}
local a = setmetatable({v = 1}, mt)
local b = setmetatable({v = 2}, mt)
print(a <= b, b <= a, a <= a)
print(a >= b, b >= a)
for i = 1, #log do print(log[i]) end
local nolt = setmetatable({}, {})
print(pcall(function() return nolt <= nolt end))
