-- closures: upvalues are closed when a block exits, keeping their last value
local f
do
  local x = 1
  f = function() return x end
  x = 5
end
print(f())
local fs = {}
for i = 1, 3 do
  local y = i * 2
  fs[i] = function() y = y + 1; return y end
  y = y + 100
end
print(fs[1](), fs[1](), fs[2]())
local r
repeat
  local z = "inside"
  r = function() return z end
until true
print(r())
local g
while true do
  local w = "w"
  g = function() return w end
  break
end
print(g())
