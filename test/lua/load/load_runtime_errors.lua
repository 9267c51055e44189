-- runtime errors inside loaded chunks carry the chunk name and line
local function run(src, name, ...)
  local f = assert(load(src, name))
  return pcall(f, ...)
end
print(run("local t = nil\nreturn t.x", "=rt"))
print(run("return 1 + {}", "@arith.lua"))
print(run("error('plain error')", "named"))
print(run("error('no position', 0)", "named"))
print(select('#', run("error({1, 2})", "named")), type(select(2, run("error({1, 2})", "named"))))
print(run("local function inner() error('from inner', 2) end\ninner()", "=lvl"))
print(run("return undefined_global_fn()", "=glob"))
print(run("local s = 'abc' return s:nomethod()", "=meth"))
print(run("return #nil", "=len"))
print(run("return ('x') < 1", "=cmp"))
print(run("local a = ... return a .. nil", "=concat", "v"))
print(run("for i = 1, 'x' do end", "=forloop"))
-- error in a function defined in a loaded chunk, called later from outside
local f = load("return function(t) return t.a.b end", "=defs")()
print(pcall(f, {}))
print(pcall(f, {a = {b = "ok"}}))
-- traceback line numbers in multi-line loaded chunks
print(run("local x = 1\n\n\n\nerror('line five')", "=multi"))
