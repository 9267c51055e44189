-- metamethods: __lt and __le, including mixed operands
local mt = {}
mt.__lt = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av < bv
end
mt.__le = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av <= bv
end
local one = setmetatable({v = 1}, mt)
local two = setmetatable({v = 2}, mt)
print(one < two, two < one, one <= two, two <= one, one <= one)
print(one > two, two >= one)
print(one < 5, 0 < one, one <= 1, 2 >= two)
local weird = setmetatable({}, {__lt = function() return 1 end})
print(weird < weird, weird > weird)
print(pcall(function() return {} < {} end))
print(pcall(function() return {} <= {} end))
