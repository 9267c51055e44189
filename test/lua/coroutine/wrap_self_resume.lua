-- a wrapped coroutine calling itself, and resume of a normal coroutine through wrap.
-- lua 5.3.6 quirk: auxresume reports "cannot resume dead coroutine" when the target
-- coroutine's status is LUA_OK and lua_gettop(co) == 0, which is also true of a running
-- or normal coroutine whose current C frame (the wrap/resume call) has no arguments;
-- with arguments, lua_resume reports "cannot resume non-suspended coroutine".
local w
w = coroutine.wrap(function()
  local ok, e = pcall(w)
  coroutine.yield(ok, e)
  return "end"
end)
print(w())
print(w())
local outer
outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function()
    return pcall(outer)
  end)
  return inner()
end)
print(outer())
local v
v = coroutine.wrap(function()
  coroutine.yield(pcall(v, "with an argument"))
  coroutine.yield(pcall(v))
end)
print(v())
print(v())
local o2
o2 = coroutine.wrap(function(...)
  local inner = coroutine.wrap(function() return pcall(o2) end)
  return inner("arg")
end)
print(o2())
-- wrap returning all values of the body, including trailing nils
local w2 = coroutine.wrap(function(...) return ... end)
print(select('#', w2(nil, nil, nil)))
-- a wrap that yields a function that resumes it
local w3
w3 = coroutine.wrap(function()
  coroutine.yield(function() return w3() end)
  return "finished"
end)
local f = w3()
print(f())
