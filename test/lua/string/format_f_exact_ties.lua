-- %f at exact decimal ties (|x| * 10^p ends in exactly .5): C rounds them to even, and the
-- fast path in string.ts computes them without big integers; neighbours of the ties too.
local out = {}
for i = 0, 1200 do
  local x = i / 8
  out[#out+1] = string.format("%.2f %5.2f %.0f %.1f %-8.2f| %.2f %.3f", x, -x, x + 0.5, i / 16, x, i / 1024, -i / 2048)
end
for _, v in ipairs({0.5, 1.5, 2.5, 0.125, 0.375, 2^-10, 1e15 + 0.5, 2^51 + 0.5, 4503599627370495.5, 0.0625, 1/3, -0.0}) do
  out[#out+1] = string.format("%.0f %.1f %.2f %.3f %.4f %.15f", v, v, v, v, v, v)
end
print(table.concat(out, "\n"))
