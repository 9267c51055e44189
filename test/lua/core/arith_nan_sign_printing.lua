-- floats: printing NaN (lua5.3 on x86-64 prints the sign of the NaN bit pattern: 0/0 is -nan)
local nan = 0/0
print(nan, -nan)
print(tostring(nan), nan .. "")
local inf = 1/0
print(inf - inf, inf * 0)
