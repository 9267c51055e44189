-- program: fibonacci iterative, recursive and memoised, integer overflow at fib(93)
local function fib_iter(n)
  local a, b = 0, 1
  for _ = 1, n do a, b = b, a + b end
  return a
end
local function fib_rec(n) if n < 2 then return n end return fib_rec(n - 1) + fib_rec(n - 2) end
local memo = {}
local function fib_memo(n)
  if n < 2 then return n end
  local v = memo[n]
  if v then return v end
  v = fib_memo(n - 1) + fib_memo(n - 2)
  memo[n] = v
  return v
end
print(fib_iter(10), fib_rec(20), fib_memo(80))
print(fib_iter(92), fib_iter(93))
print(fib_memo(92) == fib_iter(92))
