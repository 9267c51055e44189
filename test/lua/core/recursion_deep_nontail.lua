-- recursion: ~10,000 levels of non-tail recursion work
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
local function sum(n) if n == 0 then return 0 end local s = sum(n - 1) return s + n end
print(sum(10000))
local function build(n) if n == 0 then return nil end return {next = build(n - 1)} end
local list = build(5000)
local len = 0
while list do len = len + 1; list = list.next end
print(len)
