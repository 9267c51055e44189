-- closures: independent counters each with their own upvalue
local function counter(start)
  local n = start
  return function() n = n + 1; return n end
end
local c1, c2 = counter(0), counter(100)
print(c1(), c1(), c2(), c1(), c2())
local c3 = counter(0)
print(c3(), c1())
