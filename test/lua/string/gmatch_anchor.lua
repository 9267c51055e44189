-- in 5.3, gmatch treats '^' as an ordinary character
for w in ("^a^a"):gmatch("^a") do io.write("[", w, "]") end print()
for w in ("abc"):gmatch("^.") do io.write("[", w, "]") end print()
local n = 0
for w in ("hello"):gmatch("^h") do n = n + 1 end
print(n)
for w in ("a$b$"):gmatch("%a$") do io.write("[", w, "]") end print()
for w in ("ab"):gmatch(".$") do io.write("[", w, "]") end print()
