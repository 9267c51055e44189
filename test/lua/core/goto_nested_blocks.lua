-- goto: jumping out of nested blocks and loops, labels at end of blocks
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    if i == 3 then goto done end
    print(i, j)
  end
  ::next_i::
end
::done::
print("after")
do
  goto skip
  print("skipped")
  ::skip::
end
do
  local x = 1
  do goto inner end
  ::inner::
  print("x", x)
end
local function f()
  goto out
  do return "unreachable" end
  ::out::
  return "reached"
end
print(f())
