-- Constant-key reads through __index tables, repeated from the same sites while the
-- classes, metatables and instances under them change: every read must see the change
-- (the compiled tier caches these reads; see jit.ts inline caches).
local Base = {}
Base.__index = Base
function Base.who() return "base" end
function Base.size() return 1 end

local Mid = setmetatable({}, { __index = Base })
Mid.__index = Mid

local Leaf = setmetatable({}, { __index = Mid })
Leaf.__index = Leaf

local function probe(o)
  -- the same sites every time
  return o.who(), o.size(), o.missing, o:who()
end

local out = {}
local function log(...) out[#out + 1] = table.concat({ ... }, " ") end

local o = setmetatable({}, Leaf)
for round = 1, 12 do
  local a, b, c, d = probe(o)
  log(round, a, b, tostring(c), d)
  if round == 2 then function Mid.who() return "mid" end end                 -- shadow in the middle
  if round == 3 then Leaf.who = function() return "leaf" end end             -- shadow at the leaf
  if round == 4 then Leaf.who = nil end                                      -- unshadow
  if round == 5 then rawset(Base, "missing", "found") end                   -- rawset at the root
  if round == 6 then o.who = function() return "own" end end                -- an own field
  if round == 7 then o.who = nil end
  if round == 8 then setmetatable(Mid, { __index = { who = function() return "other" end, size = function() return 2 end } }) end
  if round == 9 then Leaf.__index = function(_, k) return k == "who" and function() return "fn" end or k == "size" and function() return 3 end or nil end end
  if round == 10 then Leaf.__index = Leaf; setmetatable(o, Mid) end        -- another metatable
  if round == 11 then getmetatable(Mid).__index = Base end                  -- change an __index field in place
end

-- two instances of different classes through one site
local A = { __index = { name = function() return "A" end } }
local B = { __index = { name = function() return "B" end } }
local objs = { setmetatable({}, A), setmetatable({}, B), setmetatable({}, A), {} }
objs[4].name = function() return "plain" end
for i = 1, 8 do
  local x = objs[(i - 1) % 4 + 1]
  log("poly", i, x.name())
end

-- a global read through _ENV's metatable while the global changes
local G = setmetatable({}, { __index = _G })
local function reader(_ENV) return function() return counter end end
local code = reader(G)
counter = 1
log("global", code())
counter = 2
log("global", code())
rawset(G, "counter", 3)
log("global", code())

for _, line in ipairs(out) do print(line) end
