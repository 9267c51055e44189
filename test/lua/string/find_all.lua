local text = "the cat sat on the mat with the hat"
local function findall(s, p, plain)
  local out, init = {}, 1
  while true do
    local a, b = s:find(p, init, plain)
    if not a then break end
    out[#out + 1] = a .. "-" .. b
    init = b >= a and b + 1 or a + 1
    if init > #s + 1 then break end
  end
  return table.concat(out, " ")
end
print(findall(text, "the"), "|", findall(text, "at", true), "|", findall(text, "%a+at"))
print(findall(text, "%f[%w]%w"), "|", findall(text, ""), "|", findall("aaaa", "aa"))
print(findall(text, " "), "|", findall("a.b.c", ".", true), "|", findall("a.b.c", "%."))
