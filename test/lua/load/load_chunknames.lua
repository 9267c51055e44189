-- chunk names in error messages: =name, @file, and [string "..."] with truncation
local function err(src, name)
  local f, e = load(src, name)
  if f then
    local ok, msg = pcall(f)
    return msg
  end
  return e
end
print(err("error('x')", "=exact name"))
print(err("error('x')", "@path/to/file.lua"))
print(err("error('x')", "plain"))
print(err("error('x')"))
print(err("error('x')", "error('x')"))
print(err("\n\nerror('line3')"))
print(err("local a = 1\nerror('x')"))
print(err("error('x')", "a chunk name that is definitely longer than sixty characters in total length"))
print(err("error('x')", "=" .. string.rep("n", 80)))
print(err("error('x')", "@" .. string.rep("d/", 40) .. "file.lua"))
print(err("error('x')", "exactly forty-five characters in this name.."))
print(err("error('x')", string.rep("y", 50)))
print(err("error('x')", string.rep("y", 51)))
print(err("error('x')", string.rep("y", 60)))
print(err("error('x')", "first line\nsecond line"))
print(err("error('x')", ""))
print(err("error('x')", "="))
print(err("error('x')", "@"))
print(err("return 1 +", "=syntax"))
print(err("return 1 +", "@syn.lua"))
print(err("return 1 +", "return 1 +"))
print(err("return 1 +", string.rep("z", 70)))
-- the default chunk name is the source itself
print(err("local x = nil; return x.y"))
print(err("  error('leading spaces')"))
