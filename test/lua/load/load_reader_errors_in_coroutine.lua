-- reader errors when load is called directly from Lua code (inside a coroutine,
-- so that the standalone interpreter's message handler is not active)
coroutine.wrap(function()
  print(load(function() return {} end))
  print(load(function() return 42 < 1 end, "=named"))
  print(load(function() error("reader raised") end))
  print(load(function() error("reader raised, level 0", 0) end))
  local r = table.pack(load(function() error(setmetatable({}, {__tostring = function() return "obj" end})) end))
  print(r.n, r[1], tostring(r[2]))
  local calls = 0
  print(load(function() calls = calls + 1 if calls < 3 then return "local x = 1 " end error("late failure", 0) end))
  print(calls)
end)()
