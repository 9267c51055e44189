-- closures: mutually recursive local functions via forward declaration
local isodd
local function iseven(n) if n == 0 then return true end return isodd(n - 1) end
function isodd(n) if n == 0 then return false end return iseven(n - 1) end
print(iseven(10), isodd(10), iseven(7), isodd(7))
print(iseven(100001))
local t = {}
function t.a(n) if n <= 0 then return "a" end return t.b(n - 1) end
function t.b(n) if n <= 0 then return "b" end return t.a(n - 1) end
print(t.a(3), t.a(4))
