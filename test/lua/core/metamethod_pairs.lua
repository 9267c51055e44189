-- metamethods: __pairs overrides pairs; next ignores it
local t = setmetatable({real = true}, {__pairs = function(self)
  local i = 0
  return function(_, k)
    i = i + 1
    if i <= 3 then return i, i * i end
  end, self, nil
end})
for k, v in pairs(t) do print(k, v) end
print(next(t))
local multi = setmetatable({}, {__pairs = function() return print, "state", "ctl", "dropped" end})
local f, s, c = pairs(multi)
print(f == print, s, c)
