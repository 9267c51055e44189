-- %z and %Z with "!" (UTC broken-down time)
print(os.date("!%z", 0))
print(os.date("!%Z", 0))
print(os.date("!%Y-%m-%dT%H:%M:%S%z", 1234567890))
