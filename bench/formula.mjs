// Formula evaluation throughput, side by side, on the same generated records:
//   product  price * qty * (1 - discount)
//   rounded  5% off above 10 units, rounded to 2 decimals
//   rules    a 20-clause condition, like a small rule set
// Engines: moonrule's FormulaEngine, @marcbachmann/cel-js, expr-eval, jexl, json-logic-js, and a
// plain-JS `new Function` baseline. Each formula is compiled once; every evaluation gets a fresh
// fact object (as a backend does per request). Ratios are printed against cel-js.
// Run: npm run build && node bench/formula.mjs
import { Environment } from "@marcbachmann/cel-js";
import { Parser as ExprParser } from "expr-eval";
import jexlModule from "jexl";
import jsonLogic from "json-logic-js";
import { FormulaEngine } from "../dist/formula/engine.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const N_RECORDS = 4096;
const TIERS = ["gold", "silver", "bronze"];
const records = Array.from({ length: N_RECORDS }, (_, i) => ({
  price: 5 + ((i * 7919) % 200) + (i % 4) * 0.25,
  qty: 1 + ((i * 104729) % 20),
  discount: ((i * 31) % 30) / 100,
  tier: TIERS[i % 3],
}));
/** A fresh object per evaluation, as a request would bring. */
const fresh = (i) => {
  const r = records[i & (N_RECORDS - 1)];
  return { price: r.price, qty: r.qty, discount: r.discount, tier: r.tier };
};

const CLAUSES = Array.from({ length: 20 }, (_, i) => ({ qty: 2 + (i % 15), price: 20 + i * 9, tier: TIERS[i % 3] }));
const round2 = (x) => Math.round((x + Number.EPSILON) * 100) / 100;

const formulas = {
  product: {
    moonrule: "price * qty * (1 - discount)",
    cel: "price * qty * (1.0 - discount)",
    expr: "price * qty * (1 - discount)",
    jexl: "price * qty * (1 - discount)",
    logic: { "*": [{ var: "price" }, { var: "qty" }, { "-": [1, { var: "discount" }] }] },
    js: "return f.price * f.qty * (1 - f.discount)",
  },
  rounded: {
    moonrule: "ROUND(IF(qty > 10, price * qty * 0.95, price * qty), 2)",
    cel: "round2(qty > 10.0 ? price * qty * 0.95 : price * qty)",
    expr: "round2(qty > 10 ? price * qty * 0.95 : price * qty)",
    jexl: "(qty > 10 ? price * qty * 0.95 : price * qty)|round2",
    logic: { round2: [{ if: [{ ">": [{ var: "qty" }, 10] }, { "*": [{ var: "price" }, { var: "qty" }, 0.95] }, { "*": [{ var: "price" }, { var: "qty" }] }] }] },
    js: "return round2(f.qty > 10 ? f.price * f.qty * 0.95 : f.price * f.qty)",
  },
  rules: {
    moonrule: CLAUSES.map((c) => `(qty > ${c.qty} and price < ${c.price} and tier == "${c.tier}")`).join(" or "),
    cel: CLAUSES.map((c) => `(qty > ${c.qty}.0 && price < ${c.price}.0 && tier == "${c.tier}")`).join(" || "),
    expr: CLAUSES.map((c) => `(qty > ${c.qty} and price < ${c.price} and tier == "${c.tier}")`).join(" or "),
    jexl: CLAUSES.map((c) => `(qty > ${c.qty} && price < ${c.price} && tier == "${c.tier}")`).join(" || "),
    logic: { or: CLAUSES.map((c) => ({ and: [{ ">": [{ var: "qty" }, c.qty] }, { "<": [{ var: "price" }, c.price] }, { "==": [{ var: "tier" }, c.tier] }] })) },
    js: "return " + CLAUSES.map((c) => `(f.qty > ${c.qty} && f.price < ${c.price} && f.tier === "${c.tier}")`).join(" || "),
  },
};

// --- engines: each returns (formulaSet) => (facts) => value
const moon = new FormulaEngine(); // with the formula library (ROUND, IF, …)
const celEnv = new Environment({ unlistedVariablesAreDyn: true }).registerFunction("round2(double): double", round2);
const exprParser = new ExprParser();
exprParser.functions.round2 = round2;
const jexl = new jexlModule.Jexl();
jexl.addTransform("round2", round2);
jsonLogic.add_operation("round2", round2);

const engines = {
  moonrule: (f) => {
    const c = moon.compile(f.moonrule);
    return (facts) => moon.evaluate(c, facts);
  },
  "cel-js": (f) => {
    const c = celEnv.parse(f.cel);
    return (facts) => c(facts);
  },
  "expr-eval": (f) => {
    const c = exprParser.parse(f.expr);
    return (facts) => c.evaluate(facts);
  },
  jexl: (f) => {
    const c = jexl.compile(f.jexl);
    return (facts) => c.evalSync(facts);
  },
  "json-logic": (f) => (facts) => jsonLogic.apply(f.logic, facts),
  "new Function": (f) => {
    const fn = new Function("f", "round2", f.js);
    return (facts) => fn(facts, round2);
  },
};

function rate(run) {
  for (let i = 0; i < 20000; i++) run(fresh(i));
  let n = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 2000; i++) run(fresh(n + i));
    n += 2000;
  }
  return n / ((performance.now() - t0) / 1000);
}

const rows = [];
for (const [fname, f] of Object.entries(formulas)) {
  // every engine must agree on the results first
  const expected = records.slice(0, 50).map((r) => Number(engines["new Function"](f)(r)));
  const results = {};
  for (const [ename, make] of Object.entries(engines)) {
    let run;
    try {
      run = make(f);
      const got = records.slice(0, 50).map((r) => {
        const v = run({ ...r });
        return typeof v === "bigint" ? Number(v) : Number(v);
      });
      // rounding may differ by one cent where the product sits on a half in decimal but not in
      // binary (446.5 * 0.95 = 424.175): ROUND rounds the decimal, the JS baseline the binary
      const tolerance = fname === "rounded" ? 0.0100001 : 1e-9;
      const bad = got.findIndex((v, i) => Math.abs(v - expected[i]) > tolerance);
      if (bad >= 0) throw new Error(`disagrees on record ${bad}: ${got[bad]} vs ${expected[bad]}`);
      results[ename] = rate(run);
    } catch (e) {
      results[ename] = `error: ${e.message}`;
    }
  }
  rows.push([fname, results]);
}

const names = Object.keys(engines);
console.log(`formula evaluations per second (millions), fresh fact object per call, ${SECONDS}s each\n`);
console.log(["formula".padEnd(9), ...names.map((n) => n.padStart(13))].join(" "));
for (const [fname, r] of rows) {
  console.log([fname.padEnd(9), ...names.map((n) => (typeof r[n] === "number" ? (r[n] / 1e6).toFixed(2) : "err").padStart(13))].join(" "));
}
console.log("\nratios to cel-js (higher is faster):");
for (const [fname, r] of rows) {
  const base = r["cel-js"];
  console.log([fname.padEnd(9), ...names.map((n) => (typeof r[n] === "number" && typeof base === "number" ? (r[n] / base).toFixed(2) + "x" : "-").padStart(13))].join(" "));
}
for (const [fname, r] of rows) for (const n of names) if (typeof r[n] !== "number") console.log(`${fname}/${n}: ${r[n]}`);
