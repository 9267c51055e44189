-- tostring's __tostring is called from C: yielding there is an error in 5.3
local obj = setmetatable({}, {__tostring = function() coroutine.yield("from tostring") return "str" end})
local co = coroutine.create(function() return tostring(obj) end)
print(coroutine.resume(co))
print(coroutine.status(co))
-- print also calls tostring
local co2 = coroutine.create(function() print(obj) end)
print(coroutine.resume(co2))
-- caught by pcall inside the coroutine
local co3 = coroutine.create(function()
  local ok, e = pcall(tostring, obj)
  coroutine.yield(ok, e)
  return "after"
end)
print(coroutine.resume(co3))
print(coroutine.resume(co3))
