-- metamethods: __call forwards all arguments including nils and many values
local obj = setmetatable({}, {__call = function(self, ...) return select('#', ...), ... end})
print(obj())
print(obj(nil))
print(obj(1, nil, 3, nil))
local function many(n) if n > 0 then return n, many(n - 1) end end
print(select(1, obj(many(100))))
print(pcall(obj, "through pcall"))
local m = {}
m.f = obj
local n, self, x = m:f(2)
print(n, self == m, x)
