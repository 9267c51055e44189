-- metamethods: read-only array proxy with __index, __newindex, __len and __pairs-free ipairs
local function readonly(arr)
  return setmetatable({}, {
    __index = arr,
    __newindex = function(_, k) error("attempt to modify read-only index " .. tostring(k), 2) end,
    __len = function() return #arr end,
  })
end
local p = readonly({"x", "y", "z"})
print(#p, p[1], p[3], p[4])
local s = ""
for i, v in ipairs(p) do s = s .. i .. v end
print(s)
print(pcall(function() p[1] = "changed" end))
print(p[1], rawget(p, 1))
