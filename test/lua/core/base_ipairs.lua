-- base: ipairs stops at first nil and respects __index in 5.3
for i, v in ipairs({"a", "b", "c"}) do print(i, v) end
for i, v in ipairs({1, 2, nil, 4}) do print("gap", i, v) end
local n = 0
for i in ipairs({}) do n = n + 1 end
print("empty", n)
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do print("proxy", i, v) end
print(pcall(ipairs))
local f, s, i = ipairs({5})
print(type(f), i, f(s, 0))
print(f(s, 1))
