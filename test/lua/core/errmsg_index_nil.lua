-- error messages: indexing nil values with variable names
local order = {}
print(pcall(function() return order.customer.name end))
print(pcall(function() local x; return x.field end))
print(pcall(function() local x; x.field = 1 end))
print(pcall(function() return undefined_global.field end))
print(pcall(function() return order.customer[1] end))
local up
print(pcall(function() return up.x end))
print(pcall(function() return order[1][2] end))
print(pcall(function() local a = {b = {}}; return a.b.c.d end))
