-- varargs: select('#', ...) counts trailing nils
local function count(...) return select('#', ...) end
print(count(), count(nil), count(1, nil), count(nil, nil, nil))
print(count(count()), count((count())))
local function nils() return nil, nil end
print(count(nils()), count(nils(), 1), count(1, nils()))
