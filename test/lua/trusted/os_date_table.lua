-- os.date("!*t") fields
local function show(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = k .. "=" .. tostring(t[k]) end
  print(table.concat(out, " "))
end
show(os.date("!*t", 86400))
show(os.date("!*t", 0))
show(os.date("!*t", 951868800))
show(os.date("!*t", 1234567890))
local t = os.date("!*t", 86400)
print(math.type(t.year), math.type(t.yday), type(t.isdst))
-- "*t" (local) has the same keys
local lt = os.date("*t", 86400)
local n = 0
for _ in pairs(lt) do n = n + 1 end
print(n, type(lt.isdst))
-- os.time on a local "*t" table gives back the same time
print(os.time(os.date("*t", 1000000000)))
print(os.time(os.date("*t", 86400)) - os.time(os.date("*t", 0)))
