-- coroutine.wrap inside pcall, and pcall inside wrap
local ok, a, b = pcall(function()
  local w = coroutine.wrap(function(x) local y = coroutine.yield(x + 1) return y * 2 end)
  return w(1), w(10)
end)
print(ok, a, b)
local w = coroutine.wrap(function()
  local r = {pcall(function() coroutine.yield("yield in pcall") return "pcall body done" end)}
  coroutine.yield(table.unpack(r))
  return "finished"
end)
print(w())
print(w())
print(w())
print(pcall(w))
