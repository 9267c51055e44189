-- table.move over wide ranges of mostly empty tables
local function dump(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) < type(b)
  end)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(t[k]) end
  print(#keys, table.concat(parts, " "))
end
local src = {1, 2, 3}
src[1000] = "k"
src[-5] = "neg"
src.name = "str"
local dst = {}
table.move(src, -10, 200000, 1, dst)
dump(dst)
dst = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7}
dst[150] = "old"
table.move(src, 1, 100000, 5, dst)
dump(dst)
-- within one table, upwards and downwards
local t = {1, 2, 3}
t[50] = "fifty"
table.move(t, 1, 300000, 100)
dump(t)
t = {}
t[100000] = "a"
t[100001] = "b"
t[5] = "c"
table.move(t, 5, 100001, 1)
dump(t)
-- floats and strings keys in range are not touched
local m = {[1.5] = "f", ["2"] = "s", 1, 2}
table.move(m, 1, 50000, 3)
dump(m)
