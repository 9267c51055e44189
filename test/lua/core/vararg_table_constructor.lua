-- varargs: {...} captures values, holes counted with select
local function pack(...) return {n = select('#', ...), ...} end
local p = pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])
local q = pack()
print(q.n, q[1])
local r = pack(nil, nil)
print(r.n)
local function unpack_n(t, i, n)
  i = i or 1
  if i <= n then return t[i], unpack_n(t, i + 1, n) end
end
print(unpack_n(p, 1, p.n))
print(select('#', unpack_n(p, 1, p.n)))
