-- every class and its complement over all 256 bytes (C locale)
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
for _, c in ipairs({"a", "c", "d", "g", "l", "p", "s", "u", "w", "x", "z"}) do
  local lo = select(2, s:gsub("%" .. c, ""))
  local up = select(2, s:gsub("%" .. c:upper(), ""))
  local first = s:match("%" .. c)
  io.write(c, ":", lo, "/", up, " first=", first and first:byte() or "nil", "\n")
end
local members = {}
for c in s:gmatch("%p") do members[#members + 1] = c end
print(table.concat(members))
members = {}
for c in s:gmatch("%s") do members[#members + 1] = c:byte() end
print(table.concat(members, ","))
members = {}
for c in s:gmatch("%c") do members[#members + 1] = c:byte() end
print(table.concat(members, ","))
print(s:match("%x+"), s:match("%g+"):len())
