-- strings: lexicographic comparison by bytes
print("a" < "b", "Z" < "a", "" < "a", "a" < "", "abc" < "abd")
print("a" < "aa", "b" > "abc", "A" <= "A", "a" >= "b")
print("10" < "9", "" == "", "abc" == "abc")
print("a\0b" < "a\0c", "a\0" > "a", #"a\0b")
print("\255" > "\127", "~" > "}")
print(pcall(function() return "1" < 2 end))
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < "2" end))
