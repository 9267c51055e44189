-- goto: forward jump to a label at the end of a block may skip local declarations
do
  goto finish
  local skipped = 1
  print(skipped)
  ::finish::
end
print("jumped over local")
for i = 1, 3 do
  if i == 2 then goto cont end
  local sq = i * i
  print(i, sq)
  ::cont::
end
local function search(t, x)
  for i = 1, #t do
    if t[i] == x then goto found end
  end
  do return "missing" end
  ::found::
  return "found"
end
print(search({1, 2, 3}, 2), search({1, 2, 3}, 5))
