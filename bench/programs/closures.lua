-- closures.lua: creating and calling many closures, reading and updating upvalues.
-- Measures: CLOSURE creation (fresh upvalues per call / per loop iteration),
-- GETUPVAL/SETUPVAL, upvalues shared between sibling closures, closing
-- upvalues when a scope ends, and calling functions passed as values.
local N = 150000    -- outer iterations creating closures
local ROUNDS = 500  -- rounds over the captured-loop-variable closures
local MOD = 1000003

local function make_counter(step)
  local count = 0
  return function()
    count = count + step
    return count
  end
end

local function make_adder(x)
  return function(y) return x + y end
end

-- two closures sharing one upvalue
local function make_account()
  local balance = 0
  local function deposit(v) balance = balance + v end
  local function get() return balance end
  return deposit, get
end

-- higher-order helpers taking functions as arguments
local function compose(f, g)
  return function(x) return f(g(x)) end
end

local function fold(arr, n, f, acc)
  for i = 1, n do acc = f(acc, arr[i]) end
  return acc
end

local total = 0

-- 1. many short-lived closures
for i = 1, N do
  local c = make_counter(i % 7 + 1)
  c(); c()
  total = (total + c()) % MOD
  local add = make_adder(i)
  local add2 = compose(add, make_adder(2))
  total = (total + add2(3)) % MOD
  local deposit, get = make_account()
  deposit(i); deposit(5)
  total = (total + get()) % MOD
end

-- 2. closures capturing a fresh loop variable each iteration
local fs = {}
for i = 1, 100 do
  fs[i] = function(x) return x + i end
end
for r = 1, ROUNDS do
  for i = 1, 100 do
    total = (total + fs[i](r)) % MOD
  end
end

-- 3. one long-lived counter hammered through its upvalue
local tick = make_counter(3)
for _ = 1, N * 4 do tick() end
total = (total + tick()) % MOD

-- 4. fold with an anonymous closure that updates an outer local
local arr = {}
for i = 1, 1000 do arr[i] = i % 97 end
local seen = 0
for _ = 1, 150 do
  total = (total + fold(arr, 1000, function(acc, v)
    seen = seen + 1
    return (acc * 3 + v) % MOD
  end, 0)) % MOD
end

return (total + seen) % MOD
