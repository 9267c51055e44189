-- loops: while conditions with and/or, function calls and side effects
local items = {3, 1, 4, 1, 5, 9, 2, 6}
local i = 1
while items[i] and items[i] ~= 9 do i = i + 1 end
print(i)
local calls = 0
local function more() calls = calls + 1; return calls < 4 end
while more() do end
print(calls)
local a, b = 10, 0
while a > 0 and (b < 3 or a % 2 == 1) do a = a - 1; b = b + 1 end
print(a, b)
local n = 0
while not (n >= 5) do n = n + 2 end
print(n)
