local s = "a\0b\0c"
print(s:find("\0"), s:find("%z"), s:find("[\0]"), s:find(".\0."), s:match("b%z(.)"))
print(s:gsub("\0", "0"))
print(("\0\0\0"):match("\0*"):len(), ("x\0y"):match("[^\0]+"), ("x\0y"):match("%Z+"))
print(("a\0b"):find("a\0b", 1, true), ("a\0b"):find("\0b"), ("ab"):find("\0"))
print(("[\0]"):find("%[\0%]"), ("\0"):byte(), #("\0"):rep(10), ("\0"):rep(3, "\0"):len())
print(string.format("%q", "\0"), ("a\0"):upper():byte(1, -1))
