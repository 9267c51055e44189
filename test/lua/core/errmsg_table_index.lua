-- error messages: nil and NaN table keys on write; reads are fine
local t = {}
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
print(pcall(function() local k; t[k] = true end))
print(pcall(function() return t[nil] end))
print(pcall(function() return {[nil] = 1} end))
print(pcall(rawset, t, nil, 1))
