-- varargs: nils in the middle and at the end survive forwarding
local function forward(...) return ... end
local function last(...) local n = select('#', ...); return n, (select(n, ...)) end
print(forward(nil, 2, nil))
print(select('#', forward(nil, 2, nil)))
print(last(1, nil, nil, 4))
print(last(nil, nil, "x"))
local function second(_, b) return b end
print(second(forward(1, nil)), second(forward(1, "b")))
