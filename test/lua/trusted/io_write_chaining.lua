-- io.write returns the file, so calls can be chained
local f = io.write("a")
f:write("b"):write("c", 1, 2.0):write("\n")
io.write("x"):write("y\n")
print(io.write("") == io.stdout)
print(io.type and io.type(io.stdout) or "file")
io.stdout:write("via stdout ", 3, " ", 4.5, "\n")
io.stdout:write("chain1 "):write("chain2\n")
print(pcall(io.write, {}))
print(pcall(io.write, true))
-- interleaving print and io.write keeps order
io.write("w1 ") print("p1") io.write("w2\n")
