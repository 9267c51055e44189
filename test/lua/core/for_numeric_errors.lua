-- numeric for: non-number start/limit/step errors and zero step
print(pcall(function() for i = "a", 2 do end end))
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = 1, 2, nil do end end))
print(pcall(function() local x for i = x, 2 do end end))
print(pcall(function() for i = 1, 2, 0 do print("zero step runs forever?") break end end))
print(pcall(function() for i = "1", "2" do print("string bounds", i) end end))
print(pcall(function() for i = 1, 2, "1" do print("string step", i) end end))
