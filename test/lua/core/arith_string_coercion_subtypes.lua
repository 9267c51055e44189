-- coercions: string operands become floats in arithmetic but integers in bitwise ops
print("10" + 1, "10" + 1 == 11, "3" * "4", "9" // "2", "9" % "2")
print("3" & 1, "7" | "8", "0x10" >> 4, ~"0")
print("1e1" | 0, "2.0" << 1)
print(10 + "0x1p4", "  0x10  " + 0)
print(pcall(function() return "2.5" & 1 end))
print(-"0", -"-0")
print("9223372036854775807" + 0, "9223372036854775807" | 0)
