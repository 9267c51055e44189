-- string_ops.lua: the string library's everyday functions.
-- Measures: string.format (%d, %s, %5.2f, %x, %q-free), sub with positive and
-- negative indices, byte/char round trips, rep, upper/lower, len, and joining
-- many pieces with table.concat. All integers stay in int32.
local N = 60000
local MOD = 1000003

local check = 0
local function mix(h, n) return (h * 31 + n) % MOD end

-- string.format with several conversions
local parts = {}
for i = 1, N do
  parts[i] = string.format("%d:%s:%5.2f:%x", i, "k" .. (i % 97), (i % 1000) / 8, i)
end
local big = table.concat(parts, ",")
check = mix(check, #big)

-- sub, byte, char over every piece
for i = 1, N, 3 do
  local p = parts[i]
  local head = p:sub(1, 3)
  local tail = p:sub(-4)
  local mid = string.sub(p, 2, -2)
  check = mix(check, head:byte(1) + tail:byte(-1) + #mid)
  local b1, b2, b3 = string.byte(p, 1, 3)
  local s = string.char(b1, b2 or 32, b3 or 32)
  check = mix(check, s:byte(2))
end

-- rep, upper, lower
for i = 1, N // 4 do
  local r = string.rep("ab", i % 20 + 1, "-")
  local u = r:upper()
  local l = u:lower()
  check = mix(check, #r + u:byte(1) + l:byte(-1))
end

-- build a line table and join it with separators, several times
for round = 1, 6 do
  local buf = {}
  for i = 1, N // 6 do
    buf[#buf + 1] = string.format("%s=%d", string.char(97 + (i + round) % 26), i * round % 1000)
  end
  local joined = table.concat(buf, ";", 1, #buf)
  check = mix(check, #joined)
  check = mix(check, joined:byte(#joined // 2))
end

-- len and reverse on medium strings
for i = 1, 2000 do
  local s = string.rep(string.char(65 + i % 26), i % 50 + 1) .. tostring(i)
  check = mix(check, #s:reverse() + string.len(s))
end

return check
