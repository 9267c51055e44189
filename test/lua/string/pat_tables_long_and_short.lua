-- Patterns are decoded into tables once (up to 128 characters) and decoded as they go when
-- longer: the same items must match the same way either way, and malformed items must fail
-- only when matching reaches them.
local subject = "Key_1=[x]; value-2 = 'y%z' \0 \200\255 end."
local items = { "%a+", "%w*", "[%a_]+", "[^%s=]+", "[a-c%d]", "[]]", "[^]]+", "%%", "%]", "[%]%[]",
  "%p", "%c", "[\0-\31]", "[\128-\255]+", "%x%x?", "%u%l*", "%S-", ".", "[-a]", "[a-]+" }
local pad = ("(%s*)"):rep(30) -- long prefix that matches nothing, so the long form is > 128
for _, it in ipairs(items) do
  local short = { subject:find(it) }
  local long = { subject:find(pad .. it) }
  local n = 0
  for w in subject:gmatch(it) do n = n + #w end
  local g, c = subject:gsub(it, "<%0>")
  print(it:byte(1, -1), short[1], short[2], long[1], long[#long] == nil and "nil" or #long, n, c, #g)
end
-- errors raised only when the item is reached
for _, p in ipairs({ "a[b", "a%", "x[^", "%f", "(a" }) do
  print(pcall(string.find, "zzz", p), pcall(string.find, "abc", p), pcall(string.find, "abc", pad .. p))
end
-- the same pattern over many subjects (tables reused from the cache)
local total = 0
for i = 1, 300 do
  local s = ("w%d %d;"):format(i, i * 7)
  local a, b = s:match("^(%a%d+)%s+(%d+)[;]$")
  total = total + #a + tonumber(b)
end
print(total)
