-- base: setmetatable/getmetatable including __metatable protection
local t = {}
local mt = {}
print(setmetatable(t, mt) == t, getmetatable(t) == mt)
print(setmetatable(t, nil) == t, getmetatable(t))
print(getmetatable(1), getmetatable(nil), getmetatable(print))
local p = setmetatable({}, {__metatable = "locked"})
print(getmetatable(p))
print(pcall(setmetatable, p, {}))
print(pcall(setmetatable, p, nil))
local f = setmetatable({}, {__metatable = false})
print(getmetatable(f))
print(pcall(setmetatable, nil, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
print(pcall(setmetatable, 1, {}))
