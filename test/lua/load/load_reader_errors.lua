-- reader functions that return bad values or raise errors
-- (load is called through pcall so that no message handler decorates the messages)
print(pcall(load, function() return {} end))
print(pcall(load, function() return true end))
local n = 0
print(pcall(load, function() n = n + 1 if n == 1 then return "return 1" end return 1 == 1 end))
print(pcall(load, function() error("reader failed") end))
print(pcall(load, function() error("reader failed", 0) end))
print(select('#', pcall(load, function() error({}) end)))
local ok, f, e = pcall(load, function() error({code = 1}) end)
print(ok, f, type(e), type(e) == "table" and e.code)
-- reader that is not a function and not a string
print(pcall(load, {}))
print(pcall(load, nil))
print(pcall(load))
print(pcall(load, true))
-- numbers are converted to source strings
print(load(5))
print(load(12))
-- arguments after the chunk
print(pcall(load, "return 1", "name", 5))
print(pcall(load, "return 1", {}))
