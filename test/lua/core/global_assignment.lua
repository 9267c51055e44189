-- globals: assignment, _G and _ENV access
gx = 10
print(gx, _G.gx, _ENV.gx, _G == _ENV)
_G.gy = "via _G"
print(gy)
gx = nil
print(gx, rawget(_G, "gx"))
local function setg() gz = "in function" end
setg()
print(gz)
print(_G._G == _G, type(_G.print))
do
  local _ENV = {print = print}
  newglobal = 5
  print(newglobal, _G)
end
print(newglobal)
