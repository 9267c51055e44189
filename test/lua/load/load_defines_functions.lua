-- chunks that define functions used later
load([[
  function add(a, b) return a + b end
  function make_counter()
    local n = 0
    return function() n = n + 1 return n end
  end
  lib = {}
  function lib.double(x) return x * 2 end
  function lib:method(x) return self == lib, x end
]])()
print(add(2, 3))
local c = make_counter()
print(c(), c(), c())
print(lib.double(21), lib:method("m"))
-- loading code built at run time
local ops = {add = "+", sub = "-", mul = "*", idiv = "//"}
local names = {}
for name in pairs(ops) do names[#names + 1] = name end
table.sort(names)
local fns = {}
for _, name in ipairs(names) do
  fns[name] = load("return function(a, b) return a " .. ops[name] .. " b end")()
end
for _, name in ipairs(names) do print(name, fns[name](17, 5)) end
-- a chunk that loads another chunk
local outer = load("return load('return 6 * 7')()")
print(outer())
-- memoized compilation: each load creates a new function
local src = "return {}"
local f1, f2 = load(src), load(src)
print(f1 == f2, f1() == f1())
-- recursive function defined by a loaded chunk
load("function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end")()
print(fact(20))
-- local functions in a chunk, returned in a table
local mod = load([[
  local M = {}
  local function helper(x) return x .. "!" end
  function M.shout(s) return helper(s:upper()) end
  return M
]])()
print(mod.shout("hello"))
