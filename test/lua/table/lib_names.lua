-- error messages name functions as lua5.3 does: by call site, else as "table.x"
print(pcall(table.insert))
print(pcall(function() table.insert() end))
print(pcall(function() local tinsert = table.insert; tinsert() end))
print(pcall(function() local lib = {add = table.insert}; lib.add() end))
print(pcall(function() local obj = {push = table.insert}; obj:push(1, 2) end))
print(pcall(function() local obj = {push = table.insert}; obj:push(9, 2) end))
print(pcall(function() return table.concat({}, {}) end))
print(pcall(function() return table.unpack({}, "a") end))
print(pcall(function() return math.floor("a") end))
print(pcall(function() return utf8.char(-1) end))
print(pcall(math.floor))
print(pcall(utf8.len))
print(type(table), type(math), type(utf8))
local names = {}
for k in pairs(table) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
names = {}
for k in pairs(utf8) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
names = {}
for k in pairs(math) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
