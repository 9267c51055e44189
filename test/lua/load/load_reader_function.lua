-- load with a reader function
local function pieces(t)
  local i = 0
  return function() i = i + 1 return t[i] end
end
local f = load(pieces{"return ", "1 ", "+ ", "41"})
print(f())
-- pieces split inside tokens
f = load(pieces{"ret", "urn 'he", "llo', 1", "0", "0"})
print(f())
-- returning "" ends the chunk
f = load(pieces{"return 'a'", "", " .. 'never read'"})
print(f())
-- returning nil ends the chunk
f = load(pieces{"return 5", nil, "garbage"})
print(f())
-- empty chunk from a reader that immediately ends
f = load(function() return nil end)
print(type(f), select('#', f()))
f = load(function() return "" end)
print(type(f), select('#', f()))
-- a reader returning numbers: numbers are accepted as strings
local parts = {"return ", 12, "+", 3.5}
f = load(pieces(parts))
print(f())
-- reader called once per piece, count the calls
local calls = 0
f = load(function() calls = calls + 1 if calls == 1 then return "return 'x'" end end)
print(f(), calls)
-- a reader producing one character at a time
local src = "local t = {} for i = 1, 3 do t[i] = i * i end return table.concat(t, ',')"
local pos = 0
f = load(function() pos = pos + 1 if pos <= #src then return src:sub(pos, pos) end end, "=bychar")
print(f())
-- syntax error through a reader keeps the chunk name
print(load(pieces{"return (", "1"}, "=reader"))
print(load(pieces{"x ="}))
