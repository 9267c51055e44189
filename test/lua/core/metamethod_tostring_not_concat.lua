-- metamethods: __tostring is used by tostring/print but not by concatenation
local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
print(obj, tostring(obj))
print(pcall(function() return "x" .. obj end))
print("x" .. tostring(obj))
local num = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, num))
