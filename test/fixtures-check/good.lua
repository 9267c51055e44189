-- Sample rules for `moonrule check` tests: no errors.
local rate = 0.1
if fact.total >= 100 then
  rate = 0.2
end
return fact.total * (1 - rate)
