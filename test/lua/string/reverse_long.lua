local s = {}
for i = 1, 10000 do s[i] = string.char(i % 256) end
s = table.concat(s)
local r = s:reverse()
local ok = #r == #s
for i = 1, #s do if r:byte(i) ~= s:byte(#s - i + 1) then ok = false end end
print(ok, #r, r:reverse() == s, (s:rep(3)):reverse() == r:rep(3))
local big = string.rep("abc", 100000)
print(#big:reverse(), big:reverse():sub(1, 6))
