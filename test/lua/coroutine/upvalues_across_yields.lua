-- closing over upvalues across yields
local shared = 0
local co = coroutine.wrap(function()
  local local_counter = 0
  local function bump() local_counter = local_counter + 1 shared = shared + 10 return local_counter end
  while true do
    local n = coroutine.yield(bump, local_counter)
    if n == "stop" then return local_counter end
  end
end)
local bump, c = co()
print(c, shared)
print(bump(), bump(), shared)
local _, c2 = co()
print(c2)
print(co("stop"))
print(bump(), shared)
-- closures created in a loop inside a coroutine, each captures a fresh variable
local fns = {}
local gen = coroutine.wrap(function()
  for i = 1, 3 do
    local x = i * 10
    fns[i] = function() x = x + 1 return x end
    coroutine.yield(i)
  end
end)
gen() gen() gen()
print(fns[1](), fns[2](), fns[3](), fns[1]())
-- an upvalue modified by the main thread while the coroutine is suspended
local value = "initial"
local watcher = coroutine.wrap(function()
  while true do coroutine.yield(value) end
end)
print(watcher())
value = "changed"
print(watcher())
-- coroutines sharing one upvalue
local box = 0
local inc = coroutine.wrap(function() while true do box = box + 1 coroutine.yield(box) end end)
local dbl = coroutine.wrap(function() while true do box = box * 2 coroutine.yield(box) end end)
print(inc(), dbl(), inc(), dbl(), box)
