-- isyieldable in various contexts
local function report(tag) print(tag, coroutine.isyieldable()) end
report("main")
pcall(report, "main pcall")
coroutine.wrap(function()
  report("coroutine")
  pcall(report, "coroutine pcall")
  xpcall(report, print, "coroutine xpcall")
  local t = setmetatable({}, {__index = function() report("coroutine __index") return 1 end})
  local _ = t.x
  table.sort({3, 2, 1}, function(a, b) report("sort comparator") return a < b end)
  string.gsub("a", "a", function() report("gsub callback") end)
  local s = tostring(setmetatable({}, {__tostring = function() report("__tostring") return "" end}))
  xpcall(function() error("e") end, function(m) report("xpcall handler") return m end)
  coroutine.wrap(function() report("nested") end)()
  report("after nested")
end)()
report("main again")
