-- strings: concatenation converts numbers with integer/float formatting
print(1 .. 2, 1 .. "", 1.5 .. "", -1 .. -2, 2^63 .. "")
print(0x10 .. "", 1e100 .. "", 3.0 .. "|", -0.0 .. "|")
print(9007199254740993 .. "", 0.1 + 0.2 .. "")
local n = 7
print("n=" .. n, "half=" .. n / 2, "floor=" .. n // 2)
print(#(1 .. 2), #(1.0 .. ""), #(-9223372036854775807 - 1 .. ""))
