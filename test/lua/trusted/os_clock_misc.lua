-- os.clock type and monotonic behaviour; os.getenv
local c1 = os.clock()
print(type(c1), math.type(c1))
local s = 0
for i = 1, 1000 do s = s + i end
local c2 = os.clock()
print(c2 >= c1, c1 >= 0)
print(type(os.time()), os.time() > 1600000000)
print(os.getenv("MOONRULE_SURELY_UNDEFINED_VARIABLE_12345"))
print(pcall(os.getenv))
print(type(os.date()))
print(type(os.date("%Y")), #os.date("%Y"))
