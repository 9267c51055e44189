// diagnose() latency, as an editor would call it on every keystroke: µs per call for a
// 20-line formula with 0, 1 and 3 syntax errors (and, for scale, compile alone).
//
// Run: npm run build && node bench/diagnose.mjs [--build DIR]
//   --build DIR   compiled output to load (default: dist)
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const at = args.indexOf("--build");
const buildDir = resolve(at >= 0 ? args[at + 1] : "dist");
const { diagnose } = await import(pathToFileURL(join(buildDir, "index.js")).href);
const { compileSource } = await import(pathToFileURL(join(buildDir, "vm/load.js")).href);

const formula = `local weight = order.weight or 0
local zone = customer.zone
local base = 4.99
if zone == "EU" then
  base = base + 2.5
elseif zone == "US" then
  base = base + 7
else
  base = base + 12
end
local perKg = weight > 10 and 0.8 or 1.2
local cost = base + weight * perKg
for _, item in ipairs(order.items) do
  if item.fragile then cost = cost + 3 end
end
if order.total >= 100 then
  cost = 0
end
local label = string.format("%s: %.2f", zone, cost)
return math.floor(cost * 100 + 0.5) / 100, label`;

const lines = formula.split("\n");
const withErrors = (edits) => {
  const l = lines.slice();
  for (const [n, text] of edits) l[n - 1] = text;
  return l.join("\n");
};
const cases = [
  ["0 errors", formula],
  ["1 error", withErrors([[11, "local perKg = weight > 10 and 0.8 or"]])],
  ["3 errors", withErrors([
    [4, "if zone = \"EU\" then"],
    [11, "local perKg = weight > 10 and 0.8 or"],
    [19, "local label = string.format(\"%s: %.2f\", zone, cost"],
  ])],
];

function measure(fn) {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  const times = [];
  for (let r = 0; r < 7; r++) {
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    times.push(((performance.now() - t0) * 1000) / n);
  }
  times.sort((a, b) => a - b);
  return times[3];
}

console.log(`diagnose() on a ${lines.length}-line formula (${formula.length} bytes), median µs per call`);
for (const [name, src] of cases) {
  const n = diagnose(src).length;
  const us = measure(() => diagnose(src));
  let compileUs = NaN;
  compileUs = measure(() => {
    try {
      compileSource(src, "input");
    } catch {
      // a syntax error: what compile alone costs
    }
  });
  if (process.env.SHOW) console.log(JSON.stringify({ src, diagnostics: diagnose(src) }, null, 1));
  console.log(`${name.padEnd(9)} ${String(n).padStart(2)} diagnostics  ${us.toFixed(1).padStart(7)} µs   (compile alone ${compileUs.toFixed(1)} µs)`);
}
