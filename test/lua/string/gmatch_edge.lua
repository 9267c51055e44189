local function all(s, p)
  local t = {}
  for a, b in s:gmatch(p) do t[#t + 1] = tostring(a) .. (b and ("/" .. tostring(b)) or "") end
  return #t .. ":" .. table.concat(t, ",")
end
print(all("", ""), all("", "x*"), all("abc", ""), all("abc", "()"), all("abc", ".-"))
print(all("aaa", "a*"), all("aaa", "a-"), all("baaac", "a*"), all("a.b.c", "[^.]*"))
print(all("one two", "(%a+)"), all("k=v, k2=v2", "(%w+)=(%w+)"), all("abc", "(.)()"))
print(all("x1y2z3", "%a%d"), all("((a)(b))", "%b()"), all("THE (quick) fox", "%f[%a]%a+"))
print(all("abab", "(ab)%1"), all("aXbXc", "[^X]+"), all("\0a\0", "%z"), all("abc", "$"))
local it = ("abc"):gmatch(".")
local n = 0
while it() do n = n + 1 end
print(n, it(), it())
local g1, g2 = ("ab"):gmatch("."), ("ab"):gmatch(".")
print(g1(), g2(), g1(), g2(), g1())
