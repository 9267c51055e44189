-- uncaught error raised inside a wrapped coroutine
local w = coroutine.wrap(function(a)
  coroutine.yield(a)
  error("wrapped failure: " .. a)
end)
print(w("x"))
w()
