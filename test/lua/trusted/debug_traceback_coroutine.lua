-- debug.traceback(co, msg, level) describes the other coroutine's stack, not the caller's
-- (the third line is checked here because it shows whose stack is walked)
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
local tb = debug.traceback(co, "co msg", 0)
local lines = {}
for line in (tb .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
print(lines[1])
print(lines[2])
print(lines[3])
print(#lines >= 3)
