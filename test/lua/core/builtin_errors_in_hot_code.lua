-- Errors from argument-checking builtins called from hot code (compiled code calls them
-- without a frame and repeats a failing call through the normal path): the message must
-- still name the callee and the line, and results must land where the caller reads them.
local function try(f, ...)
  local ok, err = pcall(f, ...)
  return ok and "ok" or err
end

local cases = {
  function(x) return string.rep(x, 2) end,
  function(x) return string.sub(x) end,
  function(x) return math.floor(x) end,
  function(x) return math.max(x) end,
  function(x) local s = "abc" return s:byte(x) end,
  function(x) return string.char(x) end,
  function(x) return tonumber(x, 99) end,
  function(x) return select(x, 1, 2) end,
  function(x) return rawlen(x) end,
  function(x) return math.tointeger(x) end,
}
local args = { {}, "zz", 1.5, 300, -1, 0 }

for round = 1, 60 do
  for i, f in ipairs(cases) do
    for j, a in ipairs(args) do
      local r = try(f, a)
      if round == 60 then print(i, j, r) end
    end
  end
end

-- results used right away by the next instruction, in a loop long enough to compile
local acc = 0
for i = 1, 3000 do
  local s = string.rep("x", i % 7)
  acc = acc + #s + string.byte("abc", i % 3 + 1) + math.floor(i / 3) + math.abs(-i) + select(2, i, i)
  if type(s) ~= "string" then error("type") end
end
print(acc)

-- a named local callee
local up = string.upper
local ok, err = pcall(function() for i = 1, 500 do up(i > 400 and {} or "a") end end)
print(ok, err)
