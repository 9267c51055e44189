local pats = {"%", "[", "[^", "[a", "(", "(()", ")", "x)", "%1", "(%1)", "%b", "%ba", "%f", "%fa",
  "%f[", "%g%", "a%", "((x)", "[%", "[]", "%9", "(a)%2", "%bxy%", "(()%1)", "[a-%"}
for _, p in ipairs(pats) do
  local ok, e = pcall(string.find, "abc (x) y", p)
  local ok2, e2 = pcall(string.gsub, "abc (x) y", p, "r")
  local ok3, e3 = pcall(string.match, "", p)
  print(string.format("%-8s %s %s | %s %s | %s %s", p, ok, e, ok2, e2, ok3, e3))
end
