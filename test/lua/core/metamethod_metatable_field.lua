-- metamethods: __metatable hides the real metatable and blocks setmetatable
local real = {__index = {hidden = "yes"}, __metatable = {fake = true}}
local t = setmetatable({}, real)
print(t.hidden, getmetatable(t).fake, getmetatable(t) == real)
print(pcall(setmetatable, t, {}))
local n = setmetatable({}, {__metatable = 0})
print(getmetatable(n))
local z = setmetatable({}, {__metatable = nil})
print(getmetatable(z) ~= nil)
