// Lowered formulas (src/formula/lowering.ts) must give exactly the VM's value whenever they
// answer, and hand everything else to the VM. Random expressions over random facts are
// evaluated both ways: the Lua value (integer/float subtype included) or the error must match.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FormulaEngine } from "../../src/formula/engine.js";
import { BAILED, lowerExpression, parseExpression, tryLowered } from "../../src/formula/lowering.js";
import { LuaError } from "../../src/vm/errors.js";
import { LuaTable } from "../../src/vm/table.js";
import { LuaFloat, type LuaValue } from "../../src/vm/value.js";

const vmOnly = new FormulaEngine({ lowering: false });
const lowered = new FormulaEngine();

/** A Lua value with its subtype visible (1 and 1.0 differ, -0.0 and 0.0 differ). */
function show(v: LuaValue): string {
  if (v instanceof LuaFloat) return `float:${Object.is(v.n, -0) ? "-0" : v.n}`;
  if (typeof v === "number") return Number.isInteger(v) ? `int:${v}` : `float:${v}`;
  if (typeof v === "bigint") return `int:${v}n`;
  if (typeof v === "string") return `str:${JSON.stringify(v)}`;
  if (v instanceof LuaTable) return "table";
  return String(v);
}

function viaVm(source: string, facts: object): string {
  try {
    const f = vmOnly.compile(source);
    return show(vmOnly.value(f, facts, undefined, undefined));
  } catch (e) {
    if (e instanceof LuaError) return `error:${e.message}`;
    if (e instanceof TypeError) return `host:${e.message}`;
    throw e;
  }
}

// ------------------------------------------------------------------ random formulas

const NUMBERS = ["0", "1", "2", "10", "-3", "0.5", "0.1", "2.5", "1e308", "1e-300", "9007199254740991", "9007199254740993",
  "0x7fffffffffffffff", "math.maxinteger", "3.0", "-0.0", "1/0", "0/0"];
const STRINGS = ['"10"', '"abc"', '" 2.5 "', '"0x10"', '""', '"gold"', '"é"'];
const NAMES = ["a", "b", "c", "s", "t", "flag", "missing", "o.x", "o.y.z", "o.s", "arr[1]", "arr[3]", "arr[0]", "fact.a", "fact.o.x", "o", "arr", "ROUND"];
const BIN = ["+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or", "&", "|", "~", "<<", ">>"];
const CALLS: [string, number][] = [["ROUND", 2], ["ROUND", 1], ["ROUNDUP", 2], ["ROUNDDOWN", 1], ["IF", 3], ["IF", 2], ["COALESCE", 3], ["ABS", 1], ["MOD", 2],
  ["FLOOR", 1], ["CEILING", 2], ["CLAMP", 3], ["POWER", 2], ["SQRT", 1], ["PERCENT", 2], ["MIN", 2], ["LEN", 1], ["math.floor", 1], ["math.ceil", 1], ["math.abs", 1], ["math.max", 2]];

const expr: fc.Memo<string> = fc.memo((depth) => {
  const leaf = fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...STRINGS), fc.constantFrom(...NAMES), fc.constantFrom("true", "false", "nil"));
  if (depth <= 1) return leaf;
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    { weight: 4, arbitrary: fc.tuple(expr(depth - 1), fc.constantFrom(...BIN), expr(depth - 1)).map(([a, op, b]) => `(${a} ${op} ${b})`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("-", "not ", "#", "~"), expr(depth - 1)).map(([op, a]) => `${op}(${a})`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...CALLS).chain(([fn, n]) => fc.array(expr(depth - 1), { minLength: n, maxLength: n }).map((args) => `${fn}(${args.join(", ")})`)),
    },
  );
});

const scalar = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0.1, 2.5, -0, 1e15, 9007199254740991, 9007199254740992, -9007199254740993, 0.30000000000000004),
  fc.constantFrom("10", "abc", "2.5", "", "gold", "Ünïcode"),
  fc.boolean(),
  fc.constant(null),
);
const facts = fc.record(
  {
    a: scalar, b: scalar, c: scalar, s: scalar, t: scalar, flag: fc.boolean(),
    o: fc.oneof(fc.record({ x: scalar, y: fc.record({ z: scalar }), s: scalar }), scalar),
    arr: fc.oneof(fc.array(scalar, { maxLength: 4 }), scalar),
    ROUND: scalar,
  },
  { requiredKeys: ["a", "b", "c"] },
);

