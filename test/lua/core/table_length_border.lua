-- tables: # on sequences, after appends and removals at the end
local t = {}
for i = 1, 10 do t[#t + 1] = i * i end
print(#t, t[10])
t[#t] = nil
print(#t)
t[#t] = nil
t[#t] = nil
print(#t)
local s = {n = 3}
print(#s)
local grow = {}
for i = 1, 100 do grow[i] = true end
print(#grow)
for i = 100, 51, -1 do grow[i] = nil end
print(#grow)
print(#{nil}, #{1, nil}, #{nil, nil, 3} >= 0)
