-- resuming the running coroutine, and resuming a normal coroutine
local co
co = coroutine.create(function()
  print(coroutine.resume(co))
  local inner = coroutine.create(function()
    print("inner resumes outer:", coroutine.resume(co))
    print("outer status:", coroutine.status(co))
  end)
  print(coroutine.resume(inner))
  return "end"
end)
print(coroutine.resume(co))
-- the main thread is not a suspended coroutine
local main = coroutine.running()
print(pcall(coroutine.resume, main))
print(coroutine.resume(main))
