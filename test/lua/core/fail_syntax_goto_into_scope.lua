-- fail: syntax error, goto jumps into the scope of a local
do
  goto later
  local x = 1
  ::later::
  print(x)
end
