-- common idioms built on insert/remove/move/unpack
local stack = {}
for i = 1, 10 do table.insert(stack, i * i) end
local popped = {}
while #stack > 5 do popped[#popped + 1] = table.remove(stack) end
print(table.concat(popped, " "), table.concat(stack, " "))
local queue = {}
for i = 1, 6 do table.insert(queue, "job" .. i) end
print(table.remove(queue, 1), table.remove(queue, 1), #queue, queue[1])
table.insert(queue, 1, "urgent")
print(table.concat(queue, ","))
-- copying and slicing
local function slice(t, i, j) return table.move(t, i, j, 1, {}) end
local s = slice({10, 20, 30, 40, 50}, 2, 4)
print(#s, table.concat(s, " "))
local copy = table.pack(table.unpack({1, 2, 3}))
print(copy.n, table.concat(copy, " "))
-- reversing in place with move and a temporary
local r = {1, 2, 3, 4, 5, 6, 7}
for i = 1, #r // 2 do r[i], r[#r - i + 1] = r[#r - i + 1], r[i] end
print(table.concat(r, " "))
-- a sorted insert
local sorted = {}
for _, v in ipairs({5, 1, 4, 1, 5, 9, 2, 6, 5, 3}) do
  local pos = #sorted + 1
  for i = 1, #sorted do if v < sorted[i] then pos = i; break end end
  table.insert(sorted, pos, v)
end
print(table.concat(sorted, " "))
-- join with different separators
print(table.concat({"a", "b", "c"}, ", ", 1, 2) .. " and " .. table.concat({"a", "b", "c"}, "", 3))
