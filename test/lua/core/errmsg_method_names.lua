-- error messages: method call blame and self of wrong type
local obj = {}
print(pcall(function() obj:missing() end))
print(pcall(function() obj.sub = {}; obj.sub:deep(1) end))
print(pcall(function() local n; n:method() end))
print(pcall(function() local x = 5; x:method() end))
print(pcall(function() obj.val = 3; obj.val:m() end))
