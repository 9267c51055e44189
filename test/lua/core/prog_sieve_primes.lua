-- program: sieve of Eratosthenes with integer arithmetic and tables
local function sieve(n)
  local composite = {}
  local primes = {}
  for i = 2, n do
    if not composite[i] then
      primes[#primes + 1] = i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return primes
end
local p = sieve(1000)
print(#p, p[1], p[#p])
local line = ""
for i = 1, 15 do line = line .. p[i] .. " " end
print(line)
