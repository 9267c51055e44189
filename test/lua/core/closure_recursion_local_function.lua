-- closures: local function can call itself; local f = function cannot
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20), fact(21))
local g = function(n) return n end
local g = function(n) if n == 0 then return "base" end return g(n - 1) end
print(g(3))
print(pcall(function()
  local h = function(n) if n == 0 then return 0 end return h(n - 1) end
  return h(2)
end))
