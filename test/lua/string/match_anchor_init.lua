local s = "hello world"
print(s:match("^world", 7), s:match("^hello", 1), s:match("^hello", 2), s:match("^.", -5))
print(s:find("^o", 5), s:find("^o", 8), s:find("o$", 8), s:match("^(%w+)", 7))
print(s:match("^$", 12), s:match("^$", 11), s:match("$", 1), s:match("^", 12), s:match("^", 13))
print(s:gsub("^h", "H"), s:gsub("^w", "W"), s:gsub("^", ">"))
print(("aaa"):gsub("^a", "b", 5), ("aaa"):match("^(a+)$"), ("aaa"):match("^(a-)$"))
