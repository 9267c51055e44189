-- fib.lua: recursive fib(30), computed REPS times.
-- Measures: Lua-to-Lua CALL/RETURN, upvalue access to the recursive local
-- function, small-integer compare/add/sub. fib(30) makes 1,664,079 calls.
local N, REPS = 30, 3

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local total = 0
for _ = 1, REPS do
  total = total + fib(N)
end
return total -- 3 * 832040 = 2496120
