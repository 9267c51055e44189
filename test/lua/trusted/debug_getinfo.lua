-- debug.getinfo: currentline, short_src, what, linedefined, lastlinedefined
local info = debug.getinfo(1, "Sl")
print(info.currentline, info.short_src, info.what, info.source)
local function f(a,
                 b)
  return debug.getinfo(1, "l").currentline
end
print(f())
local fi = debug.getinfo(f, "S")
print(fi.linedefined, fi.lastlinedefined, fi.what, fi.short_src)
print(debug.getinfo(print).what, debug.getinfo(print, "S").short_src, debug.getinfo(print, "S").source)
print(debug.getinfo(print, "S").linedefined, debug.getinfo(print, "S").lastlinedefined)
local main = debug.getinfo(1, "S")
print(main.what, main.linedefined)
local g = load("return debug.getinfo(1, 'Sl')", "@loadedchunk")
local gi = g()
print(gi.short_src, gi.source, gi.currentline, gi.what)
local h = load("\n\nlocal function inner()\n return 1\nend\nreturn inner", "@virtual.lua")()
local hi = debug.getinfo(h, "S")
print(hi.short_src, hi.source, hi.linedefined, hi.lastlinedefined, hi.what)
-- level 2 is the caller
local function caller_line() return debug.getinfo(2, "l").currentline end
print(caller_line())
-- a level beyond the stack gives nil
print(debug.getinfo(50))
-- one-line function
local function one() end
local oi = debug.getinfo(one, "S")
print(oi.linedefined, oi.lastlinedefined)
-- nparams / isvararg
local ui = debug.getinfo(function(a, b, ...) end, "u")
print(ui.nparams, ui.isvararg)
