-- strings: escaped and binary bytes are printed raw
print("tab:\t|")
print("nul:\0|", #"nul:\0|")
print("high:\200\201\255|")
print("bell:\a|")
print("quote:\"'|")
print("mixed\65\x42\u{43}")
