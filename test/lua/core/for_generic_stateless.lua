-- generic for: stateless iterators with state and control variable
local function iter(t, i)
  i = i + 1
  if t[i] ~= nil then return i, t[i] end
end
for i, v in iter, {"a", "b", "c"}, 0 do print(i, v) end
local function countdown(max, cur)
  if cur > 1 then return cur - 1 end
end
for v in countdown, 5, 5 do print("cd", v) end
local function evens(limit, c)
  c = c + 2
  if c <= limit then return c, c * c end
end
for a, b in evens, 8, 0 do print(a, b) end
