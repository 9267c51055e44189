-- utf8.charpattern
print(#utf8.charpattern)
print(utf8.charpattern == "[\0-\x7F\xC2-\xF4][\x80-\xBF]*")
print(type(utf8.charpattern))
print(pcall(utf8.codepoint, utf8.charpattern, 1, -1))
print(utf8.len(utf8.charpattern))
print(utf8.codepoint(utf8.charpattern, 1, 3))
