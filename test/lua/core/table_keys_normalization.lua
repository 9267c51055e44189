-- tables: key identity for numbers, strings, booleans and errors for nil/NaN keys
local t = {}
t[1] = "int"; t[1.0] = "float one"
print(t[1])
t["1"] = "string one"
print(t[1], t["1"])
t[true] = "T"; t[false] = "F"
print(t[true], t[false])
t[-0.0] = "negzero"
print(t[0])
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
print(t[nil], t[0/0])
print(pcall(function() local k; return {[k] = 1} end))
print(pcall(function() return {[0/0] = 1} end))
t[2^63] = "huge float"
print(t[2^63], t[9223372036854775807])
