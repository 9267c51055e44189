// Rule sets: the document schema, every problem at once, evaluation with outputs, explanations,
// modes, invalid records, and rules that fail without stopping the others.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RuleSet, RuleSetError, type RuleSetDocument } from "../../src/rules/ruleset.js";
import SCHEMA from "../../src/rules/ruleset-schema.js";

const base = (rules: RuleSetDocument["rules"], extra: Partial<RuleSetDocument> = {}): RuleSetDocument => ({ name: "t", rules, ...extra });

function problemsOf(doc: unknown): { path: string; message: string; line?: number; column?: number }[] {
  try {
    RuleSet.fromJSON(doc);
  } catch (e) {
    if (e instanceof RuleSetError) return [...e.problems];
    throw e;
  }
  throw new Error("expected a RuleSetError");
}

describe("rule-set documents", () => {
  it("the published schema is the one the code enforces", () => {
    expect(JSON.parse(readFileSync("schemas/ruleset.schema.json", "utf8"))).toEqual(SCHEMA);
  });

  it("loads the bundled order rules", () => {
    const rs = RuleSet.fromJSON(readFileSync("fixtures/rules/orders.rules.json", "utf8"));
    expect(rs.order.length).toBeGreaterThanOrEqual(30);
    expect(rs.order[0]).toMatch(/^dq-/); // priority 30 first
  });

  it("reports every problem at once, with JSON paths and Lua positions", () => {
    const problems = problemsOf({
      name: "bad",
      mode: "sometimes",
      helpers: "local function f(x) return x +",
      rules: [
        { id: "a", when: "qty >" },
        { id: "a", when: "true", outputs: { x: "1 +", y: "2" } },
        { id: "c", when: "true", action: "return {", outputs: { z: "1" } },
        { id: "d" },
        { id: "e", when: "x", extra: 1 },
      ],
    });
    const byPath = (p: string) => problems.filter((x) => x.path === p).map((x) => x.message);
    expect(byPath("/mode")[0]).toContain("must be equal to one of the allowed values");
    expect(problems.find((p) => p.path === "/helpers")).toMatchObject({ line: 1, column: 31, message: "unexpected symbol near <eof>" });
    expect(problems.find((p) => p.path === "/rules/0/when")).toMatchObject({ line: 1, column: 6, message: "unexpected symbol near <eof>" });
    expect(byPath("/rules/1/id")).toEqual(["duplicate rule id 'a' (also /rules/0)"]);
    expect(byPath("/rules/1/outputs/x")).toEqual(["unexpected symbol near <eof>"]);
    expect(byPath("/rules/2")).toContain("a rule has either outputs or an action, not both");
    expect(byPath("/rules/2/action")).toEqual(["unexpected symbol near <eof>"]);
    expect(byPath("/rules/3")).toContain("must have required property 'when'");
    expect(byPath("/rules/4")).toContain("unknown property 'extra'");
  });

  it("refuses helpers that write globals (they would leak between records)", () => {
    expect(problemsOf(base([{ id: "a", when: "true" }], { helpers: "counter = 0" }))[0]!.message).toContain("read-only");
  });

  it("refuses text that is not JSON", () => {
    expect(problemsOf("{ nope")[0]!.message).toContain("not valid JSON");
  });
});

