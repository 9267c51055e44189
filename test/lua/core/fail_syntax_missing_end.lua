-- fail: syntax error, missing end
local function f()
  if true then
    print("x")
end
