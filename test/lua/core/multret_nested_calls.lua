-- multiple returns: nested call results expanded only in last argument position
local function two() return "a", "b" end
local function count(...) return select('#', ...) end
print(count(two(), two()), count(two(), (two())), count(two(), two(), two()))
print(count({two()}), count(#{two(), two()}))
local function wrap(...) return count(...), ... end
print(wrap(two()))
print(wrap(two(), nil))
print(wrap((two())))
local t = {}
t.a, t.b, t.c = two()
print(t.a, t.b, t.c)
local x, y, z = 1, two()
print(x, y, z)
