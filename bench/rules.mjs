// Rule-set throughput on one core: the same 20 rules over the same generated records, with
// moonrule's RuleSet (one compiled chunk per rule set), cel-js (20 compiled expressions per
// record) and json-rules-engine (its own engine, async). Records per second, ratios printed.
// Run: npm run build && node bench/rules.mjs
import { Environment } from "@marcbachmann/cel-js";
import { Engine } from "json-rules-engine";
import { RuleSet } from "../dist/rules/ruleset.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const N = 2048;
let seed = 7;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const TIERS = ["gold", "silver", "bronze"];
const COUNTRIES = ["NO", "SE", "DE", "US", "JP"];
const records = Array.from({ length: N }, (_, i) => ({
  id: i,
  price: Math.round((1 + rand() * 300) * 100) / 100,
  qty: 1 + Math.floor(rand() * 60),
  tier: TIERS[i % 3],
  country: COUNTRIES[i % 5],
  orders: Math.floor(rand() * 50),
  express: rand() < 0.2,
}));

// 20 rules: a field compared with a constant, or two such tests joined
const RULES = Array.from({ length: 20 }, (_, i) => {
  const q = 5 + (i % 10) * 5;
  const p = 20 + i * 12;
  const t = TIERS[i % 3];
  const c = COUNTRIES[i % 5];
  switch (i % 4) {
    case 0: return { id: `r${i}`, lua: `qty >= ${q} and price < ${p}`, cel: `qty >= ${q}.0 && price < ${p}.0`, jre: { all: [{ fact: "qty", operator: "greaterThanInclusive", value: q }, { fact: "price", operator: "lessThan", value: p }] } };
    case 1: return { id: `r${i}`, lua: `tier == "${t}" and orders > ${i}`, cel: `tier == "${t}" && orders > ${i}.0`, jre: { all: [{ fact: "tier", operator: "equal", value: t }, { fact: "orders", operator: "greaterThan", value: i }] } };
    case 2: return { id: `r${i}`, lua: `country == "${c}" or express`, cel: `country == "${c}" || express`, jre: { any: [{ fact: "country", operator: "equal", value: c }, { fact: "express", operator: "equal", value: true }] } };
    default: return { id: `r${i}`, lua: `price * qty > ${p * 10}`, cel: `price * qty > ${p * 10}.0`, jre: { all: [{ fact: "total", operator: "greaterThan", value: p * 10 }] } };
  }
});

// moonrule
const ruleSet = RuleSet.fromJSON({ name: "bench", rules: RULES.map((r) => ({ id: r.id, when: r.lua })) });
const moon = (rec) => ruleSet.evaluate({ ...rec }, { explain: false }).matched.length;
// cel-js
const env = new Environment({ unlistedVariablesAreDyn: true });
const cels = RULES.map((r) => env.parse(r.cel));
const cel = (rec) => {
  const ctx = { ...rec };
  let n = 0;
  for (const f of cels) if (f(ctx)) n++;
  return n;
};
// json-rules-engine (async)
const engine = new Engine([], { allowUndefinedFacts: true });
for (const r of RULES) engine.addRule({ conditions: r.jre, event: { type: r.id } });
const jre = async (rec) => (await engine.run({ ...rec, total: rec.price * rec.qty })).events.length;

// the engines agree first
for (const rec of records.slice(0, 100)) {
  const a = moon(rec);
  const b = cel(rec);
  const c = await jre(rec);
  if (a !== b || b !== c) throw new Error(`engines disagree on record ${rec.id}: ${a} ${b} ${c}`);
}

async function rate(name, fn, isAsync = false) {
  for (let i = 0; i < 2000; i++) isAsync ? await fn(records[i % N]) : fn(records[i % N]);
  let n = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  while (performance.now() < end) {
    if (isAsync) for (let i = 0; i < 100; i++) await fn(records[(n + i) % N]);
    else for (let i = 0; i < 1000; i++) fn(records[(n + i) % N]);
    n += isAsync ? 100 : 1000;
  }
  const r = n / ((performance.now() - t0) / 1000);
  console.log(`${name.padEnd(20)} ${Math.round(r).toLocaleString("en-US").padStart(12)} records/s`);
  return r;
}

console.log(`20 rules, ${N} generated records, one core\n`);
const m = await rate("moonrule RuleSet", moon);
const c = await rate("cel-js", cel);
const j = await rate("json-rules-engine", jre, true);
console.log(`\nmoonrule / cel-js: ${(m / c).toFixed(2)}x   moonrule / json-rules-engine: ${(m / j).toFixed(0)}x`);
