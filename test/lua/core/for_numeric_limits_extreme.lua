-- numeric for: loops reaching maxinteger/mininteger (5.3.6 wraps around; guarded with break)
local max = 9223372036854775807
local min = -9223372036854775807 - 1
local function show(label, c, i) print(label, c, i) end
local c = 0
for i = max - 2, max do c = c + 1; show("up to max", c, i); if c >= 5 then break end end
c = 0
for i = 9223372036854775807 - 2, 9223372036854775807 do c = c + 1; show("literal", c, i); if c >= 5 then break end end
c = 0
for i = min + 2, min, -1 do c = c + 1; show("down to min", c, i); if c >= 5 then break end end
c = 0
for i = max - 1, 1e100 do c = c + 1; show("huge float limit", c, i); if c >= 4 then break end end
c = 0
for i = min + 1, -1e100, -1 do c = c + 1; show("huge negative limit", c, i); if c >= 4 then break end end
c = 0
for i = 1, max, max do c = c + 1; show("big step", c, i); if c >= 3 then break end end
c = 0
for i = max - 10, max - 5 do c = c + 1 end
print("no wrap below max", c)
c = 0
for i = 1, 1e100, 1 do c = c + 1; if c >= 3 then break end end
print("float limit clipped", c)
for i = 1, -1e100 do print("never") end
for i = -1, 1e100, -1 do print("never2") end
for i = 1, 0.9 do print("never3") end
for i = 3, 2.9999 do print("never4") end
for i = 2, 2.5 do print("floor of limit", i) end
for i = -2, -2.5, -1 do print("ceil of limit", i) end
