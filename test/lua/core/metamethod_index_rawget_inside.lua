-- metamethods: defaults via __index, memoisation via rawset inside __index
local computed = 0
local fib = setmetatable({[1] = 1, [2] = 1}, {__index = function(self, n)
  computed = computed + 1
  local v = self[n - 1] + self[n - 2]
  rawset(self, n, v)
  return v
end})
print(fib[50], computed)
print(fib[51], computed)
local defaults = setmetatable({}, {__index = function() return 0 end})
defaults.x = defaults.x + 5
defaults.x = defaults.x + 5
print(defaults.x, defaults.y)
