-- lexical: simple backslash escapes \a \b \f \n \r \t \v \\ \" \'
local s = "a\tb\\c\"d\'e"
print(s, #s)
print(#"\a\b\f\n\r\t\v", "\a\b\f\n\r\t\v" == "\7\8\12\10\13\9\11")
print('single \'quoted\' "mixed"')
print("line1\nline2")
print("cr\rX")
print("backslash-newline:\
next")
print(#"\
", "\
" == "\n")
