-- utf8.codes: invalid sequences stop the loop with an error
local function run(s)
  local out = {}
  local ok, e = pcall(function()
    for p, c in utf8.codes(s) do out[#out + 1] = p .. ":" .. c end
  end)
  print(ok, e, table.concat(out, " "))
end
run("a\xffb")
run("a\xC3")
run("a\x80")
run("\xC3\xA9\x80")
run("ab\xF4\x90\x80\x80")
run("\xC0\x80")
run("\xED\xA0\x80ok")
print(pcall(utf8.codes))
print(pcall(utf8.codes, nil))
print(pcall(utf8.codes, {}))
local f = utf8.codes("x")
print(pcall(f))
print(pcall(f, {}, 0))
