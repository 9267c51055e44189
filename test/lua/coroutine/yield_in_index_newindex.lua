-- yield inside __index and __newindex metamethods
local log = {}
local mt = {
  __index = function(t, k) local v = coroutine.yield("index", k) return v end,
  __newindex = function(t, k, v) local ok = coroutine.yield("newindex", k, v) if ok then rawset(t, k, v) end end,
}
local co = coroutine.wrap(function()
  local t = setmetatable({}, mt)
  local a = t.foo
  local b = t[1] .. "!"
  t.x = 10
  t.y = 20
  return a, b, rawget(t, "x"), rawget(t, "y")
end)
print(co())
print(co("FOO"))
print(co("one"))
print(co(true))
print(co(false))
-- chained __index tables with a function at the end
local base = setmetatable({}, {__index = function(_, k) return coroutine.yield("deep " .. k) end})
local mid = setmetatable({}, {__index = base})
local top = setmetatable({}, {__index = mid})
local co2 = coroutine.wrap(function() return top.z, top.w end)
print(co2())
print(co2(1))
print(co2(2))
