-- methods.lua: OOP with metatables.
-- Measures: SELF / method calls `obj:m()`, `__index` lookups through class
-- tables (an own-field miss walks Square -> Rect -> Shape, i.e. inheritance two
-- levels deep), field reads/writes on instances, setmetatable, and
-- constructors chaining to their parent class.
local NOBJ = 3000
local ROUNDS = 120
local MOD = 1000003

-- base class
local Shape = {}
Shape.__index = Shape

function Shape.new(x, y)
  local o = setmetatable({}, Shape)
  o.x = x
  o.y = y
  return o
end

function Shape:move(dx, dy)
  self.x = self.x + dx
  self.y = self.y + dy
end

function Shape:area() return 0 end
function Shape:kind() return 1 end

function Shape:score()
  -- dynamic dispatch: self:area() / self:kind() resolve in the subclass
  return self:area() + self:kind() * 10 + self.x - self.y
end

-- level 1: Rect inherits Shape
local Rect = setmetatable({}, { __index = Shape })
Rect.__index = Rect

function Rect.new(x, y, w, h)
  local o = Shape.new(x, y)
  setmetatable(o, Rect)
  o.w = w
  o.h = h
  return o
end

function Rect:area() return self.w * self.h end
function Rect:kind() return 2 end
function Rect:grow(d)
  self.w = self.w + d
  self.h = self.h + d
end

-- level 2: Square inherits Rect
local Square = setmetatable({}, { __index = Rect })
Square.__index = Square

function Square.new(x, y, s)
  local o = Rect.new(x, y, s, s)
  return setmetatable(o, Square)
end

function Square:kind() return 3 end
function Square:side() return self.w end

-- a mixed population of objects
local objs = {}
for i = 1, NOBJ do
  local m = i % 3
  if m == 0 then
    objs[i] = Shape.new(i, i % 17)
  elseif m == 1 then
    objs[i] = Rect.new(i % 101, i % 13, i % 7 + 1, i % 5 + 1)
  else
    objs[i] = Square.new(i % 89, i % 11, i % 9 + 1)
  end
end

local total = 0
for r = 1, ROUNDS do
  local dx = r % 3 - 1
  for i = 1, NOBJ do
    local o = objs[i]
    o:move(dx, 1)                     -- found in Shape (1 or 2 levels up)
    total = (total + o:score()) % MOD -- Shape.score, dispatching down again
    if o.w then
      if r % 10 == 0 then o:grow(1) end -- Rect method (0 or 1 level up)
      if o.side then total = (total + o:side()) % MOD end
    end
  end
end

-- constructor churn: allocate short-lived objects
for i = 1, NOBJ * 10 do
  local s = Square.new(i % 100, i % 50, i % 10 + 1)
  s:move(1, 1)
  total = (total + s:area() + s:kind()) % MOD
end

return total
