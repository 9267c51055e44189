-- lexical: backslash followed by real newline inside quoted strings
local s = "a\
b"
print(#s, s)
local t = 'x\
\
y'
print(#t)
