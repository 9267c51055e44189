-- metamethods: arguments passed to __unm, __len, __bnot and __index/__newindex
local seen = {}
local mt = {}
mt.__unm = function(a, b) seen[#seen + 1] = "unm " .. tostring(rawequal(a, b)); return 0 end
mt.__bnot = function(a, b) seen[#seen + 1] = "bnot " .. tostring(rawequal(a, b)); return 0 end
mt.__len = function(a, b) seen[#seen + 1] = "len " .. tostring(b == nil or rawequal(a, b)); return 0 end
local t = setmetatable({}, mt)
local _ = -t, ~t, #t
for i = 1, #seen do print(seen[i]) end
