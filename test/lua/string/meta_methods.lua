print(getmetatable("").__index == string, getmetatable("abc") == getmetatable(""))
local s = "Hello"
print(s:upper(), s:lower(), s:len(), #s, s:rep(2), s:sub(2, 3), s:byte(1), s:reverse())
print(("%d-%s"):format(7, "x"), ("a,b"):find(","), ("k=v"):match("(%w)=(%w)"), ("aaa"):gsub("a", "b"))
print(s.len == string.len, s.nope, ("x").upper == string.upper)
print(pcall(function() return s:nope() end))
print(pcall(function() return (5):upper() end))
print(pcall(function() local n = 5; return n:rep(2) end))
string.custom = function(self) return "custom:" .. self end
print(("abc"):custom())
string.custom = nil
print(pcall(function() return ("abc"):custom() end))
print(s["len"](s), ("x")["rep"]("x", 3))
print(pcall(function() return ("x"):bad() end))
print(pcall(function() local t = {} ; return ("x")[t] end))
print(type(string), type(string.format), type(string.gmatch("a", "a")))
for _, name in ipairs({"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
  "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack"}) do
  io.write(name, "=", type(string[name]), " ")
end
print()
