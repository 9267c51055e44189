-- the env parameter of load
local env = {x = 10, print = print}
local f = load("y = x * 2 return x, y", "c", "t", env)
print(f())
print(env.y, y)
-- env table with a metatable
local logged = {}
local proxy = setmetatable({}, {
  __index = function(_, k) logged[#logged + 1] = "get " .. k return _G[k] end,
  __newindex = function(t, k, v) logged[#logged + 1] = "set " .. k rawset(t, k, v) end,
})
load("a = 1; b = tostring(a) .. type(a)", "c", "t", proxy)()
print(proxy.a, proxy.b, table.concat(logged, ", "))
-- the env of a loaded chunk is shared by the functions it defines
local e2 = {}
load("function get() return v end function set(n) v = n end", "c", "t", e2)()
e2.set(5)
print(e2.get(), e2.v, rawget(_G, "get"))
-- env can be any value; indexing a non-table fails at run time
local fs = load("return x", "=strenv", "t", "a string env")
print(pcall(fs))
local fn = load("return tostring", "=numenv", "t", 3)
print(pcall(fn))
local fstr = load("return type(len)", "=strmeta", "t", setmetatable({}, {__index = function(_, k) return ("")[k] or _G[k] end}))
print(pcall(fstr))
-- _ENV inside a loaded chunk is the env table
local e3 = {}
print(load("return _ENV", "c", "t", e3)() == e3)
print(load("return _ENV")() == _G)
-- the same source loaded with different envs
local src = "counter = (counter or 0) + 1 return counter"
local ea, eb = {}, {}
local fa, fb = load(src, "c", "t", ea), load(src, "c", "t", eb)
print(fa(), fa(), fb(), ea.counter, eb.counter)
