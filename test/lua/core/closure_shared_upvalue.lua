-- closures: sibling closures share the same upvalue
local function pair()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  local function inc() v = v + 1 end
  return get, set, inc
end
local get, set, inc = pair()
print(get())
set(10); inc(); inc()
print(get())
local get2 = pair()
print(get2(), get())
local x = 1
local function f() return x end
x = 2
print(f())
