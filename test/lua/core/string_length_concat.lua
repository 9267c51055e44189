-- strings: # operator and concatenation chains
print(#"", #"a", #"hello world", #"\0\0\0")
local s = "ab" .. "cd" .. "ef"
print(s, #s)
print("x" .. 1 .. 2.5 .. "y")
print(1 .. 2, (1 .. 2) + 1)
local parts = ""
for i = 1, 10 do parts = parts .. i end
print(parts, #parts)
print(#("a" .. "b"), #"a" .. "b")
local long = ""
for i = 1, 100 do long = long .. "xy" end
print(#long)
