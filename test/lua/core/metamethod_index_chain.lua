-- metamethods: __index tables chained several levels deep
local a = {x = "from a"}
local b = setmetatable({y = "from b"}, {__index = a})
local c = setmetatable({z = "from c"}, {__index = b})
local d = setmetatable({}, {__index = c})
print(d.x, d.y, d.z, d.w)
a.w = "late"
print(d.w)
d.x = "own"
print(d.x, c.x)
print(rawget(d, "y"))
