-- program: integer to roman numerals and back using only tables and comparisons
local vals = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
local syms = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
local function to_roman(n)
  local out = ""
  for i = 1, #vals do
    while n >= vals[i] do out = out .. syms[i]; n = n - vals[i] end
  end
  return out
end
for _, n in ipairs({1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999}) do
  print(n, to_roman(n))
end
