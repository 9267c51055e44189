-- coroutine.wrap as a generator
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i, i * i) end
    return "last"
  end)
end
local g = gen(4)
print(g()) print(g()) print(g()) print(g()) print(g())
print(type(g))
for i, sq in coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i, -i) end end) do
  print("for", i, sq)
end
local w = coroutine.wrap(function(...) local a = {...} while true do a = {coroutine.yield(#a, ...)} end end)
print(w(1, 2, 3))
print(w())
print(w(nil, nil))
