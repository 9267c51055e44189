-- closures: closure-based generators used with generic for
local function range(n, step)
  local i = 0
  return function()
    i = i + (step or 1)
    if i <= n then return i end
  end
end
for v in range(5) do print(v) end
for v in range(10, 4) do print("by4", v) end
local function chars_of(list)
  local i = 0
  return function() i = i + 1; return list[i] end
end
local out = ""
for c in chars_of({"x", "y", "z"}) do out = out .. c end
print(out)
