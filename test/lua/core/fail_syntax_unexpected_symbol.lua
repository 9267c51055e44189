-- fail: syntax error, unexpected symbol (no output at all)
print("never runs")
x = = 1
