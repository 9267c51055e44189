-- generator combinators: map, filter, take, zip, chain built on wrap
local function gen(t) return coroutine.wrap(function() for _, v in ipairs(t) do coroutine.yield(v) end end) end
local function count(from) return coroutine.wrap(function() local i = from while true do coroutine.yield(i) i = i + 1 end end) end
local function map(f, g) return coroutine.wrap(function() for v in g do coroutine.yield(f(v)) end end) end
local function filter(p, g) return coroutine.wrap(function() for v in g do if p(v) then coroutine.yield(v) end end end) end
local function take(n, g) return coroutine.wrap(function() for i = 1, n do local v = g() if v == nil then return end coroutine.yield(v) end end) end
local function zip(g1, g2) return coroutine.wrap(function() while true do local a, b = g1(), g2() if a == nil or b == nil then return end coroutine.yield(a, b) end end) end
local function chain(...) local gs = {...} return coroutine.wrap(function() for _, g in ipairs(gs) do for v in g do coroutine.yield(v) end end end) end
local function collect(g) local t = {} for v in g do t[#t + 1] = tostring(v) end return table.concat(t, ",") end
print(collect(take(5, count(1))))
print(collect(take(6, filter(function(v) return v % 3 == 0 end, map(function(v) return v * v end, count(1))))))
for a, b in zip(gen{"x", "y", "z"}, count(100)) do print(a, b) end
print(collect(chain(gen{1, 2}, gen{}, gen{3}, take(2, count(10)))))
-- primes sieve with a chain of filter coroutines
local function sieve(n)
  local src = count(2)
  local out = {}
  for i = 1, n do
    local p = src()
    out[#out + 1] = p
    local prev = src
    src = filter(function(v) return v % p ~= 0 end, prev)
  end
  return table.concat(out, " ")
end
print(sieve(25))
