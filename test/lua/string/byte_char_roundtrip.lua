local seed = 42
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
for round = 1, 20 do
  local codes = {}
  for i = 1, rnd(40) do codes[i] = rnd(256) end
  local s = string.char(table.unpack(codes))
  local back = {s:byte(1, -1)}
  local same = #back == #codes
  for i = 1, #codes do if back[i] ~= codes[i] then same = false end end
  io.write(#s, same and "+" or "-", " ")
end
print()
print(string.char(string.byte("hello", 1, -1)), string.byte(string.char(0, 255), 1, 2))
