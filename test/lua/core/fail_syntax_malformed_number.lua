-- fail: syntax error, malformed number
local n = 3e
print(n)
