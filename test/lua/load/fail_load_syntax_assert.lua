-- assert on a failed load reports the syntax error
local f = assert(load("return +", "=broken"))
f()
