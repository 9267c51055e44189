-- calls: argument count adjustment, missing args are nil, extra args dropped
local function three(a, b, c) return a, b, c end
print(three(1))
print(three(1, 2, 3, 4, 5))
local order = {}
local function mark(v) order[#order + 1] = v; return v end
three(mark("first"), mark("second"), mark("third"))
print(order[1], order[2], order[3])
local function noargs() return "ok" end
print(noargs(1, 2, 3))
print(select('#', three()))
