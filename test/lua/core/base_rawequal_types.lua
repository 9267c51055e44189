-- base: rawequal across value types and subtypes
print(rawequal(nil, nil), rawequal(nil, false), rawequal(0, -0), rawequal(0, 0.0))
print(rawequal("ab", "a" .. "b"), rawequal(print, print), rawequal({}, {}))
print(rawequal(0/0, 0/0), rawequal(1/0, 1/0), rawequal(2^53, 9007199254740992))
print(pcall(rawequal))
