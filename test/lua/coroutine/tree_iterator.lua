-- coroutine-based iterators over trees (in-order, pre-order, and merging two trees)
local function insert(t, v)
  if t == nil then return {v = v} end
  if v < t.v then t.l = insert(t.l, v) else t.r = insert(t.r, v) end
  return t
end
local function inorder(t)
  if t then inorder(t.l) coroutine.yield(t.v) inorder(t.r) end
end
local function preorder(t, depth)
  if t then coroutine.yield(t.v, depth) preorder(t.l, depth + 1) preorder(t.r, depth + 1) end
end
local function iter(f, ...)
  local args = table.pack(...)
  return coroutine.wrap(function() f(table.unpack(args, 1, args.n)) end)
end
local root
for _, v in ipairs{50, 30, 70, 20, 40, 60, 80, 35, 45, 65} do root = insert(root, v) end
local out = {}
for v in iter(inorder, root) do out[#out + 1] = v end
print(table.concat(out, " "))
out = {}
for v, d in iter(preorder, root, 0) do out[#out + 1] = v .. "@" .. d end
print(table.concat(out, " "))
-- merge two sorted trees with two iterators
local other
for _, v in ipairs{33, 5, 90, 47, 61} do other = insert(other, v) end
local a, b = iter(inorder, root), iter(inorder, other)
local x, y = a(), b()
out = {}
while x or y do
  if y == nil or (x ~= nil and x <= y) then out[#out + 1] = x x = a() else out[#out + 1] = y y = b() end
end
print(table.concat(out, " "))
-- a generic tree (n-ary) walk with paths
local tree = {name = "root", children = {
  {name = "a", children = {{name = "a1"}, {name = "a2"}}},
  {name = "b"},
  {name = "c", children = {{name = "c1", children = {{name = "c1x"}}}}},
}}
local function walk(node, path)
  local p = path .. "/" .. node.name
  coroutine.yield(p)
  for _, ch in ipairs(node.children or {}) do walk(ch, p) end
end
for p in coroutine.wrap(function() walk(tree, "") end) do print(p) end
