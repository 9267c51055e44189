-- generic for: assigning to loop variables does not affect the iterator control value
local t = {10, 20, 30}
for i, v in ipairs(t) do
  print(i, v)
  i = i + 10
end
local keys = 0
for k, v in next, {a = 1} do keys = keys + 1 end
print(keys)
