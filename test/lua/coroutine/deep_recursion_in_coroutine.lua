-- recursion 10000 deep inside a coroutine, with yields at the bottom and on the way up
local function rec(n)
  if n == 0 then
    local v = coroutine.yield("bottom")
    return v
  end
  local r = rec(n - 1)
  if n % 2500 == 0 then coroutine.yield("up " .. n) end
  return r + 1
end
local co = coroutine.create(rec)
print(coroutine.resume(co, 10000))
local ok, v = coroutine.resume(co, 0)
while coroutine.status(co) == "suspended" do
  print(ok, v)
  ok, v = coroutine.resume(co)
end
print(ok, v)
-- non-tail recursive sum inside wrap
local w = coroutine.wrap(function(n)
  local function sum(k) if k == 0 then return 0 end return k + sum(k - 1) end
  return sum(n)
end)
print(w(10000))
