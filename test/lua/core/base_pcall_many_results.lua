-- base: pcall and calls forwarding many results
local function range(i, n) if i <= n then return i, range(i + 1, n) end end
print(select('#', range(1, 200)))
print(select('#', pcall(range, 1, 200)))
print(select(200, range(1, 200)))
print(select(-1, pcall(range, 1, 150)))
local t = {range(1, 250)}
print(#t, t[250])
