-- comparisons: ints and floats around 2^53 and 2^63 compared exactly
local ints = {9007199254740992, 9007199254740993, 9223372036854775807, -9223372036854775807 - 1, 0, -1}
local floats = {2^53, 2^53 + 2, 2^63, -2^63, 0.5, -0.0, 1/0}
for i = 1, #ints do
  local line = ""
  for j = 1, #floats do
    local a, b = ints[i], floats[j]
    local r = (a < b and "<" or "") .. (a == b and "=" or "") .. (a > b and ">" or "")
    line = line .. r .. " "
  end
  print(ints[i], line)
end
