-- fail: uncaught error("boom") with position, after some output
print("before")
error("boom")
