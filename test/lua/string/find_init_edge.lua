local s = "abcabc"
for init = -8, 8 do
  io.write(init, ":", tostring(s:find("b", init)), ",", tostring(s:find("b", init, true)), ",",
    tostring(s:find("^b", init)), ",", tostring(s:find("", init)), ",", tostring(s:match(".", init)), " ")
end
print()
print(s:find("c", 1.0), s:find("c", "4"), s:find("$", 3), s:find("^", 7), s:find("^", 8))
print(("aaa"):find("a", math.maxinteger), ("aaa"):find("a", math.mininteger), ("aaa"):find("", math.maxinteger))
print(pcall(string.find, s, "b", 2^63), pcall(string.find, s, "b", "x"))
