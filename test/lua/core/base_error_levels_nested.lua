-- base: error levels 1, 2 and 3 blame successive callers
local function thrower(level) error("lvl" .. level, level) end
local function middle(level) thrower(level) end
local function top(level)
  middle(level)
end
print(pcall(top, 1))
print(pcall(top, 2))
print(pcall(top, 3))
local function validate(x)
  if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end
  return x
end
local function user()
  return validate("str")
end
print(pcall(user))
local function user2()
  local r = validate({})
  return r
end
print(pcall(user2))
