-- metamethods: indexing non-table values errors unless a metatable provides __index
print(pcall(function() local n = 5 return n.x end))
print(pcall(function() local b = true return b[1] end))
local f = print
print(pcall(function() return f.field end))
print(pcall(function() local n = nil; return n:method() end))
print(pcall(function() local n = 5; n.x = 1 end))
