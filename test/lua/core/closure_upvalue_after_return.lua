-- closures: closures outlive their creating call and see later writes to shared upvalues
local function make()
  local v = "initial"
  local function get() return v end
  local function later() v = "updated" end
  return get, later
end
local get, later = make()
print(get())
later()
print(get())
local fns = {}
for round = 1, 2 do
  local state = round * 100
  fns[round] = {function() state = state + 1; return state end, function() return state end}
end
print(fns[1][1](), fns[1][1](), fns[2][2](), fns[1][2]())
