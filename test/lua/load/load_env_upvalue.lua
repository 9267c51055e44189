-- _ENV as an upvalue: local _ENV, assignments to _ENV in functions
local chunk = load([[
  local print = print
  local _ENV = {value = "from local env"}
  print(value)
  newglobal = 1
  return _ENV
]])
local e = chunk()
print(e.newglobal, rawget(_G, "newglobal"))
-- a function that assigns _ENV changes the environment of the whole chunk
local chunk2 = load([[
  local print, setmetatable, G = print, setmetatable, _G
  function switch(t) _ENV = t end
  x = "in original"
  switch(setmetatable({}, {__index = G}))
  x = "in new env"
  print(x, G.x)
  return G.x
]])
print(chunk2())
print(x)
-- _ENV as a function parameter
local f = load("return function(_ENV) return a + b end")()
print(f({a = 1, b = 2}), f({a = 10, b = 20}))
-- nested scopes: inner local _ENV shadows the outer
local g = load([[
  local outer = {v = "outer"}
  local inner = {v = "inner"}
  local _ENV = outer
  local r1 = v
  do local _ENV = inner r1 = r1 .. "/" .. v end
  return r1 .. "/" .. v
]])
print(g())
-- global functions declared with a custom _ENV
local h = load([[
  local _ENV = {}
  function helper() return "helper" end
  return _ENV
]])
local henv = h()
print(henv.helper(), rawget(_G, "helper"))
-- an _ENV upvalue captured by a closure and then replaced
local k = load([[
  local function getter() return item end
  _ENV = {item = "replaced"}
  return getter()
]], "=k", "t", {item = "original"})
print(k())
-- reading an undefined global through a non-default _ENV gives nil
print(load("local _ENV = {} return undefined_thing")())
print(pcall(load("local _ENV = {} return undefined_thing()", "=undef")))
print(pcall(load("local _ENV = {} return t.x", "=undef2")))
