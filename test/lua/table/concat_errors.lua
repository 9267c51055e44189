-- table.concat: invalid values and bad arguments
local function P(...) print(pcall(...)) end
P(table.concat)
P(table.concat, nil)
P(table.concat, "abc")
P(table.concat, {1, 2, nil, 4}, ",", 1, 4)
P(table.concat, {1, {}, 3})
P(table.concat, {1, true})
P(table.concat, {print})
P(table.concat, {}, {})
P(table.concat, {}, ",", "x")
P(table.concat, {}, ",", 1, 2.5)
P(table.concat, {"a"}, ",", 1, 3)
P(table.concat, {"a"}, ",", 0)
print(pcall(function() return table.concat({1, nil, 3}, ",", 1, 3) end))
print(pcall(function() local c = table.concat; return c({{}}) end))
local t = {}
t[math.maxinteger] = "last"
P(table.concat, t, ",", math.maxinteger - 1, math.maxinteger)
print(table.concat(t, ",", math.maxinteger, math.maxinteger))
t[math.mininteger] = "first"
print(table.concat(t, ",", math.mininteger, math.mininteger))
P(table.concat, t, ",", math.mininteger, math.mininteger + 1)
