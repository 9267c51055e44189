-- closures: objects implemented with closures over private state
local function Account(balance)
  local self = {}
  local history = 0
  function self.deposit(v) balance = balance + v; history = history + 1 end
  function self.withdraw(v)
    if v > balance then error("insufficient funds", 2) end
    balance = balance - v; history = history + 1
  end
  function self.balance() return balance, history end
  return self
end
local a, b = Account(100), Account(5)
a.deposit(50)
a.withdraw(30)
print(a.balance())
print(b.balance())
print(pcall(b.withdraw, 10))
print(pcall(function() b.withdraw(10) end))
