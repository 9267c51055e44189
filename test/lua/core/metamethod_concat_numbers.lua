-- metamethods: __concat receives numbers unconverted; strings and numbers concat natively
local mt = {__concat = function(a, b)
  return (type(a) == "table" and "T" or type(a) .. ":" .. tostring(a)) .. "|" ..
         (type(b) == "table" and "T" or type(b) .. ":" .. tostring(b))
end}
local t = setmetatable({}, mt)
print(t .. 1, 2.5 .. t, t .. "s")
print(1 .. 2 .. t)
print(t .. 1 .. 2)
