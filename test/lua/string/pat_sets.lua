local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
local function count(p) return select(2, s:gsub(p, "")) end
print(count("[abc]"), count("[^abc]"), count("[a-z]"), count("[^a-z]"), count("[%a%d]"))
print(count("[%A]"), count("[a-]"), count("[-a]"), count("[]]"), count("[^]]"))
print(count("[%]]"), count("[%-]"), count("[a%-z]"), count("[z-a]"), count("[%w_]"))
print(count("[\0-\31]"), count("[\128-\255]"), count("[^\0]"), count("[%%]"), count("[.]"))
print(count("[a-c-e]"), count("[%a-z]"), count("[^%s%d]"), count("[]-a]"), count("[^-]"))
print(("x]y"):match("[]]"), ("a-b"):match("[%-]"), ("a^b"):match("[%^]"), ("a^b"):match("[b^]"))
print(("hello"):match("[aeiou]+"), ("hello"):match("[^aeiou]+"), ("HeLLo"):match("[A-Z]+", 2))
print(("2023-10-05"):match("[%d-]+"), ("foo_bar9"):match("[%w_]+"), ("tab\there"):match("[\t]"))
print(pcall(string.match, "x", "[a"), pcall(string.match, "x", "[^"), pcall(string.match, "x", "["))
print(pcall(string.match, "x", "[%"), pcall(string.match, "x", "[a%]"), pcall(string.match, "]", "[]"))
