-- floats: nan and inf printing and comparison behaviour
local inf = 1/0
local nan = 0/0
print(inf, -inf)
print(nan ~= nan, nan == nan, nan < nan, nan > 1, nan <= nan)
print(inf > 9223372036854775807, -inf < -9223372036854775808)
print(inf - inf ~= inf - inf, inf * 0 ~= inf * 0)
print(tostring(inf), tostring(-inf))
print(inf == inf, inf + 1 == inf)
