-- base: rawequal, rawget, rawset, rawlen bypass metamethods
local mt = {
  __index = function() return "meta" end,
  __newindex = function() error("no writes") end,
  __len = function() return 99 end,
  __eq = function() return true end,
}
local t = setmetatable({1, 2, 3}, mt)
local u = setmetatable({}, mt)
print(t.x, rawget(t, "x"), rawget(t, 1))
print(pcall(function() t.y = 1 end))
print(rawset(t, "y", 5) == t, rawget(t, "y"))
print(#t, rawlen(t), rawlen("abcd"))
print(t == u, rawequal(t, u), rawequal(t, t), rawequal(1, 1.0), rawequal("a", "a"))
print(pcall(rawlen, 5))
print(pcall(rawget, "s", 1))
print(pcall(rawset, {}, nil, 1))
print(pcall(rawset, {}, 0/0, 1))
print(pcall(rawequal, 1))
print(rawget(t, 1.0), rawget({[2] = "two"}, 2.0))
