-- metamethods: __call with extra arguments and nested __call objects
local obj = setmetatable({name = "obj"}, {__call = function(self, a, b)
  return self.name, a, b
end})
print(obj(1, 2))
print(obj())
local inner = setmetatable({}, {__call = function(self, ...) return "inner", select('#', ...), ... end})
local outer = setmetatable({}, {__call = inner})
print(pcall(outer, "x"))
local adder = setmetatable({}, {__call = function(_, x) return function(y) return x + y end end})
print(adder(3)(4))
print(pcall(setmetatable({}, {__call = 5})))
local t = {f = obj}
print(t.f("via field"))
