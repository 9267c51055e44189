-- multiple returns: adjustment in assignments, parentheses, constructors and arguments
local function three() return 1, 2, 3 end
local function none() end
local a, b, c, d = three()
print(a, b, c, d)
local x, y = three(), 10
print(x, y)
local p = (three())
print(p)
local t = {three(), three()}
print(#t, t[1], t[2], t[4])
local u = {three(), (three())}
print(#u)
local v = {none(), none()}
print(#v, v[1])
print(three(), three())
print((three()))
print(none())
print((none()))
local e, f = none()
print(e, f)
local g, h, i = 1
print(g, h, i)
local j = 1, 2, 3
print(j)
