-- metamethods: every bitwise event, both operand orders
local function mk(name)
  return function(a, b)
    local av = type(a) == "table" and "T" or tostring(a)
    local bv = type(b) == "table" and "T" or tostring(b)
    return name .. "(" .. av .. "," .. bv .. ")"
  end
end
local mt = {}
for _, ev in ipairs({"band", "bor", "bxor", "shl", "shr", "bnot"}) do
  mt["__" .. ev] = mk(ev)
end
local t = setmetatable({}, mt)
print(t & 1, t | 2, t ~ 3, t << 4, t >> 5, ~t)
print(1 & t, 2 | t, 3 ~ t, 4 << t, 5 >> t)
print(1.5 & t, "x" | t)
print(pcall(function() return {} & 1 end))
print(pcall(function() return 1.5 | setmetatable({}, {}) end))
