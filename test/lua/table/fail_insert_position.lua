-- an uncaught bad argument from table.insert
local list = {1, 2, 3}
table.insert(list, 10, "x")
