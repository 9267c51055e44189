-- error messages: blame for constants and global tables
print(pcall(function() return ("x")() end))
print(pcall(function() return (1)() end))
print(pcall(function() return nil .. "x" end))
print(pcall(function() local t = {}; return t.x.y.z end))
print(pcall(function() _G.nothere() end))
print(pcall(function() _ENV.nothere2() end))
