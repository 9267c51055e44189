-- base: nested xpcall/pcall, handler sees runtime error messages with positions
local function h(m) return "outer handler: " .. tostring(m) end
print(xpcall(function()
  local ok, e = xpcall(function() local t; return t.x end, function(m) return "inner: " .. m end)
  print(ok, e)
  error("rethrown", 0)
end, h))
print(xpcall(function() return pcall(error, "deep") end, h))
print(xpcall(function() error() end, function(m) return m == nil end))
print(pcall(xpcall, function() error("x") end, nil))
