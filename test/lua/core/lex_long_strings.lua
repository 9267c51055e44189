-- lexical: long brackets of several levels, first newline skipped
local a = [[hello]]
local b = [==[with ]] inside]==]
local c = [[
first newline skipped]]
local d = [=[
  two
  lines]=]
local e = [====[a]===]b]====]
print(a, #a)
print(b)
print(c)
print(d)
print(e)
print([[no \n escapes \t here]])
print(#[[

x]])
print([==[]==] == "")
