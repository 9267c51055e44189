-- classic producer / filter / consumer pipeline
local function producer(items)
  return coroutine.create(function()
    for _, v in ipairs(items) do coroutine.yield(v) end
    return nil
  end)
end
local function receive(prod)
  local ok, v = coroutine.resume(prod)
  assert(ok, v)
  return v
end
local function filter(prod, pred, map)
  return coroutine.create(function()
    while true do
      local v = receive(prod)
      if v == nil then return nil end
      if pred(v) then coroutine.yield(map(v)) end
    end
  end)
end
local function consumer(prod)
  local got = {}
  while true do
    local v = receive(prod)
    if v == nil then break end
    got[#got + 1] = v
  end
  return got
end
local items = {}
for i = 1, 30 do items[i] = i end
local p = filter(filter(producer(items), function(v) return v % 2 == 0 end, function(v) return v * 3 end),
  function(v) return v % 4 == 0 end, function(v) return "<" .. v .. ">" end)
print(table.concat(consumer(p), " "))
-- consumer-driven: the consumer sends values into the producer
local acc = coroutine.wrap(function(first)
  local total = first
  while true do
    local nxt = coroutine.yield(total)
    if nxt == nil then return "final " .. total end
    total = total + nxt
  end
end)
print(acc(1), acc(2), acc(3), acc(4.5), acc())
