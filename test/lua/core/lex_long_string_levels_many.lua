-- lexical: long strings containing closing brackets of other levels
print([[a]=]b]])
print([=[a]]b]==]c]=])
print([==[]=]]]]==])
print([===[
[[nested]] [=[also]=]
]===])
print(#[[
]], #[[

]])
