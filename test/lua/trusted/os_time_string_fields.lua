-- os.time converts numeric strings and integral floats in the date table
local base = os.time{year = 2020, month = 1, day = 1, hour = 12}
print(os.time{year = "2020", month = "1", day = "2", hour = 12} - base)
print(os.time{year = 2020.0, month = 1.0, day = 3.0, hour = 12.0} - base)
print(os.time{year = 2020, month = 1, day = " 4 ", hour = "12"} - base)
print(os.time{year = 2020, month = 1, day = "0x5", hour = 12} - base)
print(pcall(os.time, {year = 2020, month = 1, day = 1.5}))
print(pcall(os.time, {year = 2020, month = 1, day = "x"}))
print(pcall(os.time, {year = 2020, month = {}, day = 1}))
print(pcall(os.time, {year = 2020, month = 1, day = 1, hour = "1.5"}))
print(pcall(os.time, {year = 2020, month = 1, day = 1, min = true}))
