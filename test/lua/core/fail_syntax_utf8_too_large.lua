-- fail: syntax error, \u escape beyond 5.3's limit
print("\u{7FFFFFFF}")
