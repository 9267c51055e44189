-- uncaught bad argument to coroutine.resume
coroutine.resume(42)
