-- a coroutine resuming another, 100 levels deep
local depth = 100
local statuses = {}
local cos = {}
local function make(level)
  return coroutine.create(function(x)
    if level < depth then
      cos[level + 1] = make(level + 1)
      local ok, v = coroutine.resume(cos[level + 1], x + 1)
      if level == 1 then statuses[#statuses + 1] = coroutine.status(cos[2]) end
      local y = coroutine.yield(v)
      local ok2, v2 = coroutine.resume(cos[level + 1], y + 1)
      return v2
    else
      -- the deepest: check the status of all the others
      local normal = 0
      for i = 1, depth - 1 do if coroutine.status(cos[i]) == "normal" then normal = normal + 1 end end
      statuses[#statuses + 1] = "normal count " .. normal
      statuses[#statuses + 1] = coroutine.status(cos[depth])
      local y = coroutine.yield(x * 1000)
      return y * 2
    end
  end)
end
cos[1] = make(1)
print(coroutine.resume(cos[1], 0))
print(table.concat(statuses, ", "))
print(coroutine.status(cos[1]), coroutine.status(cos[50]), coroutine.status(cos[100]))
print(coroutine.resume(cos[1], 5))
print(coroutine.status(cos[1]), coroutine.status(cos[50]), coroutine.status(cos[100]))
-- error at the bottom propagates level by level as resume results
local function chain(level)
  return coroutine.wrap(function()
    if level == 100 then error("bottom", 0) end
    return chain(level + 1)()
  end)
end
print(pcall(chain(1)))
