-- bare and flagged %x %X %o of integers across the range (a bare non-negative one has a fast path)
for _, v in ipairs({0, 1, 15, 255, 4096, 2^31, 2^53 - 1, math.maxinteger, -1, -255, math.mininteger}) do
  v = math.tointeger(v)
  print(string.format("%x %X %o %u|%5x|%-6X|%#x|%08o", v, v, v, v, v, v, v, v))
end
