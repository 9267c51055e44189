-- integers vs floats: // and % for all sign combinations of ints and floats
local vals = {7, -7, 7.0, -7.0, 0, 3.5}
local divs = {2, -2, 2.0, -2.0, 0.5}
for i = 1, #vals do
  for j = 1, #divs do
    local a, b = vals[i], divs[j]
    print(a, b, a // b, a % b)
  end
end
