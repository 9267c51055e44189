-- fail: syntax error, unfinished long comment
print("never")
--[==[ this comment never ends ]]
