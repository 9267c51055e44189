-- table.concat: separators, ranges, numbers
local t = {"a", "b", "c", "d"}
print(table.concat(t))
print(table.concat(t, ", "))
print(table.concat(t, "-", 2))
print(table.concat(t, "-", 2, 3))
print(table.concat(t, "-", 3, 3))
print("[" .. table.concat(t, "-", 4, 3) .. "]")
print("[" .. table.concat({}) .. "]")
print("[" .. table.concat({}, "x") .. "]")
print(table.concat({1, 2, 3}, " + "))
print(table.concat({1.5, 2.0, -0.0, 1e100, 2^63, math.mininteger}, " "))
print(table.concat({"x", 7, "y"}, 0))
print(table.concat({"x", "y"}, 1.5))
print(table.concat(t, "", "2", "3.0"))
print(table.concat(t, nil, nil, 2))
-- negative and zero indices
local n = {[-1] = "m1", [0] = "z", "p1"}
print(table.concat(n, ",", -1, 1))
-- embedded zeros and long pieces
local z = table.concat({"a\0b", "\0"}, "\0")
print(#z, z == "a\0b\0\0")
local parts = {}
for i = 1, 1000 do parts[i] = i % 10 end
local s = table.concat(parts)
print(#s)
local s2 = table.concat(parts, "--")
print(#s2)
-- hash-part entries count when in range
local h = {}
h[3] = "c"; h[1] = "a"; h[2] = "b"
print(table.concat(h, "|"))
