-- fail: syntax error, decimal escape larger than 255
print("\256")
