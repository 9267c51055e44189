-- metamethods: class-style inheritance with __index and method calls
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound)
  return setmetatable({name = name, sound = sound}, Animal)
end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name, "woof"); return setmetatable(d, Dog) end
function Dog:kind() return "dog, a kind of " .. Animal.kind(self) end
local d = Dog.new("rex")
print(d:speak())
print(d:kind())
print(getmetatable(d) == Dog, rawget(Dog, "speak"))
