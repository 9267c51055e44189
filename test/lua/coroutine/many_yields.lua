-- a coroutine that yields 100000 times
local N = 100000
local co = coroutine.create(function()
  local s = 0
  for i = 1, N do s = s + coroutine.yield(i) end
  return s
end)
local ok, v = coroutine.resume(co)
local count, total = 0, 0
while coroutine.status(co) == "suspended" do
  count = count + 1
  total = total + v
  ok, v = coroutine.resume(co, 2)
end
print(count, total, ok, v)
local w = coroutine.wrap(function() for i = 1, N do coroutine.yield() end return "end" end)
local r
for i = 1, N + 1 do r = w() end
print(r)
