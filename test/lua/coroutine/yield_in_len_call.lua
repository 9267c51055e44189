-- yield inside __len and __call
local mt = {
  __len = function(t) return coroutine.yield("len") end,
  __call = function(self, a, b) local r = coroutine.yield("call", a, b) return r, a, b end,
}
local co = coroutine.wrap(function()
  local t = setmetatable({}, mt)
  local n = #t
  local x, y, z = t(1, 2)
  local m = #t + 1
  local p = {t("only")}
  return n, x, y, z, m, #p
end)
print(co())
print(co(10))
print(co("R"))
print(co(41))
print(co("S"))
