-- metamethods: rawequal bypasses __eq; ~= uses __eq negated
local mt = {__eq = function() return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a == b, a ~= b, rawequal(a, b), not rawequal(a, b))
local never = {__eq = function() return false end}
local c = setmetatable({}, never)
print(c == c, rawequal(c, c))
local t = {}
t[a] = "a"
print(t[b], t[a])
