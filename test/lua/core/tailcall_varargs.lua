-- tail calls: tail calls with varargs and through multiple functions keep the stack flat
local function loop(n, ...)
  if n == 0 then return select('#', ...), ... end
  return loop(n - 1, ...)
end
print(loop(500000, "a", nil, "c"))
local a, b, c
function a(n) if n == 0 then return "a end" end return b(n - 1) end
function b(n) if n == 0 then return "b end" end return c(n - 1) end
function c(n) if n == 0 then return "c end" end return a(n - 1) end
print(a(300000), a(300001), a(300002))
