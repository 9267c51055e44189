-- multiple returns: multiple assignment evaluates all expressions before assigning
local a, b = 1, 2
a, b = b, a
print(a, b)
local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, "changed"
print(i, t[1], t[2])
local x, y, z = (function() return 1, 2 end)()
print(x, y, z)
local q = {}
q.a, q.b, q.c = 1
print(q.a, q.b, q.c)
