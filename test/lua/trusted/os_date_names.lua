-- day and month names, 12-hour clock, in the C locale
print(os.date("!%a %A %b %B", 0))
print(os.date("!%a %A %b %B", 86400 * 3))
print(os.date("!%I %p", 0))
print(os.date("!%I %p", 13 * 3600))
print(os.date("!%M %S", 59 * 60 + 58))
for m = 0, 11 do
  local secs = os.time{year = 2001, month = m + 1, day = 15, hour = 12}
  io.write(os.date("%b", secs), " ")
end
print()
for d = 0, 6 do io.write(os.date("!%a", d * 86400), " ") end
print()
print(os.date("!%e|%D|%T", 1234567890))
print(os.date("!%c", 0))
print(os.date("!%x %X", 0))
