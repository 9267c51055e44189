-- floats: negative zero printing and equality
print(-0.0, 0.0, -0.0 == 0.0)
print(0 * -1, 0.0 * -1)
print(1/(-0.0), 1/0.0)
print(-0.0 .. "")
local z = -0.0
print(z, -z, tostring(z))
print(0 == -0, -0)
