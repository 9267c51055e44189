-- closures: upvalues captured through several nesting levels
local function outer()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function()
        a = a + 1
        return a + b + c
      end
    end
  end
end
local f = outer()()()
print(f(), f(), f())
local function make()
  local t = {}
  local n = 0
  for i = 1, 3 do
    t[i] = function() n = n + i; return n end
  end
  return t
end
local m = make()
print(m[1](), m[2](), m[3](), m[1]())
