-- uncaught: yield outside a coroutine
print("before")
coroutine.yield(1)
print("never")
