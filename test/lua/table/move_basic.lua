-- table.move: within a table (both directions), between tables, the result
local function show(t, a, b)
  local parts = {}
  for i = a, b do parts[#parts + 1] = tostring(t[i]) end
  print(table.concat(parts, " "))
end
local t = {1, 2, 3, 4, 5}
print(table.move(t, 1, 3, 3) == t)
show(t, 1, 6)
t = {1, 2, 3, 4, 5}
table.move(t, 2, 5, 1)
show(t, 1, 6)
t = {1, 2, 3, 4, 5}
table.move(t, 1, 5, 2)
show(t, 1, 7)
t = {1, 2, 3}
table.move(t, 1, 3, 1)
show(t, 1, 3)
-- empty ranges do nothing
t = {1, 2, 3}
table.move(t, 3, 1, 1)
table.move(t, 0, -5, 10)
show(t, 1, 4)
-- to another table
local a, b = {1, 2, 3}, {"x", "y", "z", "w"}
print(table.move(a, 1, 3, 2, b) == b)
show(b, 1, 5)
-- nil holes are copied as nil
local h = {1, nil, 3}
local d = {9, 9, 9, 9}
table.move(h, 1, 3, 1, d)
show(d, 1, 4)
-- destination given as nil means the same table
t = {1, 2, 3}
table.move(t, 1, 2, 2, nil)
show(t, 1, 3)
-- negative and zero indices
local n = {[-2] = "a", [-1] = "b", [0] = "c"}
table.move(n, -2, 0, 1)
show(n, -2, 3)
-- arguments as strings and integral floats
t = {1, 2, 3}
table.move(t, "1", 2.0, "3")
show(t, 1, 4)
-- near the end of the integer range
local e = {}
table.move({1, 2, 3}, 1, 3, math.maxinteger - 2, e)
print(e[math.maxinteger - 2], e[math.maxinteger - 1], e[math.maxinteger])
local f = {}
f[math.mininteger] = "lo"
f[math.mininteger + 1] = "lo2"
local g = table.move(f, math.mininteger, math.mininteger + 1, 1, {})
print(g[1], g[2])
-- a large move that overlaps
local big = {}
for i = 1, 10000 do big[i] = i end
table.move(big, 1, 10000, 5001)
print(#big, big[1], big[5000], big[5001], big[15000])
table.move(big, 5001, 15000, 1)
print(big[1], big[10000], big[10001])
