-- varargs passed to loaded chunks
local f = load("return select('#', ...), ...")
print(f())
print(f(1))
print(f(nil))
print(f(1, nil, 3, nil))
local g = load("local a, b, c = ... return c, b, a")
print(g("A", "B", "C", "D"))
local h = load("local t = {...} return #t, t[1], t[#t]")
print(h(10, 20, 30))
local k = load("return table.pack(...).n")
print(k(table.unpack({}, 1, 50)))
-- a loaded chunk can pass its varargs on
local fwd = load("local function cnt(...) return select('#', ...) end return cnt(...), cnt(..., 'extra'), cnt('first', ...)")
print(fwd(1, 2, 3))
-- varargs inside nested functions must be explicit
print(load("function f() return ... end"))
print(load("return function(...) return ... end")()(7, 8))
