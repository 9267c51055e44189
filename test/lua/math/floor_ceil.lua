-- math.floor / math.ceil: integers when representable, floats otherwise
print(math.floor(3), math.floor(-3), math.ceil(3), math.ceil(-3))
print(math.floor(3.7), math.floor(-3.7), math.ceil(3.2), math.ceil(-3.2))
print(math.floor(-0.0), math.ceil(-0.0), math.ceil(-0.5), math.floor(0.5))
print(math.floor(2^62), math.floor(2^63), math.ceil(-2^63), math.floor(-2^63 - 1025))
print(math.floor(2^53 + 0.0), math.ceil(-2^53 - 0.0))
print(math.floor(1e300), math.ceil(-1e300))
print(math.floor(math.huge), math.ceil(-math.huge))
print(math.floor(math.maxinteger), math.ceil(math.mininteger))
print(math.floor("3.7"), math.ceil("3.2"), math.floor("3"), math.floor("0x10"), math.floor("1e2"))
for _, v in ipairs({0.1, 0.9, 1.5, -1.5, 123456.789, -0.999}) do
  io.write(math.floor(v), " ", math.ceil(v), " ", math.type(math.floor(v)), "; ")
end
print()
print(pcall(math.floor))
print(pcall(math.floor, "x"))
print(pcall(math.ceil, {}))
print(pcall(math.ceil, nil))
