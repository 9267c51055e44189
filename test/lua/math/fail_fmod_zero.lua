-- an uncaught integer fmod by zero
local a, b = 10, 0
print(math.fmod(a, 3))
print(math.fmod(a, b))
