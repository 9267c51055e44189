-- generic for: iterator factories, extra loop vars get nil, errors for non-callables
local function triples(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i, i * 2, i * 3 end end
end
for a, b, c, d in triples(2) do print(a, b, c, d) end
for a in triples(2) do print("only", a) end
print(pcall(function() for x in 5 do end end))
print(pcall(function() for x in nil do end end))
local callable = setmetatable({}, {__call = function(self, s, c) if c < 3 then return c + 1 end end})
for v in callable, nil, 0 do print("callable", v) end
