local function trim(s) return (s:gsub("^%s*(.-)%s*$", "%1")) end
print("[" .. trim("  hello world \t\n") .. "]", "[" .. trim("") .. "]", "[" .. trim("   ") .. "]")
local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end
print(table.concat(split("a,b,,c", ","), "|"), table.concat(split("1.2.3", "."), "|"))
local function escape(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
print(escape("a.b*c(d)[e]%f^g$h+i-j?"), ("a.b"):find(escape("."))) 
local function urldecode(s) return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end):gsub("+", " ")) end
print(urldecode("hello+world%21%20%3F"))
local function snake(s) return (s:gsub("(%l)(%u)", "%1_%2"):lower()) end
print(snake("camelCaseStringHere"), snake("already_snake"))
local words = 0
for _ in ("the quick brown fox, jumps! over"):gmatch("%a+") do words = words + 1 end
print(words)
local csv = 'name,age\n"bob",42\nalice,7'
for line in csv:gmatch("[^\n]+") do
  local a, b = line:match('^"?([^",]*)"?,(.*)$')
  io.write(a, "=", b, ";")
end
print()
print(("%d items at $%.2f"):format(3, 9.5), ("x"):rep(3, ", "))
local t = {}
for k, v in ("a=1;b=22;c=333"):gmatch("(%w+)=(%w+)") do t[#t + 1] = k .. ":" .. #v end
print(table.concat(t, " "))
print(("Hello World"):gsub("%w+", function(w) return w:sub(1, 1):lower() .. w:sub(2):upper() end))
print(("  multiple   spaces   here  "):gsub("%s+", " "))
print(("2024-01-15T10:30:00"):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)$"))
print(("<b>bold</b> and <i>it</i>"):gsub("<(%w+)>(.-)</%1>", "[%1:%2]"))
