-- coroutine.resume called from hot code (done on the stack, without argument and result
-- arrays): every result count a call site can want, argument counts from none to many, and the
-- failures (no thread, a dead one, a running one, an error inside) at the same sites.
local function gen(...)
  local args = { ... }
  return coroutine.create(function(...)
    local got = { ... }
    while true do
      got = { coroutine.yield(#got, table.unpack(got)) }
    end
  end)
end

local out = {}
for round = 1, 50 do
  local co = gen()
  local a = coroutine.resume(co)                    -- one result
  local b1, b2, b3, b4 = coroutine.resume(co, 1, 2)  -- four, padded
  coroutine.resume(co, "x")                          -- none
  local all = table.pack(coroutine.resume(co, 1, nil, 3, nil)) -- all of them
  local many = table.pack(coroutine.resume(co, table.unpack({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })))
  local e1 = table.pack(pcall(coroutine.resume))
  local e2 = table.pack(pcall(coroutine.resume, 42))
  local dead = coroutine.create(function() return "done", round end)
  local d1 = table.pack(coroutine.resume(dead))
  local d2 = table.pack(coroutine.resume(dead))
  local bad = coroutine.create(function(x) error({ code = x }) end)
  local ok, err = coroutine.resume(bad, round)
  local self
  self = coroutine.create(function() return coroutine.resume(self) end)
  local s1 = table.pack(coroutine.resume(self))
  if round == 50 then
    out[#out + 1] = table.concat({ tostring(a), tostring(b1), tostring(b2), tostring(b3), tostring(b4) }, " ")
    out[#out + 1] = all.n .. " " .. tostring(all[1]) .. " " .. tostring(all[2]) .. " " .. tostring(all[4]) .. " " .. tostring(all[6])
    out[#out + 1] = many.n .. " " .. tostring(many[14])
    out[#out + 1] = tostring(e1[1]) .. " " .. tostring(e1[2])
    out[#out + 1] = tostring(e2[1]) .. " " .. tostring(e2[2])
    out[#out + 1] = table.concat({ tostring(d1[1]), tostring(d1[2]), tostring(d1[3]), tostring(d2[1]), tostring(d2[2]) }, " ")
    out[#out + 1] = tostring(ok) .. " " .. type(err) .. " " .. tostring(err.code)
    out[#out + 1] = tostring(s1[1]) .. " " .. tostring(s1[2]) .. " " .. tostring(s1[3])
  end
end
print(table.concat(out, "\n"))
