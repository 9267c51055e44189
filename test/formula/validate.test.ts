// validateFormula: syntax errors with ranges, names and fields against the facts schema,
// functions, arity and types against the catalogue — each diagnostic with an exact range.
import { describe, expect, it } from "vitest";
import { completeFormula, validateFormula, type FunctionSignature, type JsonSchema } from "../../src/formula/validate.js";

const facts: JsonSchema = {
  type: "object",
  properties: {
    price: { type: "number" },
    qty: { type: "integer" },
    discount: { type: "number" },
    name: { type: "string" },
    customer: { type: "object", properties: { tier: { type: "string" }, address: { $ref: "#/$defs/address" } }, additionalProperties: false },
    items: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } } },
  },
  $defs: { address: { type: "object", properties: { city: { type: "string" } } } },
};

const functions: FunctionSignature[] = [
  { name: "ROUND", signature: { params: [{ name: "x", type: "number" }, { name: "digits", type: "integer", optional: true }], returns: "number" } },
  { name: "SUM", signature: { params: [{ name: "values", type: "any", variadic: true }], returns: "number" } },
  { name: "UPPER", signature: { params: [{ name: "text", type: "string" }], returns: "string" } },
  { name: "IF", signature: { params: [{ name: "cond", type: "any" }, { name: "a", type: "any" }, { name: "b", type: "any" }], returns: "any" } },
];

const v = (src: string) => validateFormula(src, { facts, functions });

describe("validateFormula", () => {
  it("accepts good formulas, expressions and blocks", () => {
    expect(v("price * qty * (1 - discount)")).toEqual([]);
    expect(v("ROUND(price * qty, 2)")).toEqual([]);
    expect(v("local t = price * qty\nif qty > 10 then t = t * 0.95 end\nreturn ROUND(t, 2)")).toEqual([]);
    expect(v("customer.address.city .. ' ' .. UPPER(customer.tier)")).toEqual([]);
    expect(v("SUM(1, 2, price)")).toEqual([]);
    expect(v("items[1].sku")).toEqual([]);
    expect(v("fact.price + math.max(qty, 1)")).toEqual([]);
  });

  it("reports syntax errors with ranges on the formula as written", () => {
    expect(v("price * ")).toEqual([{ severity: "error", message: "unexpected symbol near <eof>", line: 1, column: 9, endLine: 1, endColumn: 9 }]);
    const several = v("local x = = 1\nlocal y = 2 +\nreturn (3");
    expect(several.length).toBeGreaterThanOrEqual(2);
    expect(several[0]).toMatchObject({ line: 1, column: 11, message: "unexpected symbol near '='" });
  });

  it("finds unknown names with a suggestion and the exact range", () => {
    expect(v("prise * qty")).toEqual([{ severity: "error", message: "unknown name 'prise' — did you mean 'price'?", line: 1, column: 1, endLine: 1, endColumn: 6 }]);
    expect(v("price * zzz")).toEqual([{ severity: "error", message: "unknown name 'zzz'", line: 1, column: 9, endLine: 1, endColumn: 12 }]);
  });

  it("does not report locals, loop variables or parameters", () => {
    expect(v("local total = 0\nfor i, it in ipairs(items) do total = total + it.qty * i end\nreturn total")).toEqual([]);
    expect(v("local f = function(a) return a * 2 end return f(price)")).toEqual([]);
  });

  it("finds unknown fields: errors where the schema is closed, warnings where it is open", () => {
    expect(v("customer.tierr")).toEqual([{ severity: "error", message: "unknown field 'tierr' — did you mean 'tier'?", line: 1, column: 10, endLine: 1, endColumn: 15 }]);
    expect(v("customer.address.zip")).toEqual([{ severity: "warning", message: "unknown field 'zip'", line: 1, column: 18, endLine: 1, endColumn: 21 }]);
  });

  it("finds unknown functions, wrong arity and argument types", () => {
    expect(v("ROUDN(price, 2)")).toEqual([{ severity: "error", message: "unknown function 'ROUDN' — did you mean 'ROUND'?", line: 1, column: 1, endLine: 1, endColumn: 6 }]);
    expect(v("ROUND()")).toEqual([{ severity: "error", message: "ROUND needs at least 1 argument, got 0", line: 1, column: 1, endLine: 1, endColumn: 6 }]);
    expect(v("ROUND(price, 2, 3)")).toEqual([{ severity: "error", message: "ROUND takes at most 2 arguments, got 3", line: 1, column: 1, endLine: 1, endColumn: 6 }]);
    expect(v("ROUND(name, 2)")).toEqual([{ severity: "error", message: "argument #1 of ROUND ('x') must be a number, got a string", line: 1, column: 7, endLine: 1, endColumn: 8 }]);
    expect(v("price(2)")).toEqual([{ severity: "error", message: "'price' is a field of the facts, not a function", line: 1, column: 1, endLine: 1, endColumn: 6 }]);
  });

  it("finds type mismatches the schema reveals", () => {
    expect(v("name * 2")).toEqual([{ severity: "error", message: "arithmetic on a string ('*' needs numbers)", line: 1, column: 1, endLine: 1, endColumn: 2 }]);
    expect(v("qty > name")).toEqual([{ severity: "error", message: "comparing an integer with a string", line: 1, column: 5, endLine: 1, endColumn: 6 }]);
    expect(v("UPPER(name) + 1")[0]!.message).toBe("arithmetic on a string ('+' needs numbers)");
  });

  it("counts columns in characters on lines with non-ASCII text", () => {
    expect(v("'é' .. nme")).toEqual([{ severity: "error", message: "unknown name 'nme' — did you mean 'name'?", line: 1, column: 8, endLine: 1, endColumn: 11 }]);
  });

  it("without a schema or catalogue, checks syntax and nothing it cannot know", () => {
    expect(validateFormula("anything * goes")).toHaveLength(2);
    expect(validateFormula("anything * goes", { globals: ["anything", "goes"] })).toEqual([]);
  });
});


describe("completeFormula", () => {
  const c = (src: string, column: number, line = 1) => completeFormula(src, { line, column }, { facts, functions });

  it("completes fields and functions matching the word being typed, fields first", () => {
    const items = c("pr", 3);
    expect(items.map((i) => i.label)).toEqual(["price"]);
    expect(items[0]).toMatchObject({ kind: "field", detail: "number", insertText: "price", range: { line: 1, column: 1, endColumn: 3 } });
    const r = c("price * ro", 11);
    expect(r.map((i) => i.label)).toEqual(["ROUND"]);
    expect(r[0]).toMatchObject({ kind: "function", detail: "ROUND(x, digits?) → number", insertText: "ROUND(", range: { column: 9, endColumn: 11 } });
  });

  it("follows a.b. paths through the schema, $refs included", () => {
    expect(c("customer.", 10).map((i) => i.label)).toEqual(["address", "tier"]);
    expect(c("customer.address.c", 19).map((i) => i.label)).toEqual(["city"]);
    expect(c("fact.cu", 8).map((i) => i.label)).toEqual(["customer"]);
    expect(c("nothing.", 9)).toEqual([]);
  });

  it("offers everything at an empty word, and keywords once a word starts", () => {
    const all = c("", 1).map((i) => i.label);
    expect(all).toContain("price");
    expect(all).toContain("SUM");
    expect(c("qty > 1 an", 11).map((i) => i.label)).toEqual(["and"]);
  });
});
