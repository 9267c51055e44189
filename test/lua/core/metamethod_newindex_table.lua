-- metamethods: __newindex as a table redirects writes (chained) only for absent keys
local store = {}
local mid = setmetatable({}, {__newindex = store})
local t = setmetatable({existing = 0}, {__newindex = mid})
t.a = 1
t.existing = 2
print(rawget(t, "a"), rawget(mid, "a"), store.a, t.existing)
t[1] = "one"
print(rawget(t, 1), store[1])
