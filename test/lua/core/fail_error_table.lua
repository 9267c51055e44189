-- fail: uncaught error with a table value (no __tostring)
print("about to throw a table")
error({code = 1})
