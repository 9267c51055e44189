-- numeric for: modifying the loop variable does not affect iteration; limits evaluated once
local limit = 3
local evals = 0
local function lim() evals = evals + 1; return limit end
for i = 1, lim() do
  limit = 100
  i = "changed"
end
print(evals, limit)
local seen = {}
for i = 1, 5 do
  seen[#seen + 1] = i
  if i == 3 then i = 5 end
end
print(#seen, seen[4], seen[5])
