-- logic: not, equality across types, comparison chains via and
print(not nil, not false, not 0, not "", not {}, not not 1)
print(1 == "1", "1" == 1, nil == false, {} == {}, print == print)
print(1 ~= 1.0, "a" ~= "a", true ~= false)
local a, b, c = 1, 2, 3
print(a < b and b < c, a < b and c < b, (a < b) == true)
print(pcall(function() return a < b < c end))
print(1 <= 1, 2 >= 3, "b" >= "a")
