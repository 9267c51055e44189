-- numeric for: float loops accumulate the step (0.1 steps are inexact)
local c = 0
local last
for i = 0, 1, 0.1 do c = c + 1; last = i end
print(c, last, last == 1, last < 1)
c = 0
for i = 1, 0, -0.25 do c = c + 1; last = i end
print(c, last)
c = 0
for i = 0.5, 2 do c = c + 1; last = i end
print(c, last)
