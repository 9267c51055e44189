-- fail: uncaught index of nil field
local order = {id = 1}
print(order.id)
print(order.customer.name)
