local s = "text"
print(s:upper())
print(s:rep({}))
