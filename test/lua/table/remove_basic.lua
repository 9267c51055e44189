-- table.remove: from the end, from positions, edge positions
local t = {"a", "b", "c", "d", "e"}
print(table.remove(t), #t)
print(table.remove(t, 1), #t, t[1], t[2], t[3])
print(table.remove(t, 2), #t, t[1], t[2])
print(table.remove(t, #t + 1), #t)
print(table.remove(t, 1), table.remove(t, 1), #t)
print(table.remove(t), #t)
print(select('#', table.remove(t)), #t)
print(table.remove({}, 0))
print(table.remove({}, 1))
-- with a zero key: removing from an empty table reads t[0]
local z = {[0] = "zero"}
print(table.remove(z), z[0])
local z2 = {[0] = "zero", "one"}
print(pcall(table.remove, z2, 0))
print(table.remove(z2, 1), z2[0], z2[1], #z2)
-- position as a float / string
local u = {1, 2, 3}
print(table.remove(u, 2.0), table.remove(u, "1"), u[1], #u)
-- nil argument means the default
local v = {1, 2, 3}
print(table.remove(v, nil), #v)
-- removing everything one by one
local w = {}
for i = 1, 50 do w[i] = i * i end
local s = 0
while #w > 0 do s = s + table.remove(w, (#w + 1) // 2) end
print(s, #w)
-- keys after the array part
local h = {1, 2, 3}
h[5] = "five"
print(table.remove(h, 1), h[1], h[2], h[3], h[4], h[5])
