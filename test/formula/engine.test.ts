// The formula engine: expressions and blocks over facts, isolation, typed results, many
// records, computed fields in dependency order.
import { describe, expect, it } from "vitest";
import { FormulaEngine } from "../../src/formula/engine.js";
import { defineApi, LuaError } from "../../src/index.js";
import { caught } from "../helpers.js";

describe("FormulaEngine", () => {
  const engine = new FormulaEngine();

  it("evaluates expressions over facts read as globals and as `fact`", () => {
    expect(engine.evaluate("price * qty * (1 - discount)", { price: 10, qty: 3, discount: 0.1 })).toBeCloseTo(27);
    expect(engine.evaluate("fact.price * #fact.items", { price: 2, items: [1, 2, 3] })).toBe(6);
    expect(engine.evaluate("customer.address.city", { customer: { address: { city: "Oslo" } } })).toBe("Oslo");
    expect(engine.compile("price * qty").kind).toBe("expression");
  });

  it("evaluates blocks with statements and returns", () => {
    const src = "local total = price * qty\nif qty > 10 then total = total * 0.95 end\nreturn math.floor(total * 100 + 0.5) / 100";
    expect(engine.compile(src).kind).toBe("block");
    expect(engine.evaluate(src, { price: 2.5, qty: 12 })).toBe(28.5);
    expect(engine.evaluate(src, { price: 2.5, qty: 2 })).toBe(5);
  });

  it("keeps integer and float semantics: qty / 2 is a float, 1 - discount never surprises", () => {
    expect(engine.evaluate("qty / 2", { qty: 4 })).toBe(2);
    expect(engine.evaluate("math.type(qty / 2)", { qty: 4 })).toBe("float");
    expect(engine.evaluate("qty // 2", { qty: 5 })).toBe(2);
    expect(engine.evaluate("1 - discount", { discount: 0.25 })).toBe(0.75);
  });

  it("errors blame the formula's line and point into the formula as written", () => {
    const err = caught(() => engine.evaluate("price * quantity", { price: 1 }));
    expect(err.message).toBe("formula:1: attempt to perform arithmetic on a nil value (global 'quantity')");
    expect(err.column).toBe(7);
    const syn = caught(() => engine.compile("price * "));
    expect(syn.kind).toBe("syntax");
    expect(syn.message).toBe("formula:1: unexpected symbol near <eof>");
    expect(syn.column).toBeLessThanOrEqual(9);
    const named = caught(() => engine.compile("if x then", "cell B2"));
    expect(named.message).toBe("cell B2:1: 'end' expected near <eof>");
  });

  it("isolates evaluations: nothing a formula writes survives, and globals are read-only", () => {
    expect(engine.evaluate("x = 1 return x", {})).toBe(1);
    expect(engine.evaluate("return x", {})).toBeUndefined();
    expect(caught(() => engine.evaluate("string.upper = nil", {})).message).toContain("read-only");
    expect(caught(() => engine.evaluate("rawset(_G, 'leak', 1)", {})).message).toContain("read-only");
    expect(engine.evaluate("return leak", {})).toBeUndefined();
    const facts = { n: 1 };
    expect(caught(() => engine.evaluate("fact.n = 2", facts)).kind).toBe("runtime");
    expect(facts.n).toBe(1);
  });

  it("a closure a formula returns keeps its own evaluation's facts", () => {
    const e = new FormulaEngine();
    const f = e.compile("function() return price end");
    const first = e.evaluate(f, { price: 1 }) as () => number;
    e.evaluate(f, { price: 2 });
    expect(first()).toBe(1);
  });

  it("a host function may evaluate the same formula while it runs", () => {
    let inner: unknown;
    const e: FormulaEngine = new FormulaEngine({
      functions: [defineApi(null, { NESTED: () => (inner = e.evaluate("price * 10 + NESTED_DONE", { price: 7, NESTED_DONE: 0 })) })],
    });
    const src = "price * 10 + NESTED_DONE";
    expect(e.evaluate(src, { price: 1, NESTED_DONE: 0 })).toBe(10);
    const outer = e.compile("NESTED() + price");
    expect(e.evaluate(outer, { price: 2 })).toBe(72);
    expect(inner).toBe(70);
    // the reused closure of the nested formula ran while its own slot was free; run it busy too
    const g = e.compile("RECURSE() + price");
    const e2: FormulaEngine = new FormulaEngine({
      functions: [defineApi(null, { RECURSE: () => (depth++ < 1 ? e2.evaluate(g, { price: 100 }) : 0) })],
    });
    let depth = 0;
    expect(e2.evaluate(g, { price: 1 })).toBe(101);
  });

  it("checks the result type when asked", () => {
    expect(engine.evaluate("price * 2", { price: 2 }, { expect: "number" })).toBe(4);
    expect(caught(() => engine.evaluate("name", { name: "x" }, { expect: "number" })).message).toBe("formula: the formula returned a string, expected a number");
    expect(caught(() => engine.evaluate("1.5", {}, { expect: "integer" })).message).toContain("expected an integer");
  });

  it("stops runaway formulas with the per-formula budget", () => {
    const err = caught(() => engine.evaluate("while true do end", {}));
    expect(err.kind).toBe("limit");
    const tight = caught(() => engine.evaluate("local s = 0 for i = 1, 100 do s = s + i end return s", {}, { budget: { instructions: 50 } }));
    expect(tight.message).toContain("instruction limit exceeded");
  });

  it("evaluateMany: one bad record never stops the others", () => {
    const r = engine.evaluateMany("price * qty", [{ price: 2, qty: 3 }, { price: "x", qty: 1 }, { qty: 2 }, { price: 1, qty: 1 }]);
    expect(r.map((x) => x.ok)).toEqual([true, false, false, true]);
    expect(r[0]).toEqual({ ok: true, value: 6 });
    expect((r[1] as { error: LuaError }).error.message).toContain("attempt to perform arithmetic on a string value");
  });

  it("host functions are available to formulas", () => {
    const e = new FormulaEngine({ functions: [defineApi(null, { TAX: (x: number) => x * 0.2 })] });
    expect(e.evaluate("TAX(price)", { price: 50 })).toBe(10);
  });

  it("refuses facts that are not a plain object", () => {
    expect(() => engine.evaluate("1", [] as unknown as object)).toThrow(TypeError);
  });
});

