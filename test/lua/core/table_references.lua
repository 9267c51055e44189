-- tables: tables are references; equality is identity
local a = {1}
local b = a
b[1] = "changed"
print(a[1], a == b, a == {1})
local function mutate(t) t.touched = true end
mutate(a)
print(b.touched)
local c = {a, a}
c[1][1] = "via c"
print(c[2][1], a[1])
