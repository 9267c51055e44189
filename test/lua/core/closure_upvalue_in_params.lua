-- closures: parameters captured as upvalues and modified
local function acc(total)
  return function(x) total = total + x; return total end
end
local a = acc(10)
print(a(1), a(2), a(3))
local function swapper(x, y)
  return function() x, y = y, x; return x, y end
end
local s = swapper("l", "r")
print(s())
print(s())
