-- metamethods: __newindex table whose own __newindex is a function
local log = {}
local sink = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end})
local front = setmetatable({}, {__newindex = sink})
front.a = 1
front.b = true
print(rawget(front, "a"), rawget(sink, "a"), sink.b)
print(#log, log[1], log[2])
front.a = 2
print(#log, sink.a)
