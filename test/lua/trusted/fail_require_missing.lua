-- uncaught: require of a module that is not in package.preload or on any path
package.path = "./nonexistent_dir_for_test/?.lua"
package.cpath = ""
require("no_such_module_here")
