-- debug.traceback inside functions and coroutines: first two lines only
local function head(s, n)
  local out, i = {}, 0
  for line in (s .. "\n"):gmatch("([^\n]*)\n") do
    i = i + 1
    if i > n then break end
    out[#out + 1] = line
  end
  return table.concat(out, " | ")
end
local function lvl1() return debug.traceback("in lvl1", 1) end
local function lvl2() return debug.traceback("caller of lvl2", 2) end
print(head(lvl1(), 2))
print(head(lvl2(), 2))
print(head(debug.traceback("main", 1), 2))
-- traceback of another coroutine
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(head(debug.traceback(co), 1))
print(head(debug.traceback(co, "co msg"), 2))
-- xpcall with traceback from nested calls
local function a() error("deep error") end
local function b() a() end
local ok, msg = xpcall(b, debug.traceback)
print(ok, head(msg, 2))
