-- loops: break exits only the innermost loop, from all loop kinds
for i = 1, 10 do
  if i > 3 then break end
  print("for", i)
end
local i = 0
while true do
  i = i + 1
  if i == 2 then break end
end
print("while", i)
repeat
  i = i + 1
  if i > 5 then break end
until false
print("repeat", i)
for a = 1, 3 do
  for b = 1, 3 do
    if b == 2 then break end
    print(a, b)
  end
end
for k, v in ipairs({1, 2, 3}) do if v == 2 then break end print("ipairs", v) end
