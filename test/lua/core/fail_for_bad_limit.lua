-- fail: uncaught numeric for error
print("loop")
for i = 1, "x" do end
