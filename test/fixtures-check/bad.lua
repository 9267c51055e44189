-- Sample rules for `moonrule check` tests: two mistakes.
local rate = 0.1
if fact.total = 100 then
  rate = 0.2
end
local label = "total: " .. fact.total
if fact.vip != true then
  rate = 0
end
return fact.total * (1 - rate)
