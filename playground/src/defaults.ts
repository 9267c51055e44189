// What the page shows before anyone edits it (or when a link leaves a field out).

import type { PageState } from "./url-state.js";

const LUA = `-- The moonrule playground: edit, hover a line, run, then step through the trace.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local squares = {}
for i = 1, 5 do
  squares[i] = i * i
end

print("fib(10) =", fib(10))
print("squares:", table.concat(squares, " "))
return fib(10), #squares
`;

const FACTS = `{
  "price": 19.99,
  "qty": 12,
  "discount": 0.1,
  "ordered": "2026-11-25",
  "customer": { "name": "Zoë", "tier": "gold" }
}
`;

const RULES = `{
  "name": "orders",
  "helpers": "local function subtotal(o)\\n  return o.price * o.qty * (1 - (o.discount or 0))\\nend",
  "mode": "all",
  "rules": [
    { "id": "bulk-10", "description": "5% off 10 units or more", "priority": 10,
      "when": "qty >= 10", "outputs": { "discount": "ROUND(subtotal(fact) * 0.05, 2)" } },
    { "id": "gold-tier", "description": "gold customers get 3%", "priority": 5,
      "when": "customer.tier == 'gold' and qty > 1", "outputs": { "discount": "ROUND(subtotal(fact) * 0.03, 2)" } },
    { "id": "free-shipping", "priority": 1,
      "when": "subtotal(fact) > 500", "outputs": { "shipping": "0" } }
  ]
}
`;

const RECORDS = `[
  { "id": 1, "price": 184.75, "qty": 12, "customer": { "tier": "gold" } },
  { "id": 2, "price": 9.5, "qty": 3, "discount": 0.1, "customer": { "tier": "bronze" } }
]
`;

export const DEFAULT_STATE: PageState = {
  mode: "lua",
  lua: LUA,
  formula: "ROUND(price * qty * (1 - discount), 2)",
  facts: FACTS,
  rules: RULES,
  records: RECORDS,
  budget: { instructions: 1_000_000, memoryBytes: 16 << 20, depth: 200, timeoutMs: 1000, trace: 10_000 },
};
