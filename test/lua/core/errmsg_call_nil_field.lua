-- error messages: calling a nil field / method names the field or method
local t = {}
print(pcall(function() t.x() end))
print(pcall(function() t.a = {}; t.a.b() end))
print(pcall(function() t:m() end))
print(pcall(function() t["str key"]() end))
print(pcall(function() local k = "dyn"; t[k]() end))
print(pcall(function() t[1]() end))
