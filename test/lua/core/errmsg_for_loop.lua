-- error messages: numeric for with bad initial, limit or step values
local t = {}
print(pcall(function() for i = nil, 10 do end end))
print(pcall(function() for i = 1, t.missing do end end))
print(pcall(function() for i = 1, 10, {} do end end))
print(pcall(function() for i = "x", 10 do end end))
print(pcall(function() for i = 1, "y" do end end))
print(pcall(function() for i = 1, 10, false do end end))
