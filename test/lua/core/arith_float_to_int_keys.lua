-- integers vs floats: float keys with integer values normalise to integer keys
local t = {}
t[1.0] = "a"
t[2] = "b"
print(t[1], t[2.0], #t)
t[2^53] = "big"
print(t[9007199254740992])
t[1.5] = "half"
print(t[1.5], t[1])
local k = 3.0
t[k] = "c"
print(t[3], #t)
