-- varargs: the main chunk is a vararg function (no script args here)
print(select('#', ...))
local a, b = ...
print(a, b)
local t = {...}
print(#t)
local function f(...) return select('#', ...) end
print(f(...))
