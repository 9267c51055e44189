-- table.concat reads through __index and takes the length from __len
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = k; return "v" .. k end,
  __len = function() return 4 end,
})
print(table.concat(proxy, ","))
print(table.concat(log, " "))
print(table.concat(proxy, ",", 3, 6))
-- __len results: integral float and numeric strings are accepted
local f = setmetatable({}, {__index = function(_, k) return k end, __len = function() return 3.0 end})
print(table.concat(f, ","))
local s = setmetatable({}, {__index = function(_, k) return k * 2 end, __len = function() return "3" end})
print(table.concat(s, ","))
local bad = setmetatable({}, {__len = function() return 2.5 end})
print(pcall(table.concat, bad))
local bad2 = setmetatable({}, {__len = function() return {} end})
print(pcall(table.concat, bad2))
-- __len is called even when the range is explicit
local called = 0
local c = setmetatable({"x", "y"}, {__len = function() called = called + 1; return 2 end})
print(table.concat(c, ",", 1, 2), called)
-- an __index returning a non-string
local nums = setmetatable({}, {__index = function(_, k) if k == 2 then return {} end return k end})
print(pcall(table.concat, nums, ",", 1, 3))
-- __tostring is not used
local obj = setmetatable({}, {__tostring = function() return "obj" end})
print(pcall(table.concat, {obj}))
-- __index as a table chain
local base = {"p", "q", "r"}
local view = setmetatable({}, {__index = base})
print(table.concat(view, "", 1, 3))
