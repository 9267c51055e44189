-- coroutines.lua: coroutine switching.
-- Measures: resume/yield ping-pong between two coroutines passing values both
-- ways (about 1.2M switches), a generator built with coroutine.wrap consumed by a
-- for loop, and creating many short-lived coroutines. All integers stay in int32.
local SWITCHES = 400000   -- ping-pong rounds: 2 switches each, plus a yield to the main thread every other round
local GEN_N = 200000      -- values produced by the wrap generator
local SHORT = 20000       -- short-lived coroutines created and run to completion
local MOD = 1000003

-- ping-pong: `pong` echoes a transformed value back, `ping` drives it from
-- inside another coroutine, so each round crosses two coroutine boundaries.
local pong = coroutine.create(function(v)
  while true do
    v = coroutine.yield((v * 7 + 3) % MOD)
  end
end)
local ping = coroutine.create(function(n)
  local acc = 1
  for i = 1, n do
    local _, r = coroutine.resume(pong, acc + i)
    acc = (acc + r) % MOD
    if i % 2 == 0 then coroutine.yield(acc) end
  end
  return acc
end)
local check = 0
local ok, v = coroutine.resume(ping, SWITCHES)
while coroutine.status(ping) == "suspended" do
  check = (check + v) % MOD
  ok, v = coroutine.resume(ping)
end
check = (check + v) % MOD

-- generator: multiple values per yield
local gen = coroutine.wrap(function()
  for i = 1, GEN_N do coroutine.yield(i, i % 7) end
end)
for a, b in gen do
  check = (check + a * b) % MOD
end

-- short-lived coroutines: create, resume twice, finish
for i = 1, SHORT do
  local co = coroutine.create(function(x)
    local y = coroutine.yield(x + 1)
    return x + y
  end)
  local _, a = coroutine.resume(co, i)
  local _, b = coroutine.resume(co, a)
  check = (check + b) % MOD
end

return check
