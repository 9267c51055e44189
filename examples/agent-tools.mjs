// The agent-tool pattern: one cheap VM per conversation, the host's tools exposed as Lua
// functions (one of them async), a budget per turn, and an audit trail of every tool call.
// Run: npm run build && node examples/agent-tools.mjs
import { defineApi, Lua, params } from "moonrule";

const CATALOG = [
  { sku: "A-1", name: "Desk lamp", price: 39.5, stock: 12 },
  { sku: "B-7", name: "Office chair", price: 189, stock: 0 },
  { sku: "C-3", name: "Monitor arm", price: 74.25, stock: 5 },
];

// Tools see marshaled values only; `this.store` is the conversation's private state.
const Tools = defineApi("tools", {
  search: params(["string", "integer?"], async function (query, limit) {
    this.store.audit.push(`search(${JSON.stringify(query)})`);
    await new Promise((r) => setTimeout(r, 5)); // a database or an HTTP call
    const q = query.toLowerCase();
    return CATALOG.filter((p) => p.name.toLowerCase().includes(q)).slice(0, limit ?? 10);
  }),
  quote: params(["string", "integer"], function (sku, qty) {
    this.store.audit.push(`quote(${sku}, ${qty})`);
    const p = CATALOG.find((x) => x.sku === sku);
    if (!p) throw new Error(`unknown sku ${sku}`);
    if (p.stock < qty) return { ok: false, reason: `only ${p.stock} in stock` };
    return { ok: true, total: Math.round(p.price * qty * 100) / 100 };
  }),
});

// The script an agent wrote for this turn: untrusted, so it runs under a budget.
const AGENT_SCRIPT = `
local found = tools.search(query)
local lines = {}
for _, p in ipairs(found) do
  local q = tools.quote(p.sku, 2)
  if q.ok then
    lines[#lines + 1] = string.format("%s x2 = %.2f", p.name, q.total)
  else
    lines[#lines + 1] = p.name .. ": " .. q.reason
  end
end
local ok, err = pcall(tools.quote, "Z-9", 1)
lines[#lines + 1] = "bad sku -> " .. tostring(err)
return table.concat(lines, "\\n"), #found
`;

export async function main(log = console.log) {
  const conversation = Lua.create({
    store: { audit: [] },
    budget: { instructions: 200_000, memoryBytes: 8 << 20, timeoutMs: 200 },
  }).load(Tools);

  for (const query of ["o", "chair"]) {
    const { values, usage } = await conversation.evalAsync(AGENT_SCRIPT, { globals: { query }, chunkName: "agent" });
    log(`> query ${JSON.stringify(query)}: ${values[1]} product(s)`);
    log(String(values[0]));
    log(`  (${usage.instructions} instructions, ${usage.memoryBytes} bytes)`);
  }
  // A runaway script ends in a limit error; the conversation's VM stays usable.
  try {
    await conversation.evalAsync("while true do tools.search('x') end", { chunkName: "agent" });
  } catch (e) {
    log(`runaway: ${e.kind} error: ${e.message}`);
  }
  log(`audit: ${conversation.store.audit.length} tool calls, first: ${conversation.store.audit.slice(0, 3).join(", ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
