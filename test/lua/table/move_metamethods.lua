-- table.move through __index/__newindex, in lua's order
local log = {}
local function logged(name, store)
  return setmetatable({}, {
    __index = function(_, k) log[#log + 1] = name .. "[" .. k .. "]"; return store[k] end,
    __newindex = function(_, k, v) log[#log + 1] = name .. "[" .. k .. "]=" .. tostring(v); store[k] = v end,
  })
end
local s1 = {1, 2, 3, 4}
local p = logged("p", s1)
table.move(p, 1, 3, 2)
print(table.concat(log, " "))
print(table.concat(s1, " "))
log = {}
local s2 = {1, 2, 3, 4}
local q = logged("q", s2)
table.move(q, 2, 4, 1)
print(table.concat(log, " "))
print(table.concat(s2, " "))
-- to a different proxy: always forward, and __eq decides whether they are "the same"
log = {}
local sa, sb = {1, 2, 3}, {}
local pa, pb = logged("a", sa), logged("b", sb)
table.move(pa, 1, 3, 2, pb)
print(table.concat(log, " "))
local eqcalls = 0
local mt = {__eq = function() eqcalls = eqcalls + 1; return true end}
local x = setmetatable({1, 2, 3}, mt)
local y = setmetatable({}, mt)
table.move(x, 1, 3, 2, y)
print(eqcalls, y[1], y[2], y[3], y[4])
-- the overlap test only asks __eq when the ranges could overlap
eqcalls = 0
table.move(x, 1, 3, 10, y)
table.move(x, 2, 3, 1, y)
print(eqcalls)
-- errors from metamethods propagate
local bad = setmetatable({}, {__index = function() error("read fails") end})
print(pcall(table.move, bad, 1, 1, 1, {}))
