local s = "abcde"
for i = -7, 7 do
  local row = {}
  for j = -7, 7 do row[#row + 1] = s:sub(i, j) == "" and "." or s:sub(i, j) end
  print(i, table.concat(row, " "))
end
for i = -7, 7 do io.write(s:sub(i), "|") end
print()
