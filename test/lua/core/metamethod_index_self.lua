-- metamethods: the mt.__index = mt idiom and shared metatables
local Point = {}
Point.__index = Point
Point.__add = function(a, b) return Point.new(a.x + b.x, a.y + b.y) end
Point.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Point.__tostring = function(p) return "(" .. p.x .. ", " .. p.y .. ")" end
Point.__lt = function(a, b) return a.x < b.x or (a.x == b.x and a.y < b.y) end
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:len2() return self.x * self.x + self.y * self.y end
local p, q = Point.new(1, 2), Point.new(3, 4)
print(tostring(p + q), (p + q):len2(), p == Point.new(1, 2), p < q, q <= p)
print(p.__index == Point, p.new == Point.new)
