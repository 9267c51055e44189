-- multiple returns: return f() is multi, return (f()) is single, in-table and in-args
local function m() return "a", "b" end
local function direct() return m() end
local function paren() return (m()) end
local function prefix() return "x", m() end
local function suffix() return m(), "x" end
print(direct())
print(paren())
print(prefix())
print(suffix())
print(select('#', direct()), select('#', paren()), select('#', prefix()), select('#', suffix()))
local function count(...) return select('#', ...) end
print(count(m(), m()), count(m(), m(), nil), count((m())))
print(#{m(), m(), m()}, #{m(), nil})
