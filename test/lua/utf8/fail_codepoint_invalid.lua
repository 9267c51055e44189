-- an uncaught invalid UTF-8 error
local s = "ok\xff"
print(utf8.len(s))
print(utf8.codepoint(s, 1, -1))
