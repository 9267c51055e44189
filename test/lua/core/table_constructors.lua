-- tables: constructor forms, positional vs keyed, trailing separators, expression keys
local t = {1, 2, 3, x = "x", ["y"] = "y", [10] = 10, [2 + 2] = "four"}
print(t[1], t[2], t[3], t.x, t.y, t[10], t[4])
local w = {1, 2, 3,}
print(#w)
local nested = {{1, 2}, {3, {4, 5}}}
print(nested[2][2][2], #nested, #nested[2])
local k = {}
local keyed = {[k] = "table key", [true] = "bool key", [1.5] = "float key"}
print(keyed[k], keyed[true], keyed[1.5])
local n = {n = nil, 1}
print(n.n, n[1])
