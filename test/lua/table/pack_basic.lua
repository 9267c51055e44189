-- table.pack: the n field and the elements
local p = table.pack()
print(p.n, #p, p[1])
p = table.pack(1, 2, 3)
print(p.n, #p, p[1], p[2], p[3])
p = table.pack(nil)
print(p.n, #p, p[1])
p = table.pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])
p = table.pack(nil, nil, "x")
print(p.n, p[3])
p = table.pack("a", "b", nil)
print(p.n, #p, p[1], p[2], p[3])
local function count(...) return table.pack(...).n end
print(count(), count(nil), count(nil, nil), count(1, nil, nil, nil))
local many = {}
for i = 1, 300 do many[i] = i end
local q = table.pack(table.unpack(many))
print(q.n, #q, q[300])
local s = 0
for k, v in pairs(q) do if k ~= "n" then s = s + v end end
print(s)
-- pack and unpack round trip
local r = table.pack(table.unpack({1, 2, 3}, 1, 5))
print(r.n, r[1], r[2], r[3], r[4], r[5])
print(table.unpack(r, 1, r.n))
-- the result is a fresh table each time
print(rawequal(table.pack(), table.pack()))
