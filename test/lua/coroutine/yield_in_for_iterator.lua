-- yield inside a generic-for iterator written in Lua
local function iter(t, i)
  i = i + 1
  local v = t[i]
  if v == nil then return nil end
  local extra = coroutine.yield("iter", i)
  return i, v, extra
end
local co = coroutine.create(function()
  local out = {}
  for i, v, e in iter, {"a", "b", "c"}, 0 do
    out[#out + 1] = i .. "=" .. v .. ":" .. tostring(e)
  end
  -- stateful closure iterator that yields
  local function counter(n)
    local k = 0
    return function()
      k = k + 1
      if k > n then return nil end
      coroutine.yield("closure", k)
      return k
    end
  end
  for k in counter(2) do out[#out + 1] = "k" .. k end
  -- __call metamethod used as an iterator
  local callable = setmetatable({n = 0}, {__call = function(self)
    self.n = self.n + 1
    if self.n > 2 then return nil end
    return coroutine.yield("callable", self.n)
  end})
  for x in callable do out[#out + 1] = "c" .. tostring(x) end
  return table.concat(out, " ")
end)
local n = 0
local res = {coroutine.resume(co)}
while coroutine.status(co) == "suspended" do
  n = n + 1
  print(res[2], res[3])
  res = {coroutine.resume(co, "E" .. n)}
end
print(res[1], res[2])
