-- program: generating permutations recursively with closures as callbacks
local function permute(a, n, cb)
  n = n or #a
  if n <= 1 then cb(a) return end
  for i = 1, n do
    a[n], a[i] = a[i], a[n]
    permute(a, n - 1, cb)
    a[n], a[i] = a[i], a[n]
  end
end
local count = 0
local lines = {}
permute({"a", "b", "c"}, nil, function(p)
  count = count + 1
  lines[#lines + 1] = p[1] .. p[2] .. p[3]
end)
local s = ""
for i = 1, #lines do s = s .. lines[i] .. " " end
print(count, s)
local c6 = 0
permute({1, 2, 3, 4, 5, 6}, nil, function() c6 = c6 + 1 end)
print(c6)
