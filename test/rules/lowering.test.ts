// Lowered rule sets (RuleSet.lower, src/formula/lowering.ts) give exactly the results of the
// VM's fast path and explanations: random rule sets of expressions over random records are
// evaluated both ways, in every mode, with explanations, and must agree result for result.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RuleSet, type RuleSetDocument } from "../../src/rules/ruleset.js";

const CONDS = ["qty >= 10", "price < 30", "tier == 'gold'", "tier ~= 'bronze' and qty > 2", "price * qty > 500", "express", "not express",
  "customer.orders == 0", "customer.orders >= 20 and customer.tier ~= 'bronze'", "ROUND(price * qty, 1) > 99.5", "IF(express, qty, 0) > 3",
  "discount ~= nil and (discount < 0 or discount > 0.9)", "qty // 3 >= 2", "price / qty < 1", "missing == nil", "tier .. '' == 'silver'",
  "qty > price", "fact.qty > 3", "fact.customer.orders ~= 1", "COALESCE(discount, 0) > 0.1", "-qty < -5", "#tier > 4", "qty % 7 == 3"];
// conditions only the VM runs (non-scalar functions, tables, helpers that are not one
// expression, a local): a set with some of them is split between the lowered code and __rest
const VM_CONDS = ["LEN(tier) == 4", "IN(qty, {1, 2, 3})", "string.len(tier) > 4", "qty > limit", "slow(qty)", "seen == true"];
// helper calls the lowering inlines
const HELPER_CONDS = ["total(fact) > 100", "big(fact)", "total(fact) ~= total(fact)", "math.floor(price) == price"];
const HELPERS = [
  "local function total(o) return o.price * o.qty end",
  "local function big(o) return total(o) > 300 and not (o.express == true) end",
  "local limit = 50",
  "local function slow(n) local x = n for i = 1, 3 do x = x + i end return x > 20 end",
].join("\n");
const ACTIONS = ["return { n = qty }", "seen = true return true", "return nil", "return { total = price * qty }"];
const OUTS = ["qty * 2", "ROUND(price * 0.05, 2)", "'flag'", "tier", "price / 3", "nil", "qty // 3", "customer.tier", "discount"];

const scalar = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.double({ min: -10, max: 400, noNaN: true }), fc.constantFrom("10", "gold", ""), fc.boolean(), fc.constant(null));
const record = fc.record({
  qty: fc.oneof(fc.integer({ min: 0, max: 60 }), scalar),
  price: fc.oneof(fc.double({ min: 0.5, max: 300, noNaN: true }), scalar),
  tier: fc.oneof(fc.constantFrom("gold", "silver", "bronze"), scalar),
  express: fc.oneof(fc.boolean(), scalar),
  discount: fc.oneof(fc.double({ min: -0.5, max: 1, noNaN: true }), scalar),
  customer: fc.oneof(fc.record({ orders: fc.integer({ min: 0, max: 60 }), tier: fc.constantFrom("gold", "bronze") }), scalar),
}, { requiredKeys: ["qty", "price"] });

const ruleSetDoc = (conds: readonly string[], withHelpers: boolean): fc.Arbitrary<RuleSetDocument> => fc.record({
  mode: fc.constantFrom("all", "first", "scored") as fc.Arbitrary<"all" | "first" | "scored">,
  rules: fc.array(fc.record({
    when: fc.array(fc.constantFrom(...conds), { minLength: 1, maxLength: 3 }).chain((cs) => fc.constantFrom(" and ", " or ").map((j) => cs.map((c) => `(${c})`).join(j))),
    outputs: fc.option(fc.dictionary(fc.constantFrom("a", "b", "total"), fc.constantFrom(...OUTS), { maxKeys: 2 }), { nil: undefined }),
    action: withHelpers ? fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...ACTIONS) }) : fc.constant(undefined),
    score: fc.option(fc.oneof(fc.integer({ min: -5, max: 10 }), fc.double({ min: -2, max: 2, noNaN: true })), { nil: undefined }),
    priority: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  }), { minLength: 1, maxLength: 35 }),
}).map(({ mode, rules }): RuleSetDocument => ({
  name: "p", mode, ...(withHelpers ? { helpers: HELPERS } : {}),
  rules: rules.map((r, i) => {
    const { action, outputs, ...rest } = r;
    return { id: `r${i}`, ...rest, ...(action !== undefined ? { action } : outputs !== undefined ? { outputs } : {}) };
  }),
}));

describe("lowered rule sets", () => {
  it("agree with the VM on every record, in every mode, with explanations", () => {
    let lowered = 0;
    fc.assert(
      fc.property(ruleSetDoc(CONDS, false), fc.array(record, { minLength: 1, maxLength: 8 }), (doc, records) => {
        const fast = RuleSet.fromJSON(doc);
        const vm = RuleSet.fromJSON(doc, { lowering: false });
        if (fast["lowered"] !== undefined) lowered++;
        for (const rec of records) {
          expect(fast.evaluate(rec)).toEqual(vm.evaluate(rec));
          expect(fast.evaluate(rec, { explain: false })).toEqual(vm.evaluate(rec, { explain: false }));
        }
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(lowered).toBe(300); // every generated rule set is in the lowered subset
  });

  it("split between lowered rules and the VM (helpers, actions, VM-only conditions) agree with the VM", () => {
    let split = 0;
    fc.assert(
      fc.property(ruleSetDoc([...CONDS, ...VM_CONDS, ...VM_CONDS, ...VM_CONDS, ...HELPER_CONDS, ...HELPER_CONDS], true), fc.array(record, { minLength: 1, maxLength: 6 }), (doc, records) => {
        const fast = RuleSet.fromJSON(doc);
        const vm = RuleSet.fromJSON(doc, { lowering: false });
        if (fast["restRules"] !== undefined) split++;
        for (const rec of records) {
          expect(fast.evaluate(rec)).toEqual(vm.evaluate(rec));
          expect(fast.evaluate(rec, { explain: false })).toEqual(vm.evaluate(rec, { explain: false }));
        }
      }),
      { numRuns: 250, seed: 12 },
    );
    if (process.env.LOWERING_STATS) console.log(`split ${split} of 250`);
    expect(split).toBeGreaterThan(80); // not vacuous: many sets run split
  });

  it("inline simple helpers, leave the rest to the VM and still agree", () => {
    const doc: RuleSetDocument = {
      name: "h",
      helpers: "local function total(o) return o.price * o.qty end\nlocal limit = 100",
      rules: [
        { id: "a", when: "qty > 2" },
        { id: "b", when: "total(fact) > limit", outputs: { t: "total(fact)" } },
      ],
    };
    const fast = RuleSet.fromJSON(doc);
    // `total` is inlined; `limit` is a local the lowering cannot read, so rule b runs in the VM
    expect(fast["lowered"]).toBeDefined();
    expect([...fast["restRules"]!].map((r) => r.doc.id)).toEqual(["b"]);
    // a rule set without helper calls is lowered, one with an action is not
    expect(RuleSet.fromJSON({ name: "x", rules: [{ id: "a", when: "qty > 2" }] })["lowered"]).toBeDefined();
    expect(RuleSet.fromJSON({ name: "x", rules: [{ id: "a", when: "qty > 2", action: "return {}" }] })["lowered"]).toBeUndefined();
    const rec = { price: 40, qty: 3 };
    expect(fast.evaluate(rec)).toEqual(RuleSet.fromJSON(doc, { lowering: false }).evaluate(rec));
    expect(fast.evaluate(rec).matched).toEqual(["a", "b"]);
  });
});
