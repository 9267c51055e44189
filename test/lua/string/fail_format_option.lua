print(string.format("%5.2f", 1))
print(string.format("%5.2y", 1))
