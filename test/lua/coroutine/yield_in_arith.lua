-- yield inside arithmetic, bitwise and unary metamethods
local V = {}
V.__index = V
local function new(n) return setmetatable({n = n}, V) end
V.__add = function(a, b) local r = coroutine.yield("add") return new(a.n + b.n + r) end
V.__sub = function(a, b) coroutine.yield("sub") return new(a.n - b.n) end
V.__mul = function(a, b) coroutine.yield("mul") return new(a.n * (type(b) == "number" and b or b.n)) end
V.__unm = function(a) coroutine.yield("unm") return new(-a.n) end
V.__idiv = function(a, b) coroutine.yield("idiv") return new(a.n // b.n) end
V.__band = function(a, b) coroutine.yield("band") return new(a.n & b.n) end
V.__shl = function(a, b) coroutine.yield("shl") return new(a.n << b) end
V.__bnot = function(a) coroutine.yield("bnot") return new(~a.n) end
local co = coroutine.create(function()
  local x = new(5) + new(7)
  local y = x - new(2)
  local z = y * 3
  local w = -z
  local q = new(100) // new(7)
  local b = new(12) & new(10)
  local s = new(1) << 4
  local n = ~new(0)
  return x.n, y.n, z.n, w.n, q.n, b.n, s.n, n.n
end)
local ok, v = coroutine.resume(co)
while coroutine.status(co) == "suspended" do
  io.write(tostring(v), " ")
  ok, v = coroutine.resume(co, 1000)
end
print()
print(ok, v)
print(select(2, coroutine.resume(coroutine.create(function()
  return (new(1) + new(2)).n
end))))
