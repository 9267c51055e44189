-- metamethods: __unm receives the operand (twice in 5.3) and is used for tables/strings
local mt = {__unm = function(a, b) return "neg(" .. a.v .. ")", rawequal(a, b) end}
local x = setmetatable({v = "x"}, mt)
print(-x)
print(-(-x ~= nil and x or x))
print(pcall(function() return -{} end))
print(-"2", -"-2.5")
print(pcall(function() return -"abc" end))
