-- yield inside __eq, __lt, __le, including 5.3's __le fallback to not __lt
local log = {}
local mt = {}
mt.__lt = function(a, b) local r = coroutine.yield("lt", a.v, b.v) return r end
mt.__eq = function(a, b) local r = coroutine.yield("eq", a.v, b.v) return r end
local only_lt = {__lt = function(a, b) local r = coroutine.yield("lt-for-le", a.v, b.v) return r end}
local both = {__lt = mt.__lt, __le = function(a, b) return coroutine.yield("le", a.v, b.v) end}
local function O(v, m) return setmetatable({v = v}, m or mt) end
local co = coroutine.create(function()
  local r = {}
  r[#r + 1] = O(1) < O(2)
  r[#r + 1] = O(1) > O(2)
  r[#r + 1] = O(3) == O(3)
  r[#r + 1] = O(3) ~= O(4)
  r[#r + 1] = O(5, only_lt) <= O(6, only_lt)
  r[#r + 1] = O(7, only_lt) >= O(8, only_lt)
  r[#r + 1] = O(9, both) <= O(10, both)
  if O(11) < O(12) then r[#r + 1] = "if-true" else r[#r + 1] = "if-false" end
  while O(13) < O(14) do r[#r + 1] = "loop" break end
  local t = {}
  for i = 1, #r do t[i] = tostring(r[i]) end
  return table.concat(t, " ")
end)
local answers = {true, "x", false, 1, nil, true, false, 0, true, nil}
local i = 0
local ok, a, b, c = coroutine.resume(co)
while coroutine.status(co) == "suspended" do
  print(a, b, c)
  i = i + 1
  ok, a, b, c = coroutine.resume(co, answers[i])
end
print(ok, a)
