-- base: error with level 1, 2 and 0 positions
local function lvl1() error("at level 1") end
local function lvl2() error("at level 2", 2) end
local function lvl0() error("no position", 0) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(lvl0))
print(pcall(error, "direct"))
print(pcall(function() error("default") end))
print(pcall(function() error(42) end))
print(pcall(function() error(42, 2) end))
print(pcall(function() error("with level 1", 1) end))
