-- tables: numeric keys from float arithmetic land in the array part
local t = {}
for i = 1, 5 do t[i / 1] = i end
print(#t, t[3])
local sum = 0
for i, v in ipairs(t) do sum = sum + v end
print(sum)
local x = 2^53
t[x] = "a"
print(t[9007199254740992])
