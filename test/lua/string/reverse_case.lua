print(string.reverse("hello"), string.reverse("") == "", string.reverse("a"), string.reverse(123))
print(string.reverse("a\0b"):byte(1, -1))
print(string.upper("Hello, World! 123"), string.lower("Hello, World! 123"))
print(("MiXeD"):upper(), ("MiXeD"):lower())
local hi = {}
for i = 128, 255 do hi[#hi + 1] = i end
local s = string.char(table.unpack(hi))
print(s:upper() == s, s:lower() == s)
print(string.upper("\181\255\223abc"):byte(1, -1))
print(string.lower("\192\221ABC"):byte(1, -1))
print(string.upper(1e10), string.lower("ÀÉÎ"))
print(pcall(string.upper), pcall(string.lower, {}), pcall(string.reverse))
local all = {}
for i = 0, 255 do all[#all + 1] = i end
local a = string.char(table.unpack(all))
local u, l = a:upper(), a:lower()
local cu, cl = 0, 0
for i = 1, 256 do
  if u:byte(i) ~= a:byte(i) then cu = cu + 1 end
  if l:byte(i) ~= a:byte(i) then cl = cl + 1 end
end
print(cu, cl, #u, #l, a:reverse():byte(1), a:reverse():byte(256))
