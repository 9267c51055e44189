-- goto: continue idiom inside loops
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  print("odd", i)
  ::continue::
end
local i = 0
while i < 5 do
  i = i + 1
  if i == 3 then goto next end
  print("while", i)
  ::next::
end
local j = 0
repeat
  j = j + 1
  if j == 2 then goto cont end
  print("repeat", j)
  ::cont::
until j >= 3
