-- metamethods: metatables without the right event give plain type errors
local t = setmetatable({}, {__index = {}})
print(pcall(function() return t + 1 end))
print(pcall(function() return t .. "x" end))
print(pcall(function() return t < t end))
print(pcall(function() return t() end))
print(pcall(function() return -t end))
print(pcall(function() return ~t end))
print(#t)
