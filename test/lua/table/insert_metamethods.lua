-- table.insert goes through __index/__newindex/__len (lua_geti/lua_seti)
local log = {}
local store = {10, 20, 30}
local proxy = setmetatable({}, {
  __len = function() log[#log + 1] = "len"; return #store end,
  __index = function(_, k) log[#log + 1] = "get " .. k; return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set " .. k .. "=" .. tostring(v); store[k] = v end,
})
table.insert(proxy, 2, 15)
print(table.concat(log, ", "))
print(table.concat(store, " "))
log = {}
table.insert(proxy, 99)
print(table.concat(log, ", "))
print(table.concat(store, " "))

-- a table with a metatable that only has __newindex: reads are raw
local writes = 0
local t = setmetatable({1, 2}, {__newindex = function(t, k, v) writes = writes + 1; rawset(t, k, v) end})
table.insert(t, 1, 0)
print(writes, t[1], t[2], t[3])

-- __index as a table
local base = {"a", "b", "c"}
local view = setmetatable({}, {__index = base, __len = function() return 3 end})
table.insert(view, 1, "z")
print(rawget(view, 1), rawget(view, 2), rawget(view, 3), rawget(view, 4))

-- __len result counts even when the raw table has more
local short = setmetatable({1, 2, 3, 4}, {__len = function() return 2 end})
table.insert(short, "x")
print(short[1], short[2], short[3], short[4])

-- an error inside a metamethod propagates unchanged
local bad = setmetatable({}, {__newindex = function() error("no writes") end})
print(pcall(table.insert, bad, 1))
local bad2 = setmetatable({}, {__len = function() error({code = 7}) end})
local ok, e = pcall(table.insert, bad2, 1)
print(ok, type(e), e.code)
