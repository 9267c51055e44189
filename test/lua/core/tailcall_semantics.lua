-- tail calls: results are returned unchanged; non-tail forms adjust values
local function multi() return 1, 2, 3 end
local function tail() return multi() end
local function notail() return (multi()) end
local function notail2() local r = multi() return r end
print(tail())
print(notail())
print(notail2())
local callable = setmetatable({}, {__call = function(self, n)
  if n == 0 then return "callable done" end
  return self(n - 1)
end})
local function via(n) return callable(n) end
print(via(100000))
print(pcall(function() return error("tail error", 0) end))
