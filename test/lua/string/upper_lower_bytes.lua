local t = {}
for i = 0, 255 do t[#t + 1] = string.char(i) end
local s = table.concat(t)
local u, l = s:upper(), s:lower()
local diffs = {}
for i = 1, 256 do
  if u:byte(i) ~= s:byte(i) then diffs[#diffs + 1] = (i - 1) .. ">" .. u:byte(i) end
end
print(#diffs, diffs[1], diffs[#diffs])
diffs = {}
for i = 1, 256 do
  if l:byte(i) ~= s:byte(i) then diffs[#diffs + 1] = (i - 1) .. ">" .. l:byte(i) end
end
print(#diffs, diffs[1], diffs[#diffs])
print(("ÄÖÜäöüß"):upper() == "ÄÖÜäöüß", ("ÄÖÜäöüß"):lower() == "ÄÖÜäöüß", ("abcÄ"):upper())
print(string.upper(""), string.lower(""), #string.upper(string.rep("a", 10000)))
