-- os.time with a table: differences between fixed dates do not depend on the time zone
local function t(y, m, d, h, mi, s)
  return os.time{year = y, month = m, day = d, hour = h or 12, min = mi or 0, sec = s or 0}
end
print(math.type(t(2000, 1, 1)))
print(t(2000, 1, 2) - t(2000, 1, 1))
print(t(2000, 3, 1) - t(2000, 2, 1))
print(t(2001, 3, 1) - t(2001, 2, 1))
print(t(2021, 1, 1) - t(2020, 1, 1))
print(t(2020, 1, 1, 12, 30, 15) - t(2020, 1, 1, 12, 0, 0))
-- normalisation of out-of-range fields
print(t(2020, 1, 32) - t(2020, 2, 1))
print(t(2020, 13, 1) - t(2021, 1, 1))
print(t(2020, 1, 1, 25) - t(2020, 1, 2, 1))
print(t(2020, 1, 1, 12, 61) - t(2020, 1, 1, 13, 1))
print(t(2020, 1, 1, 12, 0, -1) - t(2020, 1, 1, 11, 59, 59))
print(t(2020, 0, 1) - t(2019, 12, 1))
-- hour defaults to 12 when missing
print(os.time{year = 2020, month = 6, day = 15} - os.time{year = 2020, month = 6, day = 15, hour = 0})
-- missing required fields
print(pcall(os.time, {year = 2020, month = 1}))
print(pcall(os.time, {year = 2020, day = 1}))
print(pcall(os.time, {month = 1, day = 1}))
-- os.time() without arguments is an integer
print(math.type(os.time()))
