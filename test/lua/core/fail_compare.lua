-- fail: uncaught comparison error
local a, b = {}, 1
print(a < b)
