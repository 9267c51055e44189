-- varargs: passing and returning hundreds of values through ... and select
local function gen(n, i) i = i or 1 if i <= n then return i, gen(n, i + 1) end end
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(gen(240)), select('#', gen(240)))
local function id(...) return ... end
print(select('#', id(id(id(gen(200))))))
local t = {id(gen(240))}
print(#t, t[1], t[240])
print(select(-2, gen(240)))
