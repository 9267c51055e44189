print("before")
local s = string.rep("x", 2^40)
print("not reached", #s)
