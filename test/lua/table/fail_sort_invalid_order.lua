-- an uncaught "invalid order function" error
local t = {}
for i = 1, 20 do t[i] = i end
table.sort(t, function() return true end)
