-- scoping: shadowing in nested blocks, locals invisible after block
local x = "outer"
do
  local x = "inner"
  print(x)
  do local x = "innermost"; print(x) end
  print(x)
end
print(x)
local y = 1
local y = y + 1
print(y)
do local z = 5 end
print(z)
local a, a = 1, 2
print(a)
for x = 1, 1 do print("loop x", x) end
print(x)
