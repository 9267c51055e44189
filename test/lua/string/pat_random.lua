-- deterministic random patterns against random subjects: results and errors must agree
local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
local atoms = {"a", "b", ".", "%a", "%d", "%s", "%w", "%A", "[ab]", "[^a]", "[a-c]", "%%", "%.", "x", "(", ")", "()",
  "%1", "%b()", "%f[%a]", "%f[%A]", "^", "$", "[%d_]", "%u", "-", "*", "+", "?", "[", "]"}
local quants = {"", "", "", "*", "+", "-", "?"}
local chars = {"a", "b", "c", "1", "2", " ", "(", ")", "x", "_", "A", "."}
local function subject()
  local t = {}
  for i = 1, rnd(12) - 1 do t[i] = chars[rnd(#chars)] end
  return table.concat(t)
end
local function pattern()
  local t = {}
  for i = 1, rnd(5) do t[i] = atoms[rnd(#atoms)] .. quants[rnd(#quants)] end
  return table.concat(t)
end
local function show(ok, ...)
  local t = {tostring(ok)}
  for i = 1, select("#", ...) do t[#t + 1] = tostring((select(i, ...))) end
  return table.concat(t, ",")
end
for i = 1, 600 do
  local s, p = subject(), pattern()
  local r1 = show(pcall(string.find, s, p))
  local r2 = show(pcall(string.match, s, p, rnd(4) - 2))
  local r3 = show(pcall(string.gsub, s, p, "<%0>"))
  local acc = {}
  local ok, err = pcall(function()
    local n = 0
    for a, b in s:gmatch(p) do
      n = n + 1
      acc[#acc + 1] = tostring(a) .. "/" .. tostring(b)
      if n > 50 then break end
    end
  end)
  print(i, string.format("%q %q", s, p), r1, r2, r3, ok and table.concat(acc, ";") or err)
end
