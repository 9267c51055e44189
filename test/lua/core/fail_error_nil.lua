-- fail: uncaught error(nil)
print("x")
error(nil)
