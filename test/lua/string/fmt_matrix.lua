-- flags x width x precision for every numeric conversion
local flags = {"", "-", "+", " ", "#", "0", "-0", "+0", "#0", "- ", "+#", "-#0"}
local widths = {"", "1", "8", "25"}
local precs = {"", ".", ".0", ".3", ".12"}
local ints = {0, 1, -1, 42, -255, 65535, math.maxinteger, math.mininteger}
local floats = {0.0, -0.0, 1.0, -1.5, 0.1, 123456.789, 1e-7, 1e21, 1/0, -1/0, 2^-1074}
local lines = 0
for _, f in ipairs(flags) do
  for _, w in ipairs(widths) do
    for _, p in ipairs(precs) do
      local out = {}
      for _, c in ipairs({"d", "i", "x", "X", "o", "u"}) do
        local spec = "%" .. f .. w .. p .. c
        for _, v in ipairs(ints) do out[#out + 1] = string.format(spec, v) end
      end
      for _, c in ipairs({"e", "E", "f", "g", "G", "a", "A"}) do
        local spec = "%" .. f .. w .. p .. c
        for _, v in ipairs(floats) do out[#out + 1] = string.format(spec, v) end
      end
      for _, c in ipairs({"s", "c"}) do
        local spec = "%" .. f .. w .. p .. c
        out[#out + 1] = string.format(spec, c == "s" and "str" or 65)
      end
      print(f .. "|" .. w .. "|" .. p, table.concat(out, "|"))
      lines = lines + 1
    end
  end
end
print(lines)
