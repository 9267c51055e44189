-- strings.lua: string building and comparison without the string library.
-- Measures: CONCAT (two and many operands, integer/float -> string coercion),
-- repeated `s = s .. x` growth, a table buffer joined by a Lua loop (pairwise
-- merging, O(n log n) copying), the length operator `#`, and string
-- comparisons (`==`, `<`, `<=`) on strings that are equal, share prefixes, or
-- were built in different ways.
local N = 100000     -- pieces in the table buffer
local GROW = 4000    -- characters per `s = s .. c` growth run
local GROW_RUNS = 20
local MOD = 1000003

local total = 0

-- join a buffer of strings with a separator by merging neighbours pairwise
local function join(buf, n, sep)
  if n == 0 then return "" end
  local cur, m = buf, n
  while m > 1 do
    local nxt, k = {}, 0
    for i = 1, m - 1, 2 do
      k = k + 1
      nxt[k] = cur[i] .. sep .. cur[i + 1]
    end
    if m % 2 == 1 then
      k = k + 1
      nxt[k] = cur[m]
    end
    cur, m = nxt, k
  end
  return cur[1]
end

-- 1. build many small strings (multi-operand concat + number coercion)
local buf = {}
for i = 1, N do
  buf[#buf + 1] = "item" .. i .. ":" .. (i % 10) .. ";"
end
local joined = join(buf, N, ",")
total = (total + #joined) % MOD

-- 2. repeated appends to one growing string
local alphabet = { "a", "b", "c", "d", "e", "f", "g", "h" }
for r = 1, GROW_RUNS do
  local s = ""
  for i = 1, GROW do
    s = s .. alphabet[(i + r) % 8 + 1]
  end
  total = (total + #s + r) % MOD
end

-- 3. float -> string coercion
local flen = 0
for i = 1, 2000 do
  flen = flen + #("" .. (i / 8)) + #(i .. "")
end
total = (total + flen) % MOD

-- 4. comparisons: neighbours in the buffer, and equal strings built differently
local lt, le, eq = 0, 0, 0
for pass = 1, 4 do
  for i = 1, N - 1 do
    local a, b = buf[i], buf[i + 1]
    if a < b then lt = lt + 1 end
    if b <= a then le = le + 1 end
  end
  for i = 1, N, 7 do
    local rebuilt = "item" .. i .. ":" .. (i % 10) .. ";"
    if rebuilt == buf[i] then eq = eq + 1 end
    if rebuilt == buf[(i + pass) % N + 1] then eq = eq + 100 end
  end
end
total = (total + lt * 3 + le * 5 + eq) % MOD

-- 5. lengths of every piece
local lsum = 0
for i = 1, N do lsum = lsum + #buf[i] end
total = (total + lsum) % MOD

-- 6. a small "template" expansion: nested string building
local parts = {}
for i = 1, N // 4 do
  local row = "<tr><td>" .. i .. "</td><td>" .. (i * 3 % 101) .. "</td></tr>"
  parts[i] = row
end
local html = "<table>" .. join(parts, N // 4, "\n") .. "</table>"
total = (total + #html) % MOD

return total
