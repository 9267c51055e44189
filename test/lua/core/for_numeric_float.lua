-- numeric for: float start, limit or step makes float loop variables (5.3 rules)
for i = 1, 3, 0.5 do print(i) end
for i = 1.0, 3 do print("float start", i) end
for i = 1, 2.5 do print("float limit", i) end
for i = 0.1, 0.35, 0.1 do print("fp", i) end
for i = 3, 1, -0.5 do print("down", i) end
for i = 1, 0.5 do print("never") end
