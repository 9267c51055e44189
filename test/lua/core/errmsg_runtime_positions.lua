-- error messages: line numbers point at the failing expression line
local function f()
  local a = 1
  local b = nil
  return a +
    b
end
print(pcall(f))
local function g()
  error("explicit")
end
print(pcall(g))
print(pcall(function()
  local t = {}
  return t.x.y
end))
