-- yield inside __concat in the middle of a multi-operand concatenation
local mt = {}
mt.__concat = function(a, b)
  local sa = type(a) == "table" and ("<" .. a.name .. ">") or a
  local sb = type(b) == "table" and ("<" .. b.name .. ">") or b
  local r = coroutine.yield(sa, sb)
  return sa .. r .. sb
end
local function N(name) return setmetatable({name = name}, mt) end
local co = coroutine.create(function(x)
  local s = "a" .. "b" .. N("m") .. "c" .. x .. "d"
  local s2 = N("p") .. N("q")
  local s3 = 1 .. N("n") .. 2.5
  return s, s2, s3
end)
local ok, a, b, c = coroutine.resume(co, "X")
local k = 0
while coroutine.status(co) == "suspended" do
  k = k + 1
  print("concat", a, b)
  ok, a, b, c = coroutine.resume(co, "|" .. k .. "|")
end
print(ok, a, b, c)
