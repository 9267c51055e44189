-- calls: obj:m() passes self; a.b.c:m(...) on nested fields
local obj = {name = "obj"}
function obj:greet(greeting) return greeting .. ", " .. self.name end
function obj.static(x) return "static " .. type(x) end
print(obj:greet("hi"), obj.greet(obj, "hello"), obj.greet({name = "other"}, "hey"))
print(obj.static(1), obj:static())
local a = {b = {c = {v = 42}}}
function a.b.c:get(...) return self.v, select('#', ...), ... end
print(a.b.c:get())
print(a.b.c:get(1, nil, 3))
local key = "get"
print(a.b.c[key](a.b.c, "indexed"))
local calls = 0
local function getobj() calls = calls + 1; return obj end
print(getobj():greet("once"), calls)
