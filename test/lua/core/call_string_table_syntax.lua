-- calls: f"str", f[[long]], f{table} call forms and chained calls
local function id(x) return x end
local function len(t) return #t end
print(id"plain", id'single', id[[long]], id[==[level2]==])
print(len{1, 2, 3}, len{})
local function curry(a) return function(b) return function(c) return a .. b .. c end end end
print(curry"x""y""z")
print(curry "a" "b" "c" == "abc", curry [[1]] [[2]] [[3]])
local obj = {tag = "T"}
function obj:say(s) return self.tag .. ":" .. (type(s) == "table" and "table" or s) end
print(obj:say"str", obj:say{1})
print(type{})
