-- & | ~ on values at and beyond the int32 edges (the interpreter has a 32-bit fast path)
local vals = {0, 1, -1, 2147483647, -2147483648, 2147483648, -2147483649, 0x7fffffff, 0xffffffff,
  math.maxinteger, math.mininteger, 12345, -98765}
for _, a in ipairs(vals) do
  local row = {}
  for _, b in ipairs(vals) do row[#row + 1] = string.format("%d,%d,%d", a & b, a | b, a ~ b) end
  print(table.concat(row, " "))
end
print(pcall(function() return 2.5 | 1 end))
print(2.0 | 1, math.type(3 & 1.0), "7" | 0, pcall(function() return "7.5" | 0 end))
