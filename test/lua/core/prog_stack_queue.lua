-- program: stack and queue objects built from tables and closures
local function Stack()
  local items, n = {}, 0
  return {
    push = function(v) n = n + 1; items[n] = v end,
    pop = function() if n == 0 then return nil end local v = items[n]; items[n] = nil; n = n - 1; return v end,
    size = function() return n end,
  }
end
local Queue = {}
Queue.__index = Queue
function Queue.new() return setmetatable({first = 1, last = 0, items = {}}, Queue) end
function Queue:push(v) self.last = self.last + 1; self.items[self.last] = v end
function Queue:pop()
  if self.first > self.last then return nil end
  local v = self.items[self.first]
  self.items[self.first] = nil
  self.first = self.first + 1
  return v
end
local s = Stack()
for i = 1, 5 do s.push(i * i) end
print(s.size(), s.pop(), s.pop(), s.size())
local q = Queue.new()
for _, w in ipairs({"a", "b", "c"}) do q:push(w) end
print(q:pop(), q:pop(), q:pop(), q:pop())
