-- debug.traceback with a message and a level (only the first line is printed)
local function first(s) return (s:match("^[^\n]*")) end
print(first(debug.traceback("my message")))
print(first(debug.traceback("msg with level", 2)))
print(first(debug.traceback()))
print(debug.traceback(nil) == nil)
print(debug.traceback(42))
local t = {}
print(debug.traceback(t) == t)
print(first(debug.traceback("x", 1)))
print(type(debug.traceback("y")))
-- second line is the header
local tb = debug.traceback("hdr")
print(tb:match("\n(stack traceback:)"))
-- used as an xpcall handler
local ok, msg = xpcall(function() error("failing") end, debug.traceback)
print(ok, first(msg))
local ok2, msg2 = xpcall(function() error({}) end, debug.traceback)
print(ok2, type(msg2))
-- message with embedded newlines keeps them
print(first(debug.traceback("line1\nline2")))
