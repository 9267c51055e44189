-- numeric for: integer loops, negative steps, empty ranges, loop variable is a copy
for i = 1, 3 do print("up", i) end
for i = 3, 1, -1 do print("down", i) end
for i = 1, 0 do print("never") end
for i = 0, -3, -2 do print("neg step", i) end
for i = 1, 10, 4 do print("step4", i) end
for i = 1, 3 do
  local j = i
  i = i * 10
  print("copy", j, i)
end
local n = 0
for i = -5, 5 do n = n + i end
print(n)
