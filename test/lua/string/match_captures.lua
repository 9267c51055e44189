-- nested captures, position captures, up to 32 captures
print(("abcd"):match("((a)(b))((c)(d))"))
print(("abcd"):match("(a(b(c(d))))"))
print(("hello"):match("()ll()"))
print(("hello"):match("(h)()(e)"))
print(type(("x"):match("()")), math.type(("x"):match("()")))
local p = string.rep("(.)", 32)
local s = string.rep("x", 31) .. "y"
local t = {s:match(p)}
print(#t, t[1], t[32])
print(pcall(string.match, s .. "z", string.rep("(.)", 33)))
print(("abab"):match("(ab)%1"), ("abac"):match("(ab)%1"))
print(("aa bb cc"):match("(%a)%1 (%a)%2"))
print(("x=x"):match("(%w)=%1"), ("x=y"):match("(%w)=%1"))
print(("[[x]]"):match("%[(=*)%[(.-)%]%1%]"))
print(("[==[long]==]"):match("%[(=*)%[(.-)%]%1%]"))
print(string.find("abc", "(b)()"))
print(string.find("abc", "()"))
