-- tail calls inside coroutines (including a coroutine body that tail-calls yield)
local function countdown(n, acc)
  if n == 0 then return acc end
  if n % 20000 == 0 then coroutine.yield(n) end
  return countdown(n - 1, acc + 1)
end
local co = coroutine.create(function(n) return countdown(n, 0) end)
local r = {coroutine.resume(co, 100000)}
while coroutine.status(co) == "suspended" do
  print(table.unpack(r))
  r = {coroutine.resume(co)}
end
print(table.unpack(r))
-- body whose last statement is a tail call to yield
local co2 = coroutine.create(function(a) return coroutine.yield(a * 2) end)
print(coroutine.resume(co2, 21))
print(coroutine.resume(co2, "x", "y"))
print(coroutine.status(co2))
-- tail call to another function that yields, and to a C function
local function g(...) coroutine.yield("g", ...) return "g done", ... end
local w = coroutine.wrap(function(...) return g(...) end)
print(w(1, 2))
print(w())
local w2 = coroutine.wrap(function(...) return select('#', ...) end)
print(w2(nil, nil, nil))
-- mutual tail recursion across yields
local even, odd
function even(n) if n == 0 then return true end if n % 1000 == 0 then coroutine.yield(n) end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
local w3 = coroutine.wrap(function() return even(4000) end)
local v = w3()
while type(v) == "number" do io.write(v, " ") v = w3() end
print(v)
