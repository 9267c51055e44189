local r = ("a-b-c"):gsub("%a", function(c)
  return (("xyz"):gsub(".", function(d) return c .. d end))
end)
print(r)
local out = {}
local s = ("k1=v1;k2=v2"):gsub("(%w+)=(%w+)", function(k, v)
  for ch in v:gmatch(".") do out[#out + 1] = k .. ch end
  return v:upper() .. "=" .. k:upper()
end)
print(s, table.concat(out, ","))
local it = ("a b c"):gmatch("%a")
print(it(), ("x y"):gsub("%a", function(c) return it() or "-" end), it())
local depth = 0
local function rec(str)
  depth = depth + 1
  if depth > 5 then return str end
  return (str:gsub("%a", rec))
end
print(rec("ab"), depth)
print(pcall(string.gsub, "abc", "%a", function(c) return string.rep(c, -1) .. string.format("%d", c) end))
