-- metamethods: __index returning false vs nil, __index chains to non-tables error
local t = setmetatable({}, {__index = function() return false end})
print(t.x, t.x == false)
local bad = setmetatable({}, {__index = 5})
print(pcall(function() return bad.x end))
local boolindex = setmetatable({}, {__index = true})
print(pcall(function() return boolindex.len end))
