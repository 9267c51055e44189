-- metamethods: __eq is taken from first operand, then second
local ma = {__eq = function() return "A" end}
local mb = {__eq = function() return false end}
local a, b = setmetatable({}, ma), setmetatable({}, mb)
print(a == b, b == a)
local plain = {}
print(plain == a, a == plain)
