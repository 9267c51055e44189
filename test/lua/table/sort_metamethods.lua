-- table.sort on proxies and on values ordered by __lt
local reads, writes = 0, 0
local store = {5, 1, 4, 2, 3, 9, 0, 8, 7, 6}
local proxy = setmetatable({}, {
  __index = function(_, k) reads = reads + 1; return store[k] end,
  __newindex = function(_, k, v) writes = writes + 1; store[k] = v end,
  __len = function() return #store end,
})
table.sort(proxy)
print(table.concat(store, " "), reads, writes)
reads, writes = 0, 0
table.sort(proxy, function(a, b) return a > b end)
print(table.concat(store, " "), reads, writes)
-- objects with __lt
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
local vals = {30, 10, 50, 20, 40, 10, 30}
for i, v in ipairs(vals) do objs[i] = setmetatable({v = v, id = i}, mt) end
table.sort(objs)
local out = {}
for i, o in ipairs(objs) do out[i] = o.v .. "/" .. o.id end
print(table.concat(out, " "))
-- __lt that errors
local bad = {__lt = function() error("no order") end}
print(pcall(table.sort, {setmetatable({}, bad), setmetatable({}, bad)}))
-- the comparator changing the table while it is sorted
local t = {5, 4, 3, 2, 1, 0}
local ok, e = pcall(table.sort, t, function(a, b)
  if a == 3 then t[6] = 100 end
  return a < b
end)
print(ok, e, table.concat(t, " "))
-- removing elements from inside the comparator ends in an error comparing nil
t = {5, 4, 3, 2, 1}
print(pcall(table.sort, t, function(a, b) t[3] = nil; return a < b end))
-- a table that gains a metatable from the comparator
local gained = {4, 3, 2, 1}
local log = 0
table.sort(gained, function(a, b)
  if getmetatable(gained) == nil then
    setmetatable(gained, {__newindex = function(t, k, v) log = log + 1; rawset(t, k, v) end})
  end
  return a < b
end)
print(table.concat(gained, " "), log >= 0)
-- sorting only the part covered by __len
local partial = setmetatable({9, 8, 7, 6, 5}, {__len = function() return 3 end})
table.sort(partial)
print(table.concat(partial, " ", 1, 5))
