-- uncaught error raised inside a loaded chunk
local f = load("local t = {}\nreturn t.a.b", "=loaded")
f()
