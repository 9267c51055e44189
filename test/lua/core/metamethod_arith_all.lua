-- metamethods: every arithmetic event with table on the left
local function mk(name)
  return function(a, b)
    local av = type(a) == "table" and "T" or tostring(a)
    local bv = type(b) == "table" and "T" or tostring(b)
    return name .. "(" .. av .. "," .. bv .. ")"
  end
end
local mt = {}
for _, ev in ipairs({"add", "sub", "mul", "div", "mod", "pow", "unm", "idiv"}) do
  mt["__" .. ev] = mk(ev)
end
local t = setmetatable({}, mt)
print(t + 1, t - 2, t * 3, t / 4)
print(t % 5, t ^ 6, t // 7, -t)
print(t + t)
