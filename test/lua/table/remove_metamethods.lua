-- table.remove through metamethods, with the exact sequence of accesses
local log = {}
local store = {"a", "b", "c", "d"}
local proxy = setmetatable({}, {
  __len = function() log[#log + 1] = "len"; return #store end,
  __index = function(_, k) log[#log + 1] = "get " .. k; return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set " .. k .. "=" .. tostring(v); store[k] = v end,
})
print(table.remove(proxy, 2))
print(table.concat(log, ", "))
log = {}
print(table.remove(proxy))
print(table.concat(log, ", "))
log = {}
print(table.remove(proxy, #store + 1))
print(table.concat(log, ", "))
print(#store, store[1], store[2])

-- __len claiming more elements than there are
local t = setmetatable({1, 2, 3}, {__len = function() return 5 end})
print(table.remove(t, 2), rawget(t, 1), rawget(t, 2), rawget(t, 3), rawget(t, 4), rawget(t, 5))
-- __len of zero with t[0] present
local z = setmetatable({[0] = "zero"}, {__len = function() return 0 end})
print(table.remove(z), rawget(z, 0))