describe("evaluating records", () => {
  const rs = RuleSet.fromJSON(base([
    { id: "bulk", priority: 10, when: "qty >= 10 and price < 100", outputs: { discount: "ROUND(price * qty * 0.05, 2)" } },
    { id: "gold", priority: 5, when: "customer.tier == 'gold' or customer.orders > 20", outputs: { gift: "'mug'" } },
    { id: "act", when: "qty > 1", action: "local n = qty * 2\nreturn { points = n }" },
    { id: "broken", when: "missing.field > 1" },
    { id: "slow", when: "(function() local s = 0 for i = 1, 1e9 do s = s + i end return s > 0 end)()" },
    { id: "plain", when: "true" },
  ], { helpers: "local function twice(x) return 2 * x end", budget: { perRule: { instructions: 5000 } } }));

  it("gives per rule: matched, outputs, errors, and why a rule did not match", () => {
    const r = rs.evaluate({ qty: 12, price: 150, customer: { tier: "silver", orders: 3 } });
    expect(r.valid).toBe(true);
    const byId = Object.fromEntries(r.rules.map((x) => [x.id, x]));
    expect(byId.bulk).toEqual({ id: "bulk", matched: false, because: [{ condition: "price < 100", value: false }] });
    expect(byId.gold).toEqual({ id: "gold", matched: false, because: [{ condition: "customer.tier == 'gold'", value: false }, { condition: "customer.orders > 20", value: false }] });
    expect(byId.act).toEqual({ id: "act", matched: true, outputs: { points: 24 } });
    expect(byId.broken!.error).toMatchObject({ kind: "runtime" });
    expect(byId.broken!.error!.message).toContain("attempt to index a nil value (global 'missing')");
    expect(byId.slow!.error).toMatchObject({ kind: "limit" });
    expect(byId.plain).toEqual({ id: "plain", matched: true });
    expect(r.matched).toEqual(["act", "plain"]);
  });

  it("takes the fast path when no rule fails (one call for the whole set)", () => {
    const ok = RuleSet.fromJSON(base([
      { id: "a", when: "x > 1", outputs: { y: "twice(x)" } },
      { id: "b", when: "x > 5" },
    ], { helpers: "local function twice(v) return 2 * v end" }));
    expect(ok.evaluate({ x: 3 })).toEqual({ valid: true, matched: ["a"], rules: [
      { id: "a", matched: true, outputs: { y: 6 } },
      { id: "b", matched: false, because: [{ condition: "x > 5", value: false }] },
    ] });
    expect(ok.evaluate({ x: 3 }, { explain: false }).rules[1]).toEqual({ id: "b", matched: false });
  });

  it("mode first stops at the first match by priority; mode scored sums scores", () => {
    const first = RuleSet.fromJSON(base([{ id: "low", when: "true" }, { id: "high", priority: 9, when: "true" }], { mode: "first" }));
    expect(first.evaluate({}).matched).toEqual(["high"]);
    expect(first.evaluate({}).rules).toHaveLength(1);
    const scored = RuleSet.fromJSON(base([{ id: "a", when: "x > 1", score: 10 }, { id: "b", when: "x > 2", score: 5.5 }, { id: "c", when: "x > 9", score: 100 }], { mode: "scored" }));
    expect(scored.evaluate({ x: 5 }).score).toBe(15.5);
  });

  it("records failing the facts schema get every problem, and no rule runs", () => {
    const withFacts = RuleSet.fromJSON(base([{ id: "a", when: "true" }], {
      facts: { type: "object", required: ["qty", "price"], properties: { qty: { type: "integer" }, price: { type: "number" } } },
    }));
    const r = withFacts.evaluate({ qty: 1.5 });
    expect(r.valid).toBe(false);
    expect(r.rules).toEqual([]);
    expect(r.problems!.map((p) => `${p.path} ${p.message}`).sort()).toEqual(["/ must have required property 'price'", "/qty must be integer"]);
    expect(withFacts.evaluate("not a record" as unknown as object).valid).toBe(false);
  });

  it("rules cannot change the record or leave anything for the next record", () => {
    const rs2 = RuleSet.fromJSON(base([{ id: "w", when: "(function() seen = (seen or 0) + 1 return seen end)() > 1" }, { id: "m", when: "(function() fact.qty = 0 return true end)()" }]));
    const rec = { qty: 5 };
    const a = rs2.evaluate(rec);
    const b = rs2.evaluate(rec);
    expect(a.rules[0]!.matched).toBe(false);
    expect(b.rules[0]!.matched).toBe(false); // `seen` did not survive
    expect(a.rules[1]!.error!.message).toContain("read-only");
    expect(rec.qty).toBe(5);
  });

  it("evaluates every bundled record without a host error", () => {
    const orders = RuleSet.fromJSON(readFileSync("fixtures/rules/orders.rules.json", "utf8"));
    const lines = readFileSync("fixtures/rules/orders.ndjson", "utf8").trim().split("\n");
    let invalid = 0;
    for (const line of lines) {
      const r = orders.evaluate(JSON.parse(line) as object);
      if (!r.valid) invalid++;
      else expect(r.rules.length).toBe(orders.order.length);
    }
    expect(invalid).toBeGreaterThan(0); // the generator makes a few bad records on purpose
    expect(invalid).toBeLessThan(lines.length / 10);
  });
});

describe("RuleSet.fromFile", () => {
  it("reads a file, and reports a missing one as a RuleSetError", async () => {
    const rs = await RuleSet.fromFile("fixtures/rules/orders.rules.json");
    expect(rs.name).toBe("orders");
    await expect(RuleSet.fromFile("nope.json")).rejects.toBeInstanceOf(RuleSetError);
  });
});
