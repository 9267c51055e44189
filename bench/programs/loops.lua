-- loops.lua: nested numeric for-loops with integer and float arithmetic.
-- Measures: FORPREP/FORLOOP, integer + - * // % and bitwise ops, float + * /,
-- mixed int/float arithmetic, while-loops and comparisons.
-- All integers stay well inside int32 (fengari's integers are 32-bit).
local OUTER, INNER = 3000, 1000
local MOD = 1000003

local isum = 0
local fsum = 0.0
for i = 1, OUTER do
  local fi = i * 0.5
  for j = 1, INNER do
    isum = (isum + i * j + (i ~ j) - (j // 3) + (i & 255)) % MOD
    fsum = fsum + (fi + j) / (j + 1.5) - j * 0.001
  end
end

-- a float loop with a float step and a while-loop countdown
local facc = 0.0
for x = 0.0, 200.0, 0.125 do
  facc = facc * 0.5 + x * x - x / 3.0
end
local k, steps = 1, 0
while k < 1000000 do
  local n = k
  while n ~= 1 and steps < 3000000 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  k = k + 9973
end

-- float -> integer: both values are integral floats, `| 0` converts them exactly
local fpart = (fsum // 1) % MOD | 0
local apart = (facc // 1) % MOD | 0
return (isum + fpart + apart + steps) % MOD
