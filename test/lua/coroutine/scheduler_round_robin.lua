-- a round-robin scheduler with several tasks; tasks finish at different times
local tasks = {}
local log = {}
local function spawn(name, n)
  tasks[#tasks + 1] = {name = name, co = coroutine.create(function()
    for i = 1, n do
      log[#log + 1] = name .. i
      coroutine.yield()
    end
    return name .. " finished"
  end)}
end
spawn("a", 3) spawn("b", 1) spawn("c", 4) spawn("d", 2)
while #tasks > 0 do
  local i = 1
  while i <= #tasks do
    local t = tasks[i]
    local ok, res = coroutine.resume(t.co)
    if coroutine.status(t.co) == "dead" then
      log[#log + 1] = "[" .. tostring(res) .. "]"
      table.remove(tasks, i)
    else
      i = i + 1
    end
  end
end
print(table.concat(log, " "))
-- coroutines as table keys and equality
local c1 = coroutine.create(function() end)
local c2 = coroutine.create(function() end)
local set = {[c1] = "one", [c2] = "two"}
print(set[c1], set[c2], c1 == c2, c1 == c1, rawequal(c1, c1))
print(type(c1), tostring(c1):match("^thread: ") ~= nil)
-- passing coroutine objects through resume
local echo = coroutine.create(function(x) local y = coroutine.yield(x) return y end)
local _, got = coroutine.resume(echo, c1)
print(got == c1)
local _, got2 = coroutine.resume(echo, echo)
print(got2 == echo, coroutine.status(echo))
