-- metamethods: __concat with tables on either side and in chains
local mt = {}
mt.__concat = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return setmetatable({v = av .. "+" .. bv}, mt)
end
local x = setmetatable({v = "X"}, mt)
print((x .. "s").v, ("s" .. x).v, (1 .. x).v, (x .. x).v)
print(("a" .. "b" .. x).v)
print((x .. "a" .. "b").v)
local plain = setmetatable({}, {__concat = function(a, b) return "plain" end})
print(plain .. nil, true .. plain)
print(pcall(function() return {} .. "x" end))
