-- String keys are stored apart from other keys (see src/vm/table.ts): names that mean
-- something to JavaScript objects, numeric-looking strings, clearing, reviving and churning
-- keys must all behave as plain Lua keys.

local names = {
  "__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty",
  "__defineGetter__", "__lookupSetter__", "isPrototypeOf", "length", "then", "call",
  "0", "1", "-1", "1.5", "01", "4294967295", "4294967296", "9007199254740993", "1e3",
  "", " ", "\0", "a\0b", "NaN", "Infinity", "undefined", "null", "__index", "__newindex",
}

local function sortedKeys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = type(k) .. ":" .. tostring(k) end
  table.sort(ks)
  return table.concat(ks, ",")
end

-- absent, then set, then read back raw and through pairs
local t = {}
for i, k in ipairs(names) do
  assert(t[k] == nil and rawget(t, k) == nil, k)
  t[k] = i
end
for i, k in ipairs(names) do assert(t[k] == i and rawget(t, k) == i, k) end
print(sortedKeys(t))

-- string keys never alias number keys
local m = {}
m["1"] = "s1"; m[1] = "n1"; m["1.5"] = "s"; m[1.5] = "f"; m["0"] = "s0"; m[0] = "n0"
print(m["1"], m[1], m["1.5"], m[1.5], m["0"], m[0], #m)
print(sortedKeys(m))

-- clear some keys, then revive some: absent keys are gone from pairs and next
for i = 1, #names, 2 do t[names[i]] = nil end
print(sortedKeys(t))
for i = 1, #names, 4 do t[names[i]] = -i end
print(sortedKeys(t))

-- clearing every field during a traversal is allowed
for k in pairs(t) do t[k] = nil end
print(next(t))

-- a cleared key is absent for __newindex and __index too
local log = {}
local mt = {
  __index = function(_, k) return "idx:" .. tostring(k) end,
  __newindex = function(tt, k, v) log[#log + 1] = tostring(k); rawset(tt, k, v) end,
}
local o = setmetatable({}, mt)
o.x = 1 -- __newindex
o.x = 2 -- raw (present)
o.x = nil -- raw clear
print(o.x) -- __index
o.x = 3 -- __newindex again
print(o.x, table.concat(log, " "))

-- churning many distinct keys through one table leaves it empty and usable
local c = {}
for i = 1, 20000 do
  local k = "key" .. i
  c[k] = i
  if i % 3 ~= 0 then c[k] = nil end
end
local n, sum = 0, 0
for _, v in pairs(c) do n = n + 1; sum = sum + v end
print(n, sum)
for i = 1, 20000 do c["key" .. i] = nil end
print(next(c))
c.after = "ok"
print(sortedKeys(c))

-- next() after a key was cleared mid-traversal still continues from it
local d = {}
for i = 1, 50 do d["k" .. i] = i end
local seen, k = 0, nil
repeat
  k = next(d, k)
  if k ~= nil then
    seen = seen + 1
    d[k] = nil
  end
until k == nil
print(seen, next(d))

-- objects built field by field in different orders compare by content, not layout
local function mk(order)
  local r = {}
  for _, f in ipairs(order) do r[f] = f:upper() end
  return r
end
local a, b = mk({ "x", "y", "z" }), mk({ "z", "x", "y" })
print(a.x .. a.y .. a.z, b.x .. b.y .. b.z, sortedKeys(a) == sortedKeys(b))

-- constant keys (the compiled tier writes these in place): clear, revive, add after clearing
local r = {}
r.a = 1; r.a = nil; r.a = 2; r.b = nil; r.b = 3
for i = 1, 40 do r.a = nil; r.c = i; r.a = i end
r.c = nil
print(r.a, r.b, r.c, sortedKeys(r))

-- new fields of tables with a metatable: raw while the metatable has no __newindex, through
-- it as soon as it has one (the compiled tier caches the metatable's __newindex)
local Class = {}
Class.__index = Class
local calls = {}
local function make(i)
  local obj = setmetatable({}, Class)
  obj.id = i
  obj.name = "n" .. i
  return obj
end
local objs = {}
for i = 1, 30 do objs[i] = make(i) end
Class.__newindex = function(t, k, v) calls[#calls + 1] = k; rawset(t, k, v) end
for i = 31, 33 do objs[i] = make(i) end
objs[1].extra = true
Class.__newindex = nil
local late = make(99)
local store = {}
Class.__newindex = store
local last = make(100)
print(#calls, table.concat(calls, ","), late.id, late.name, rawget(last, "id"), store.id, store.name, last.id)
