-- io.write writes the arguments before the bad one, then raises the error
print(pcall(io.write, "ok", nil))
print(pcall(io.write, 1, " ", 2.0, " ", {}, "never"))
io.write("\n")
local ok, e = pcall(function() return io.write("a"):write("b", false) end)
print("", ok, e)
