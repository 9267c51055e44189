-- uncaught bad conversion specifier
print(os.date("!%Y", 0))
print(os.date("!%Q", 0))
