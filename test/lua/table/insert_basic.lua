-- table.insert: appending, inserting at positions, nil values, results
local function show(t, n)
  local parts = {}
  for i = 1, n or #t do parts[#parts + 1] = tostring(t[i]) end
  print(#t, table.concat(parts, " "))
end

local t = {}
print(select('#', table.insert(t, "a")))
table.insert(t, "b")
table.insert(t, 1, "c")
table.insert(t, 2, "d")
table.insert(t, #t + 1, "e")
show(t)
table.insert(t, 1, 10)
table.insert(t, 3, 2.5)
show(t)
-- inserting nil at the end is a no-op for the length
table.insert(t, nil)
show(t)
-- position given as a float with an integral value, or a numeric string
table.insert(t, 2.0, "f")
table.insert(t, "3", "g")
show(t)
-- inserting nil in the middle shifts the rest up
local u = {1, 2, 3}
table.insert(u, 2, nil)
show(u, 4)
print(u[1], u[2], u[3], u[4])
-- many appends and front inserts
local big = {}
for i = 1, 1000 do table.insert(big, i) end
for i = 1, 100 do table.insert(big, 1, -i) end
print(#big, big[1], big[100], big[101], big[1100])
local sum = 0
for i = 1, #big do sum = sum + big[i] end
print(sum)
-- insert keeps keys that follow the array part
local h = {1, 2, 3}
h[5] = 5
table.insert(h, 1, 0)
print(h[1], h[2], h[3], h[4], h[5])
-- the table library looks names up at call time
local ins = table.insert
local w = {}
ins(w, "x")
ins(w, 1, "y")
print(w[1], w[2])
