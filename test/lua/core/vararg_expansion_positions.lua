-- varargs: ... expands fully only at the end of a list
local function f(...) return ... end
local function show(...) print(select('#', ...), ...) end
show(f(1, 2, 3))
show(f(1, 2, 3), 10)
show(10, f(1, 2, 3))
show((f(1, 2, 3)))
show(f())
show(f(), 1)
show(1, f())
local function g(...)
  local a, b = ...
  local t = {..., "end"}
  local u = {"start", ...}
  return a, b, #t, #u
end
print(g(1, 2, 3))
