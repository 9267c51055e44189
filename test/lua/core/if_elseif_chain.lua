-- control: if/elseif/else chains, truthiness of 0, "" and false
local function classify(x)
  if x == nil then return "nil"
  elseif x == false then return "false"
  elseif type(x) == "number" and x < 0 then return "negative"
  elseif x == 0 then return "zero"
  elseif type(x) == "string" then
    if x == "" then return "empty string" else return "string" end
  else return "other" end
end
print(classify(nil), classify(false), classify(-1), classify(0), classify(""), classify("s"), classify(true))
if 0 then print("0 is true") end
if "" then print("empty string is true") end
if not nil then print("not nil") end
if nil then print("no") elseif false then print("no") else print("else branch") end
