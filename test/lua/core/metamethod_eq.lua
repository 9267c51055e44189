-- metamethods: __eq only for two tables (or userdata), result coerced to boolean
local calls = 0
local mt = {__eq = function(a, b) calls = calls + 1; return a.id == b.id end}
local a = setmetatable({id = 1}, mt)
local b = setmetatable({id = 1}, mt)
local c = setmetatable({id = 2}, mt)
print(a == b, a ~= b, a == c, a ~= c, calls)
print(a == 1, a == "x", a == nil, calls)
print(a == a, calls)
local other = setmetatable({id = 1}, {__eq = function() return "truthy" end})
print(a == other, other == a)
local plain = {id = 1}
print(a == plain, plain == a)
local nilres = setmetatable({}, {__eq = function() return nil end})
print(nilres == setmetatable({}, {}), rawequal(a, b))
