-- varargs: each function has its own ..., closures must capture via locals
local function outer(...)
  local captured = {...}
  local n = select('#', ...)
  return function() return n, captured[1], captured[n] end
end
print(outer("a", "b", "c")())
local function mixed(a, b, ...)
  return a, b, select('#', ...), ...
end
print(mixed(1))
print(mixed(1, 2, 3, 4))
print(mixed())
