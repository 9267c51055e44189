-- fail: uncaught call of undefined global inside nested functions
local function inner() undefined_function("arg") end
local function outer() inner() end
print("start")
outer()
print("never printed")
