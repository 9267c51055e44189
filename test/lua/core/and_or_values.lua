-- logic: and/or return operand values and short-circuit
print(1 and 2, nil and 2, false and 2, 1 or 2, nil or 2, false or nil)
print(nil and nil, false or false, nil or false, false and nil)
print(1 and nil, 0 or "x", "" and "y")
local calls = 0
local function f(v) calls = calls + 1; return v end
local r = f(false) and f(true)
print(r, calls)
r = f(1) or f(2)
print(r, calls)
r = f(nil) or f(false) or f("last")
print(r, calls)
print(1 == 1 and "yes" or "no", 1 == 2 and "yes" or "no")
print(false == nil, not not nil, not 0)
local x = nil
local y = x and x.field or "default"
print(y)
