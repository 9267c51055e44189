-- base: tonumber(tostring(x)) round trip for ints and floats (floats lose digits at %.14g)
local vals = {0, 1, -1, 42, 9223372036854775807, -9223372036854775807 - 1, 0.5, -2.25, 1/3, 1e100, 2^63, 123456789.125}
for i = 1, #vals do
  local v = vals[i]
  local s = tostring(v)
  local back = tonumber(s)
  print(s, back == v, tostring(back) == s)
end
