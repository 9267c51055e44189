print(string.format("%d %s %.2f", 42, "str", 3.14159))
print(string.format("Name: %-10s Age: %3d Score: %6.2f%%", "Bob", 25, 93.456))
print(string.format("%s=%d;", "a", 1):rep(3))
print(string.format("no conversions"), string.format(""), string.format("%%"), string.format("100%%"))
print(string.format("%5s|%-5s|%5d|%-5d|%5.1f|%-5.1f|", "ab", "ab", 12, 12, 1.25, 1.25))
print(pcall(string.format, "%3$s", 1))
print(string.format("%s %s %s %s %s", 1, 2.0, "3", true, nil))
print(string.format("[%c%c]", 0x41, 0x42), string.format("%x-%X-%o", 3054, 3054, 3054))
local args = {}
for i = 1, 50 do args[i] = i end
print(string.format(string.rep("%d", 50, ","), table.unpack(args)))
print(#string.format(string.rep("%s", 100), table.unpack(setmetatable({}, {__index = function() return "ab" end}), 1, 100)))
print(string.format("%.3s|%.10s|%.0s|", "abcdef", "abc", "abc"))
print(string.format("%-+5d|%+-5d|%0-5d|%-05d|", 3, 3, 3, 3))
