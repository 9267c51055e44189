-- every strftime conversion lua5.3 accepts (C99 list), one by one, at fixed UTC times
local specs = {"a", "A", "b", "B", "c", "C", "d", "D", "e", "F", "g", "G", "h", "H", "I", "j",
  "m", "M", "n", "p", "r", "R", "S", "t", "T", "u", "U", "V", "w", "W", "x", "X", "y", "Y", "%",
  "Ec", "EC", "Ex", "EX", "Ey", "EY",
  "Od", "Oe", "OH", "OI", "Om", "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy"}
local times = {0, 1234567890, 1104537600, 1293753600}
for _, s in ipairs(specs) do
  local row = {}
  for _, t in ipairs(times) do
    local ok, r = pcall(os.date, "!%" .. s, t)
    row[#row + 1] = ok and ("[" .. r .. "]") or ("ERR " .. r)
  end
  print(s, table.concat(row, " "))
end
-- invalid conversions
for _, s in ipairs{"Q", "E", "Ez", "O", "Oa", "5", "k"} do
  print(s, pcall(os.date, "!%" .. s, 0))
end
print(pcall(os.date, "!abc%", 0))
