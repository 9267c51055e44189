-- uncaught error in a chunk with a long default name
local f = load("local x = 1\nlocal y = 2\nerror('failure in the second loaded chunk of this test program')")
f()
