-- an error inside a coroutine leaves it dead; locals after error are not resumed
local log = {}
local co = coroutine.create(function()
  log[#log + 1] = "a"
  coroutine.yield()
  log[#log + 1] = "b"
  local t = nil
  t.x = 1
  log[#log + 1] = "c"
end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))
print(table.concat(log, ","))
-- runtime error messages inside coroutines
local function try(f) local c = coroutine.create(f) print(coroutine.resume(c)) end
try(function() return 1 + {} end)
try(function() return #5 end)
try(function() return {} < {} end)
try(function() local s = "a" return s .. {} end)
try(function() undefinedfunction() end)
try(function() local t = {} t.m() end)
try(function() return ("x"):nope() end)
