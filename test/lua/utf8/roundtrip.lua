-- char -> codepoint -> char round trips across the whole range (sampled)
local bad = 0
local count = 0
local cp = 0
while cp <= 0x10FFFF do
  local s = utf8.char(cp)
  local back = utf8.codepoint(s)
  if back ~= cp or utf8.len(s) ~= 1 or utf8.offset(s, 1) ~= 1 then bad = bad + 1 end
  count = count + 1
  cp = cp + (cp < 0x1000 and 1 or 97)
end
print(count, bad)
local parts = {}
for i = 1, 2000 do parts[i] = utf8.char((i * 7919) % 0x10FFFF) end
local s = table.concat(parts)
print(#s, utf8.len(s))
local k, sum = 0, 0
for p, c in utf8.codes(s) do k = k + 1; sum = (sum + c * k) % 1000000007 end
print(k, sum)
local cps = {utf8.codepoint(s, 1, -1)}
print(#cps, cps[1], cps[2000])
print(utf8.char(table.unpack(cps)) == s)
