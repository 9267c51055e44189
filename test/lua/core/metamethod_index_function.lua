-- metamethods: __index as a function receives table and key
local log = {}
local t = setmetatable({present = 1}, {__index = function(tbl, k)
  log[#log + 1] = tostring(k)
  return k .. "!"
end})
print(t.present, t.missing, t[5], t.present)
print(#log, log[1], log[2])
local mixed = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "deep " .. k end})})
print(mixed.key)
local numk = setmetatable({}, {__index = function(_, k) return k * 2 end})
print(numk[21], numk[1.5])
