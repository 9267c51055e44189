// Formula validation latency (what an editor pays per keystroke): median µs of validateFormula
// for a ~200-character formula, valid and with mistakes.
// Run: npm run build && node bench/validate.mjs
import { validateFormula } from "../dist/formula/validate.js";

const facts = {
  type: "object",
  properties: {
    price: { type: "number" }, qty: { type: "integer" }, discount: { type: "number" }, name: { type: "string" },
    customer: { type: "object", properties: { tier: { type: "string" }, since: { type: "string" } } },
  },
};
const functions = ["ROUND", "IF", "MAX", "MIN", "UPPER", "CONCAT"].map((name) => ({
  name, signature: { params: [{ name: "a", type: "any" }, { name: "b", type: "any", optional: true }, { name: "c", type: "any", optional: true }], returns: "any" },
}));

const cases = {
  valid: "IF(customer.tier == 'gold', ROUND(price * qty * (1 - discount) * 0.9, 2), ROUND(price * qty * (1 - discount), 2)) + MAX(0, qty - 10) * MIN(price, 100) / 100 + ROUND(price, 0)",
  "unknown names": "IF(customer.tierr == 'gold', ROUND(prise * qty * (1 - discount) * 0.9, 2), ROUND(price * qtty * (1 - discount), 2)) + MAX(0, qty - 10) * MIN(price, 100) / 100 + ROUDN(price, 0)",
  "syntax errors": "IF(customer.tier == 'gold', ROUND(price * qty * (1 - discount) * 0.9, 2), ROUND(price * qty * (1 - discount), 2) + MAX(0, qty - 10) * MIN(price, 100) / 100 + ROUND(price, 0) *",
};

for (const [name, src] of Object.entries(cases)) {
  for (let i = 0; i < 2000; i++) validateFormula(src, { facts, functions });
  const times = [];
  for (let i = 0; i < 5000; i++) {
    const t0 = performance.now();
    validateFormula(src, { facts, functions });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const d = validateFormula(src, { facts, functions }).length;
  console.log(`${name.padEnd(14)} ${src.length} chars, ${d} diagnostics: median ${(times[times.length >> 1] * 1000).toFixed(1)} µs, p90 ${(times[Math.floor(times.length * 0.9)] * 1000).toFixed(1)} µs`);
}
