-- error messages: upvalue names appear in blame for call, index, arith and concat
local up_nil
local up_tab = {}
local up_bool = true
print(pcall(function() return up_nil.x end))
print(pcall(function() return up_nil() end))
print(pcall(function() return up_tab + 1 end))
print(pcall(function() return up_bool .. "" end))
print(pcall(function() return #up_bool end))
print(pcall(function() return up_tab.a.b end))
