-- metamethods: number op table uses the table's metamethod with operands in order
local mt = {}
mt.__add = function(a, b) return "add:" .. type(a) .. "," .. type(b) end
mt.__sub = function(a, b) return "sub:" .. type(a) .. "," .. type(b) end
mt.__div = function(a, b) return "div:" .. type(a) .. "," .. type(b) end
local t = setmetatable({}, mt)
print(1 + t, t + 1, "s" + t, t - 1, 1 - t, 2 / t)
local left = setmetatable({}, {__add = function() return "left" end})
local right = setmetatable({}, {__add = function() return "right" end})
print(left + right, right + left)
local only_right = setmetatable({}, {__mul = function(a, b) return "right mul" end})
print({} * only_right ~= nil and ({} * only_right))
print(pcall(function() return {} + 1 end))
print(pcall(function() return 1 + {} end))
print("10" + setmetatable({}, {__add = function(a, b) return type(a) end}))
