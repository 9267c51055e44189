-- base: type of every value kind, and missing argument error
print(type(nil), type(true), type(0), type(0.5), type("s"))
print(type({}), type(print), type(function() end), type(type))
print(type(type(nil)))
print(pcall(type))
print(type((nil)))
