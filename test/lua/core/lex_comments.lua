-- lexical: short and long comments of several levels
print(1) -- trailing comment
--[[ block
comment ]] print(2)
--[==[ level 2 ]] still comment
]==] print(3)
--[=[]=] print(4)
---[[ this is a short comment
print(5)
--]]
--[[]] print(6)
-- [[ not a long comment
print(7)
--[===[
]]]==]
]===]
print(8)
