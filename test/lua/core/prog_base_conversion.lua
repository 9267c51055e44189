-- program: converting integers to digit strings in several bases, checked with tonumber
local digits = {}
do
  local d = {"0","1","2","3","4","5","6","7","8","9","a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u","v","w","x","y","z"}
  for i = 1, #d do digits[i - 1] = d[i] end
end
local function tobase(n, b)
  if n == 0 then return "0" end
  local neg = n < 0
  if neg then n = -n end
  local s = ""
  while n > 0 do s = digits[n % b] .. s; n = n // b end
  return (neg and "-" or "") .. s
end
for _, b in ipairs({2, 8, 10, 16, 36}) do
  local s = tobase(123456789, b)
  print(b, s, tonumber(s, b))
end
print(tobase(-255, 16), tonumber(tobase(-255, 16), 16))
print(tobase(9223372036854775807, 36), tonumber(tobase(9223372036854775807, 36), 36))
