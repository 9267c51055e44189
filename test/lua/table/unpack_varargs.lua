-- unpack/pack with varargs functions
local function count(...) return select('#', ...) end
local function last(...) local n = select('#', ...); return (select(n, ...)) end
print(count(table.unpack({1, 2, 3})), count(table.unpack({1, 2, 3}), 4), count(0, table.unpack({1, 2, 3})))
print(last(table.unpack({1, 2, 3}, 1, 10)), count(table.unpack({1, 2, 3}, 1, 10)))
local function f(...) return table.pack(...) end
local p = f(nil, nil, nil)
print(p.n, #p)
local function wrap(...) local t = table.pack(...); return table.unpack(t, 1, t.n) end
print(wrap(1, nil, 3, nil))
print(count(wrap(1, nil, 3, nil)))
print((table.unpack({"first", "second"})))
local t = {table.unpack({1, 2, 3}), table.unpack({4, 5, 6})}
print(#t, table.concat(t, " "))
local deep = {}
for i = 1, 250 do deep[i] = i end
print(math.max(table.unpack(deep)), math.min(table.unpack(deep)))
