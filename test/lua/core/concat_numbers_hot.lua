-- Concatenation of strings and numbers in hot code (compiled code joins them itself when no
-- metamethod can run): every number subtype and format, two to five operands, and operands
-- that send it back to the full rules (a table with __concat, a boolean's error).
local values = { 1, -7, 0, 2^53, -2^63, math.maxinteger, 1.5, -0.0, 0.1, 1e100, 1/0, -1/0,
  100.0, 2^63, 123456789012345, 1e15, 1e16, "s", "", "12" }
local mt = { __concat = function(a, b)
  return (type(a) == "table" and "T" or tostring(a)) .. "+" .. (type(b) == "table" and "T" or tostring(b))
end }
local obj = setmetatable({}, mt)

local out = {}
for round = 1, 40 do
  for i = 1, #values do
    local a, b = values[i], values[#values - i + 1]
    local two = a .. b
    local three = a .. "|" .. b
    local five = "<" .. a .. "," .. b .. ">"
    local meta = a .. obj .. b
    if round == 40 then out[#out + 1] = two .. " " .. three .. " " .. five .. " " .. meta end
  end
end
print(table.concat(out, "\n"))

-- errors still name the operand
for round = 1, 40 do
  local ok, err = pcall(function(x) return "a" .. x .. "b" end, round == 40 and true or 1)
  if round == 40 then print(ok, err) end
end
local ok, err = pcall(function() local t = {} return 1 .. t end)
print(ok, err)
