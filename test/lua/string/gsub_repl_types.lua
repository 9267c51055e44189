-- replacement values of every type, through strings, tables and functions
local vals = {["nil"] = nil, ["false"] = false, ["true"] = true, ["int"] = 7, ["flt"] = 2.5, ["big"] = 2^63,
  ["str"] = "S", ["empty"] = ""}
for _, k in ipairs({"nil", "false", "true", "int", "flt", "big", "str", "empty"}) do
  local v = vals[k]
  local ok1, r1 = pcall(string.gsub, "a-b", "%a", {a = v, b = v})
  local ok2, r2 = pcall(string.gsub, "a-b", "%a", function() return v end)
  print(k, ok1, r1, ok2, r2)
end
print(pcall(string.gsub, "ab", "%a", {a = print}))
print(pcall(string.gsub, "ab", "%a", function() return coroutine.create(print) end))
print(string.gsub("abc", "(b)", "%%1=%1 %%0=%0"), string.gsub("abc", "b", "%%"))
print(string.gsub("hello", "(l)(l)", "%2%1%0"), string.gsub("abc", "", "%0"))
print(string.gsub("abc", ".", {}), string.gsub("abc", "(.)", {a = "A"}))
