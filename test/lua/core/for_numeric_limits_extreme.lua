-- numeric for: loops near maxinteger/mininteger terminate without overflow
local max = 9223372036854775807
local min = -9223372036854775807 - 1
for i = max - 2, max do print(i) end
for i = min + 2, min, -1 do print(i) end
local c = 0
for i = max - 1, 1e100 do c = c + 1 end
print("huge float limit", c)
c = 0
for i = min + 1, -1e100, -1 do c = c + 1 end
print("huge negative limit", c)
for i = 1, max, max do print("big step", i) end
for i = -1, min, min do print("big negative step", i) end
c = 0
for i = max, max + 0.0 do c = c + 1 end
print("float limit 2^63", c)
for i = 1, 0.9 do print("never") end
for i = 3, 2.9999 do print("never2") end
