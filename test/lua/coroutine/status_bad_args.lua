-- coroutine.status / resume with bad arguments
print(pcall(coroutine.create, 1))
print(pcall(coroutine.create))
print(pcall(coroutine.wrap, nil))
print((pcall(coroutine.create, print)))
print(type(coroutine.create(print)))
print(coroutine.resume(coroutine.create(print), "from print", 1, 2))
