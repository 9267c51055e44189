for w in ("a b"):gmatch("%a") do print(w) end
for w in ("a b"):gmatch("(%a") do print(w) end
