-- integers: unary minus and abs-like operations at the extremes wrap
local min = -9223372036854775807 - 1
print(-min, -min == min, min * -1)
print(-(9223372036854775807), - -5, -(-5.5))
local function neg(x) return -x end
print(neg(min), neg(0), neg(0.0), neg(-0.0))
print(0 - min, min - 0)
