-- error messages: runtime errors are strings; error() objects pass unchanged through nested pcall
local ok, e = pcall(function() local x = nil; return x.y end)
print(ok, type(e))
local obj = {}
local ok2, e2 = pcall(function()
  local ok3, e3 = pcall(error, obj)
  error(e3)
end)
print(ok2, e2 == obj)
print(pcall(function() error(setmetatable({}, {__tostring = function() return "TS" end})) end) == false)
