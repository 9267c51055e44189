-- goto: backward jumps implement loops; closures capture fresh locals per pass
local n = 0
::top::
n = n + 1
if n < 5 then goto top end
print(n)
local fs = {}
local k = 1
::again::
do
  local captured = k
  fs[k] = function() return captured end
end
k = k + 1
if k <= 3 then goto again end
print(fs[1](), fs[2](), fs[3]())
