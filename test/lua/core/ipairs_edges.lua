-- ipairs over plain tables, tables with __index, holes, growth and shrinkage during the
-- loop, and its iterator called by hand (the compiled tier steps plain tables inline).
local function walk(t)
  local parts = {}
  for i, v in ipairs(t) do parts[#parts + 1] = i .. "=" .. tostring(v) end
  return table.concat(parts, ",")
end

print(walk({}))
print(walk({ 1, 2, 3 }))
print(walk({ 1, nil, 3 }))
print(walk({ [1] = "a", [2] = "b", [4] = "d" }))
print(walk({ n = 1, "x", "y" }))
print(walk(setmetatable({ 1 }, { __index = function(_, k) if k < 4 then return k * 10 end end })))
print(walk(setmetatable({}, { __index = { "p", "q" } })))

-- the table grows and shrinks under the loop
local t = { 1, 2, 3 }
local seen = {}
for i, v in ipairs(t) do
  seen[#seen + 1] = v
  if i == 2 then t[4] = 4 end
  if i == 4 then t[5] = nil end
end
print(table.concat(seen, " "))
local u = { 1, 2, 3, 4 }
local count = 0
for i in ipairs(u) do
  count = count + 1
  if i == 2 then u[3] = nil end
end
print(count)

-- the iterator by hand, including odd control values
local it, st, c = ipairs({ 5, 6 })
print(c, it(st, c))
print(it(st, 1))
print(it(st, 2))
print(pcall(it, st, 1.5))
print(pcall(it, st, "1"))
print(pcall(it, nil, 0))
print(it(st, math.maxinteger), it(st, math.mininteger), it(st, -1))

-- a sum in a hot loop
local arr = {}
for i = 1, 1000 do arr[i] = i % 13 end
local s = 0
for _ = 1, 50 do for i, v in ipairs(arr) do s = s + i * v end end
print(s)
