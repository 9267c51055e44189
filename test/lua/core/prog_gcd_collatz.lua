-- program: gcd/lcm with % and //, collatz sequence lengths
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
local function lcm(a, b) return a // gcd(a, b) * b end
print(gcd(48, 18), gcd(17, 5), gcd(0, 9), lcm(4, 6), lcm(21, 6))
local l = 1
for i = 1, 20 do l = lcm(l, i) end
print(l)
local function collatz(n)
  local steps = 0
  while n ~= 1 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  return steps
end
local best, bestn = 0, 0
for i = 1, 3000 do
  local s = collatz(i)
  if s > best then best, bestn = s, i end
end
print(bestn, best, collatz(27))
