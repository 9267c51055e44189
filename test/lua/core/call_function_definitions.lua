-- functions: definition forms, nested names, anonymous, immediately invoked
function globalf(x) return "global " .. x end
local t = {inner = {}}
function t.inner.deep(x) return "deep " .. x end
function t.inner:meth(x) return self == t.inner, x end
print(globalf(1), t.inner.deep(2), t.inner:meth(3))
print((function(...) return select('#', ...) end)(1, 2, 3))
local f = function() return "anon" end
print(f())
local rec = {}
rec.fn = function(n) return n == 0 and "end" or rec.fn(n - 1) end
print(rec.fn(3))
print(type(globalf), globalf == _G.globalf)
