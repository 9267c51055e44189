-- fail: uncaught error object with __tostring is reported via __tostring
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
