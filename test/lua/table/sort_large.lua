-- larger sorts: results and checksums (no equal-but-distinguishable elements beyond 100)
local seed = 12345
local function rand()
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed
end
local function check(t, lt)
  lt = lt or function(a, b) return a < b end
  for i = 2, #t do if lt(t[i], t[i - 1]) then return false end end
  return true
end
local function sum(t)
  local s = 0
  for i = 1, #t do s = (s * 31 + t[i]) % 1000000007 end
  return s
end
local a = {}
for i = 1, 20000 do a[i] = rand() % 100000 end
table.sort(a)
print(check(a), sum(a), a[1], a[20000])
local b = {}
for i = 1, 20000 do b[i] = rand() % 1000 end
table.sort(b, function(x, y) return x > y end)
print(check(b, function(x, y) return x > y end), sum(b))
local f = {}
for i = 1, 5000 do f[i] = (rand() % 100000) / 7 end
table.sort(f)
print(check(f), f[1], f[5000])
local s = {}
for i = 1, 5000 do s[i] = tostring(rand() % 100000) end
table.sort(s)
print(check(s), s[1], s[5000])
-- many duplicates
local d = {}
for i = 1, 10000 do d[i] = rand() % 3 end
table.sort(d)
print(check(d), d[1], d[5000], d[10000])
-- organ pipe and sawtooth shapes
local o = {}
for i = 1, 5000 do o[i] = i <= 2500 and i or 5001 - i end
table.sort(o)
print(check(o), o[1], o[5000])
local w = {}
for i = 1, 5000 do w[i] = i % 17 end
table.sort(w, function(x, y) return x < y end)
print(check(w), w[1], w[5000])
-- mixed integer and float values
local m = {}
for i = 1, 3000 do m[i] = i % 2 == 0 and (rand() % 1000) or (rand() % 1000) + 0.5 end
table.sort(m)
print(check(m), m[1], m[3000])
