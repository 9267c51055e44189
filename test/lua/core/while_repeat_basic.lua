-- loops: while and repeat, repeat condition sees body locals
local i = 0
while i < 3 do i = i + 1; print("while", i) end
while false do print("never") end
local j = 0
repeat
  local k = j * 2
  j = j + 1
  print("repeat", j, k)
until k >= 4
repeat print("once") until true
local n = 0
repeat local stop = n > 2; n = n + 1 until stop
print(n)
