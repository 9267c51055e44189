-- package.preload + require: caching and the loader's arguments
local calls = 0
package.preload["mymod"] = function(...)
  calls = calls + 1
  local args = table.pack(...)
  print("loader called", args.n, args[1], args[2])
  return {name = "mymod", value = 42}
end
local m1 = require("mymod")
local m2 = require("mymod")
print(m1 == m2, m1.value, calls)
print(package.loaded["mymod"] == m1)
-- a loader returning nothing: require stores and returns true
package.preload["noreturn"] = function() end
print(require("noreturn"), package.loaded["noreturn"])
-- a loader returning false
package.preload["returnsfalse"] = function() return false end
print(require("returnsfalse"), package.loaded["returnsfalse"])
-- the loader can set package.loaded itself
package.preload["selfreg"] = function(name) package.loaded[name] = "registered" end
print(require("selfreg"))
-- package.loaded entries short-circuit require
package.loaded["fake"] = {fake = true}
print(require("fake").fake)
-- standard libraries are in package.loaded
print(package.loaded.string == string, package.loaded.table == table, package.loaded._G == _G)
print(require("string") == string, require("math") == math)
-- clearing package.loaded forces reloading
package.loaded["mymod"] = nil
local m3 = require("mymod")
print(m3 == m1, calls)
-- errors inside loaders propagate
package.preload["broken"] = function() error("loader failed") end
local ok, e = pcall(require, "broken")
print(ok, e)
print(package.loaded["broken"])
-- modules that require other modules
package.preload["a"] = function() return {b = require("b"), tag = "a"} end
package.preload["b"] = function() return {tag = "b"} end
local a = require("a")
print(a.tag, a.b.tag, require("b") == a.b)
print(type(package.preload), type(package.loaded), type(package.path))
