-- lexical: identifiers close to keywords, underscores, case sensitivity
local _ = 1
local _x, x_, X = 2, 3, 4
local andy, oro, nott, iff, endd = 5, 6, 7, 8, 9
local True, False, Nil = "T", "F", "N"
print(_, _x, x_, X, andy, oro, nott, iff, endd)
print(True, False, Nil)
local _ENVx = 10
print(_ENVx)
local a1b2c3 = 11
print(a1b2c3)
