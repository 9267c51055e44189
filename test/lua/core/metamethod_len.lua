-- metamethods: __len on tables; strings ignore it; result not adjusted
local t = setmetatable({1, 2, 3}, {__len = function(self) return 42 end})
print(#t, rawlen(t))
local s = setmetatable({}, {__len = function() return "len", "extra" end})
print(#s)
local n = setmetatable({}, {__len = function() return nil end})
print(#n)
print(#{1, 2, 3, nil}, #{n = 1}, #{})
