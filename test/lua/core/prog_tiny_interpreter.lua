-- program: a tiny stack-machine interpreter using dispatch tables and closures
local function pop(st) local v = st[#st]; st[#st] = nil; return v end
local ops = {
  push = function(st, arg) st[#st + 1] = arg end,
  add = function(st) local b, a = pop(st), pop(st); st[#st + 1] = a + b end,
  mul = function(st) local b, a = pop(st), pop(st); st[#st + 1] = a * b end,
  sub = function(st) local b, a = pop(st), pop(st); st[#st + 1] = a - b end,
  dup = function(st) st[#st + 1] = st[#st] end,
  swap = function(st) local b, a = pop(st), pop(st); st[#st + 1] = b; st[#st + 1] = a end,
}
local function run(prog)
  local st, pc = {}, 1
  while pc <= #prog do
    local ins = prog[pc]
    local f = ops[ins[1]]
    if not f then error("unknown op " .. tostring(ins[1]), 0) end
    if ins[1] == "jnz" then else f(st, ins[2]) end
    pc = pc + 1
  end
  return pop(st), #st
end
print(run({{"push", 2}, {"push", 3}, {"add"}, {"dup"}, {"mul"}}))
print(run({{"push", 10}, {"push", 4}, {"swap"}, {"sub"}}))
print(pcall(run, {{"push", 1}, {"jmp"}}))
print(pcall(run, {{"add"}}))