describe("lowered formulas", () => {
  it("answer exactly as the VM does, or leave it to the VM", () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(expr(4), facts, (source, f) => {
        const e = parseExpression(source);
        if (e === undefined) return;
        const fn = lowerExpression(e, { globals: lowered["globals"], readsFact: source.includes("fact") });
        runs++;
        if (fn === undefined) return;
        const v = tryLowered(fn, f, undefined);
        if (v === BAILED) return;
        answered++;
        expect(`${source} => ${show(v)}`).toBe(`${source} => ${viaVm(source, f)}`);
      }),
      { numRuns: Number(process.env.LOWERING_RUNS ?? 6000), seed: Number(process.env.LOWERING_SEED ?? 20261125) },
    );
    // not a vacuous check: most random formulas are lowered and answer without the VM
    if (process.env.LOWERING_RUNS) console.log(`answered ${answered} of ${runs}`);
    expect(answered).toBeGreaterThan(runs / 5);
  });

  it("give the engine the VM's results and errors on every formula", () => {
    fc.assert(
      fc.property(expr(3), facts, (source, f) => {
        const got = (() => {
          try {
            return show(lowered.value(lowered.compile(source), f, undefined, undefined));
          } catch (e) {
            if (e instanceof LuaError) return `error:${e.message}`;
            if (e instanceof TypeError) return `host:${e.message}`;
            throw e;
          }
        })();
        expect(got).toBe(viaVm(source, f));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it("lowers the common formulas", () => {
    for (const src of ["price * qty * (1 - discount)", "ROUND(IF(qty > 10, price * qty * 0.95, price * qty), 2)",
      'tier == "gold" and qty > 3 or false', "customer.address.city", "fact.price * 2", "a .. ' ' .. b", "math.floor(a) + math.abs(b)"]) {
      expect(lowerExpression(parseExpression(src)!, { globals: lowered["globals"], readsFact: true }), src).toBeDefined();
    }
    // outside the subset: tables, methods, functions, non-scalar builtins
    for (const src of ["{1, 2}", "s:upper()", "function() end", "SUM(a, b)", "math.sin(a)", "string.len(s)", "..."]) {
      expect(lowerExpression(parseExpression(src)!, { globals: lowered["globals"], readsFact: true }), src).toBeUndefined();
    }
  });

  it("defer to the VM where facts shadow a function, hold odd values or the budget is tight", () => {
    const f = lowered.compile("ROUND(price, 1)");
    expect(lowered.evaluate(f, { price: 2.25 })).toBe(2.3);
    expect(() => lowered.evaluate(f, { price: 2.25, ROUND: 5 })).toThrow("attempt to call a number value (global 'ROUND')");
    expect(() => lowered.evaluate(f, { price: new Map() })).toThrow("fact is a Map, not JSON data");
    expect(lowered.evaluate("d", { d: new Date(0) })).toBe("1970-01-01T00:00:00.000Z");
    expect(() => lowered.evaluate("price * 2", { price: 1 }, { budget: { instructions: 2 } })).toThrow("instruction limit exceeded");
    expect(() => lowered.evaluate("qty // 0", { qty: 1 })).toThrow("attempt to divide by zero");
    expect(() => lowered.evaluate("ROUND(qty)", {})).toThrow("bad argument #1 to 'ROUND' (number expected, got nil)");
  });

  it("evaluate computed fields like the VM", () => {
    const defs = { total: "price * qty", net: "ROUND(total * (1 - discount), 2)", big: "IF(net > 100, 'big', 'small')", bad: "net .. {}" };
    const a = lowered.fields(defs).evaluate({ price: 12.5, qty: 9, discount: 0.15 });
    const b = vmOnly.fields(defs).evaluate({ price: 12.5, qty: 9, discount: 0.15 });
    expect(a.values).toEqual(b.values);
    expect(Object.keys(a.errors)).toEqual(["bad"]);
    expect(a.errors.bad!.message).toBe(b.errors.bad!.message);
  });
});
