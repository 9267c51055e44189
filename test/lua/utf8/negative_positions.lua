-- negative positions count from the end of the string
local s = "a\xC3\xA9b\xE2\x82\xAC"  -- a é b €
print(#s, utf8.len(s))
for i = -8, -1 do
  local ok, n = pcall(utf8.len, s, i)
  io.write(i, "=", tostring(ok and n or "err"), " ")
end
print()
for i = -8, -1 do
  local ok, cp = pcall(utf8.codepoint, s, i)
  io.write(i, "=", tostring(ok and cp or "err"), " ")
end
print()
for i = -8, -1 do
  local ok, p = pcall(utf8.offset, s, 1, i)
  io.write(i, "=", tostring(ok and p or "err"), " ")
end
print()
for i = -8, -1 do
  local ok, p = pcall(utf8.offset, s, 0, i)
  io.write(i, "=", tostring(ok and p or "err"), " ")
end
print()
print(utf8.len(s, -3, -1), utf8.len(s, 1, -4), utf8.codepoint(s, -7, -5))
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -4), utf8.offset(s, -5))