describe("computed fields", () => {
  const engine = new FormulaEngine();

  it("evaluates in dependency order whatever the definition order", () => {
    const fields = engine.fields({
      total: "subtotal - discount_amount",
      discount_amount: "qty > 10 and subtotal * 0.05 or 0",
      subtotal: "price * qty",
    });
    expect(fields.order).toEqual(["subtotal", "discount_amount", "total"]);
    expect(fields.evaluate({ price: 2, qty: 20 })).toEqual({ values: { subtotal: 40, discount_amount: 2, total: 38 }, errors: {} });
  });

  it("reports cycles at once, naming them", () => {
    expect(() => engine.fields({ a: "b + 1", b: "c + 1", c: "a + 1" })).toThrow("cycle between computed fields: a -> b -> c -> a");
    expect(() => engine.fields({ a: "a + 1" })).toThrow("computed field 'a' refers to itself");
  });

  it("a failing field fails its dependents only", () => {
    const fields = engine.fields({ bad: "nope.x", good: "price * 2", worse: "bad + 1" });
    const r = fields.evaluate({ price: 3 });
    expect(r.values).toEqual({ good: 6 });
    expect(Object.keys(r.errors).sort()).toEqual(["bad", "worse"]);
    expect(r.errors.worse!.message).toBe("worse: depends on 'bad', which failed");
  });
});

describe("moonrule eval", () => {
  async function cli(args: string[], files: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    const { main } = await import("../../src/cli/main.js");
    const out = { stdout: "", stderr: "" };
    const code = await main(args, {
      stdout: (s) => void (out.stdout += s),
      stderr: (s) => void (out.stderr += s),
      readStdin: () => Promise.resolve(""),
      readFile: (p) => {
        if (!(p in files)) throw new Error("ENOENT");
        return files[p]!;
      },
    });
    return { code, ...out };
  }

  it("prints the value as JSON", async () => {
    expect(await cli(["eval", "price * qty * (1 - discount)", "--facts", "f.json"], { "f.json": '{"price": 10, "qty": 3, "discount": 0.5}' }))
      .toEqual({ code: 0, stdout: "15\n", stderr: "" });
    expect(JSON.parse((await cli(["eval", "--json", "{ total = price * 2, tags = { 'a' } }", "--facts-json", '{"price": 2}'])).stdout))
      .toEqual({ ok: true, value: { tags: ["a"], total: 4 } });
  });

  it("reports errors formatted, or as JSON, with exit status 1", async () => {
    const r = await cli(["eval", "price * qtty", "--facts-json", '{"price": 1}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("runtime error: formula:1: attempt to perform arithmetic on a nil value (global 'qtty')");
    const j = await cli(["eval", "--json", "price *", "--facts-json", "{}"]);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { kind: "syntax", message: "formula:1: unexpected symbol near <eof>" } });
  });

  it("refuses bad input with exit status 2", async () => {
    expect((await cli(["eval"])).code).toBe(2);
    expect((await cli(["eval", "1", "--facts-json", "[1]"])).code).toBe(2);
    expect((await cli(["eval", "1", "--facts-json", "{nope"])).stderr).toContain("not valid JSON");
    expect((await cli(["eval", "1", "--facts", "missing.json"])).code).toBe(2);
    expect((await cli(["eval", "while true do end", "--instructions", "100"])).code).toBe(1);
  });
});

describe("the formula library in the engine", () => {
  const engine = new FormulaEngine({ now: () => new Date(Date.UTC(2026, 10, 25, 9, 30)), timeZone: "Europe/Oslo" });

  it("formulas use the library's functions by default", () => {
    expect(engine.evaluate("ROUND(price * qty * (1 - discount), 2)", { price: 19.99, qty: 3, discount: 0.15 })).toBe(50.97);
    expect(engine.evaluate("IF(qty > 10, 'bulk', 'single')", { qty: 12 })).toBe("bulk");
    expect(engine.evaluate("TODAY()", {})).toBe("2026-11-25");
    expect(engine.evaluate("ADD_MONTHS(start, 1)", { start: "2024-01-31" })).toBe("2024-02-29");
  });

  it("validates against the library's metadata and the engine's host functions", () => {
    const e = new FormulaEngine({ functions: [defineApi(null, { TAX: (x: number) => x * 0.2 })] });
    expect(e.validate("ROUND(TAX(price), 2)", { facts: { type: "object", properties: { price: { type: "number" } } } })).toEqual([]);
    expect(e.validate("ROUDN(price)")[0]!.message).toBe("unknown function 'ROUDN' — did you mean 'ROUND'?");
    expect(e.validate("ROUND()")[0]!.message).toBe("ROUND needs at least 1 argument, got 0");
    expect(e.validate("ANY(items, function(x) return x > 1 end)", { facts: { type: "object", properties: { items: { type: "array" } } } })).toEqual([]);
    expect(e.complete("ROU", { line: 1, column: 4 }).map((i) => i.label)).toEqual(expect.arrayContaining(["ROUND", "ROUNDUP", "ROUNDDOWN"]));
    expect(e.validate("subtotal * 2", { computed: ["subtotal"] })).toEqual([]);
  });
});
