print((("abc"):gsub("b", "%%")))
print(("abc"):gsub("b", "%q"))
