-- base: tostring on every non-address value kind
print(tostring(nil), tostring(true), tostring(false))
print(tostring(0), tostring(-1), tostring(1.25), tostring(1e300))
print(tostring("str"), tostring(""), tostring("a\0b") == "a\0b")
print(type(tostring(print)), type(tostring({})))
print(pcall(tostring))
print(tostring(1, 2))
local mt = {__tostring = function(t) return "custom:" .. t.v end}
print(tostring(setmetatable({v = 7}, mt)))
