-- unbounded nesting of resumes ends with "C stack overflow" (about 200 levels in 5.3)
local depth = 0
local function go()
  depth = depth + 1
  local co = coroutine.create(go)
  local ok, e = coroutine.resume(co)
  if not ok then error(e, 0) end
end
local ok, e = pcall(go)
print(ok, e, depth > 150 and depth < 250)
-- the same through wrap: the error is a string, so each level adds a position
depth = 0
local function gw()
  depth = depth + 1
  return coroutine.wrap(gw)()
end
local ok2, e2 = pcall(gw)
print(ok2, (e2:gsub("^.-C stack overflow", "C stack overflow")), depth > 150 and depth < 250)
-- the main program is fine afterwards
print(coroutine.wrap(function() return "still works" end)())
