local fmt = "<bBhHiIlLjJTfdnzs1s2c5"
local vals = {-128, 255, -32768, 65535, -2^31, 2^32 - 1, math.mininteger, -1, math.maxinteger, 12345, 99, 0.25, math.pi, -1e300, "zero term", "short", "len2", "fixed"}
local packed = string.pack(fmt, table.unpack(vals))
print(#packed, string.packsize("<bBhHiIlLjJTfdn") + 10 + 6 + 6 + 5 + 5)
local out = {string.unpack(fmt, packed)}
for i = 1, #vals do
  io.write(tostring(out[i]), i < #vals and " " or "\n")
end
print(out[#out], #packed + 1)
for _, v in ipairs({0, 1, -1, 127, -128, 2^31, -2^31, 2^53, -2^53, math.maxinteger, math.mininteger}) do
  local ok = true
  for _, f in ipairs({"j", ">j", "i8", "i9", "i16", ">i16"}) do
    if string.unpack(f, string.pack(f, v)) ~= v then ok = false end
  end
  io.write(tostring(ok), " ")
end
print()
