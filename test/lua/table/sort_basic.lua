-- table.sort with the default order: numbers, strings, mixed int/float
local function show(t) print(table.concat(t, " ")) end
local t = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0}
table.sort(t); show(t)
t = {"pear", "apple", "fig", "banana", "Apple", "", "apple pie", "b"}
table.sort(t); show(t)
t = {3.5, 1, -2, 2^53, -0.0, 0, 1e308, -1e308, 2.25, math.mininteger, math.maxinteger}
table.sort(t); show(t)
t = {}
table.sort(t); print(#t)
t = {42}
table.sort(t); show(t)
t = {2, 1}
table.sort(t); show(t)
t = {3, 1, 2}
table.sort(t); show(t)
-- duplicates
t = {3, 1, 3, 1, 2, 2, 3, 1}
table.sort(t); show(t)
-- already sorted / reversed / all equal, several sizes
for _, n in ipairs({4, 5, 10, 99, 100, 101, 128, 129, 300, 1000}) do
  local a, b, c = {}, {}, {}
  for i = 1, n do a[i] = i; b[i] = n - i; c[i] = 7 end
  table.sort(a); table.sort(b); table.sort(c)
  local ok = true
  for i = 2, n do
    if a[i - 1] > a[i] or b[i - 1] > b[i] or c[i] ~= 7 then ok = false end
  end
  print(n, ok, a[1], a[n], b[1], b[n])
end
-- strings with embedded zeros and high bytes
t = {"a\0b", "a", "a\0a", "\xff", "\x80x", "A"}
table.sort(t)
for i = 1, #t do io.write(#t[i], " ") end
print()
-- integer and float values that are close
t = {2^53 + 1, 2^53, 2^53 - 1, 9007199254740993, 9007199254740992}
table.sort(t)
for i = 1, #t do io.write(math.type(t[i]), ":", tostring(t[i]), " ") end
print()
