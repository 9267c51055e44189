local vals = {1, -1, 0, 1.0, -0.0, 0.1, 1/3, 2^53, 2^63, -2^63, 1e15, 1e16, 1e100, 1e-5, 123.456e10, math.maxinteger, math.mininteger, 1/0, -1/0}
for _, v in ipairs(vals) do
  io.write(string.format("%s|%q|%.14g|%d", v, v, v, math.type(v) == "integer" and v or 0), "\n")
end
print(pcall(string.format, "%d", 2^63), pcall(string.format, "%d", -2^63))
