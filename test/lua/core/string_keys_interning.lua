-- strings: equal strings built differently are the same table key
local t = {}
t["ab"] = 1
local built = "a" .. "b"
print(t[built], built == "ab", rawequal(built, "ab"))
local long1 = ""
local long2 = ""
for i = 1, 50 do long1 = long1 .. "xy"; long2 = long2 .. "x" .. "y" end
t[long1] = "long"
print(t[long2], long1 == long2, #long1)
t[1 .. ""] = "one"
print(t["1"], t[1])
