// Attacks on lowered formulas (src/formula/lowering.ts), which become generated JavaScript:
// hostile constants and field names never reach the generated source; prototype keys in
// facts read as plain fields or nil; facts shadowing functions, odd host objects and tight
// budgets go to the VM; one evaluation leaves nothing for the next.
import { describe, expect, it } from "vitest";
import { FormulaEngine } from "../../src/formula/engine.js";
import { loweredSource, parseExpression } from "../../src/formula/lowering.js";
import { RuleSet } from "../../src/rules/ruleset.js";
import { luaLiteral } from "../../src/vm/script.js";

const engine = new FormulaEngine();
const vmOnly = new FormulaEngine({ lowering: false });
const HOSTILE = ["\"", "'", "\\", "`", "${process.exit(1)}", "*/ throw 1 /*", "\n", "\u2028", "\u2029", "\0", "</script>", "}); process.exit(1); ({"];

describe("lowered formulas under attack", () => {
  it("keep constants and field names out of the generated source", () => {
    for (const h of HOSTILE) {
      const lit = luaLiteral(h);
      const src = `IF(fact[${lit}] == ${lit}, ${lit} .. s, COALESCE(o[${lit}], ${lit}))`;
      const js = loweredSource(parseExpression(src)!, { globals: engine["globals"], readsFact: true });
      expect(js, src).toBeDefined();
      if (h.length > 1) expect(js!.includes(h), src).toBe(false);
      expect(js!).not.toMatch(/process|script|throw 1/);
      const facts = { [h]: h, s: "x", o: { [h]: 1 } };
      expect(engine.evaluate(src, facts), src).toEqual(vmOnly.evaluate(src, facts));
    }
  });

  it("read prototype keys as plain fields or nil, never the prototype", () => {
    const facts = JSON.parse('{"__proto__": {"x": 5}, "o": {"constructor": 3}}') as object;
    expect(engine.evaluate("fact.__proto__.x", facts)).toBe(5);
    expect(engine.evaluate("o.constructor", facts)).toBe(3);
    expect(engine.evaluate("o.toString", facts)).toBeUndefined();
    expect(engine.evaluate("toString", {})).toBeUndefined();
    expect(engine.evaluate("fact.hasOwnProperty", {})).toBeUndefined();
    expect(engine.evaluate("constructor == nil and __proto__ == nil", {})).toBe(true);
  });

  it("leave shadowed functions, host objects and getters to the VM", () => {
    expect(() => engine.evaluate("ROUND(x)", { x: 1, ROUND: "no" })).toThrow("attempt to call a string value (global 'ROUND')");
    expect(() => engine.evaluate("o.x + 1", { o: new (class Secret { x = 1 })() })).toThrow("not JSON data");
    let reads = 0;
    const tricky = Object.defineProperty({}, "x", { get: () => ++reads, enumerable: true });
    engine.evaluate("x + x", tricky); // a getter is read once per evaluation path, never kept
    expect(engine.evaluate("x", tricky)).toBeTypeOf("number");
  });

  it("never let a budget pass that the VM would stop", () => {
    const long = Array.from({ length: 400 }, (_, i) => `a * ${i}`).join(" + ");
    expect(() => engine.evaluate(long, { a: 1 }, { budget: { instructions: 100 } })).toThrow("instruction limit exceeded");
    expect(() => engine.evaluate("ROUND(a)", { a: 1 }, { budget: { depth: 0 } })).toThrow("call depth limit exceeded");
    const ac = new AbortController();
    ac.abort();
    expect(() => engine.evaluate("a + 1", { a: 1 }, { budget: { signal: ac.signal } })).toThrow("aborted");
  });

  it("keep nothing between evaluations", () => {
    expect(engine.evaluate("COALESCE(secret, 'none')", { secret: "tenant A" })).toBe("tenant A");
    expect(engine.evaluate("COALESCE(secret, 'none')", {})).toBe("none");
  });

  it("in rule sets: hostile outputs and ids stay data", () => {
    const rs = RuleSet.fromJSON({
      name: "x",
      rules: HOSTILE.map((h, i) => ({ id: `r${i}`, when: `tier == ${luaLiteral(h)}`, outputs: { [h]: `${luaLiteral(h)} .. tier` } })),
    });
    for (const h of HOSTILE) {
      const r = rs.evaluate({ tier: h });
      expect(r.matched.length).toBe(1);
      expect(r.rules.find((x) => x.matched)!.outputs).toEqual({ [h]: h + h });
    }
  });
});
