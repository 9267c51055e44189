// ROUND/ROUNDUP/ROUNDDOWN take a double-only fast path for ordinary floats; it must agree with
// the decimal path on every input (here: random floats of many shapes, both ways computed).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { installFormulaLibrary, Lua } from "../../src/index.js";
import { decToValue, roundNumber } from "../../src/stdlib-formula/decimal.js";
import { fastRound } from "../../src/stdlib-formula/math.js";
import { LuaFloat } from "../../src/vm/value.js";

describe("rounding fast path", () => {
  const vm = installFormulaLibrary(Lua.create());
  /** Exact decimal rounding of x's shortest decimal form (these inputs have at most 8 digits). */
  const decimalRound = (x: number, d: number, mode: "half" | "up" | "down"): number => {
    const [mant, exp] = Math.abs(x).toExponential().split("e");
    const m = BigInt(mant!.replace(".", ""));
    const e10 = Number(exp) - (mant!.split(".")[1]?.length ?? 0);
    const drop = -d - e10;
    if (drop <= 0) return x;
    const unit = 10n ** BigInt(drop);
    let q = m / unit;
    const r = m % unit;
    if (r !== 0n && (mode === "half" ? 2n * r >= unit : mode === "up")) q += 1n;
    const y = Number(`${q}e${-d}`);
    return x < 0 ? -y : y;
  };

  it("agrees with exact decimal rounding on random floats", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -99999999, max: 99999999 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 6 }),
        fc.constantFrom("ROUND", "ROUNDUP", "ROUNDDOWN"),
        (mant, scale, d, fn) => {
          const x = mant / 10 ** scale;
          if (Number.isInteger(x)) return;
          const mode = fn === "ROUND" ? "half" : fn === "ROUNDUP" ? "up" : "down";
          const got = vm.eval(`return ${fn}(x, ${d})`, { globals: { x } }).values[0] as number;
          expect(got).toBe(decimalRound(x, d, mode) || 0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("agrees with the decimal path on products (16 and 17 digit floats) wherever it answers", () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99999 }), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 12 }),
        fc.constantFrom("half", "up", "down") as fc.Arbitrary<"half" | "up" | "down">, (a, b, d, mode) => {
          const x = (a / 100) * (b / 37) * (a % 2 ? 1 : -1);
          const fast = fastRound(x, d, mode);
          if (fast === undefined) return;
          answered++;
          expect(fast).toEqual(decToValue(roundNumber(x, d, mode)));
        }),
      { numRuns: 5000, seed: 20261125 },
    );
    // the fast path answers for most products (about 80%); the rest take the decimal path
    expect(answered).toBeGreaterThan(3000);
  });

  it("agrees with the decimal path on arbitrary doubles and digits 0..15", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 15 }),
        fc.constantFrom("half", "up", "down") as fc.Arbitrary<"half" | "up" | "down">, (x, d, mode) => {
          const fast = fastRound(x, d, mode);
          if (fast !== undefined) expect(fast).toEqual(decToValue(roundNumber(x, d, mode)));
        }),
      { numRuns: 20000, seed: 7 },
    );
  });

  it("whole floats round to the integer the decimal path gives", () => {
    for (const x of [3, -0, 2 ** 60, -(2 ** 63), 2 ** 63, 1e300, 123456789]) {
      for (const [fn, mode] of [["ROUND", "half"], ["ROUNDUP", "up"], ["ROUNDDOWN", "down"]] as const) {
        const got = vm.eval(`return ${fn}(x + 0.0, 2)`, { globals: { x } }).values[0];
        expect(got).toEqual(vm.valueToJS(decToValue(roundNumber(new LuaFloat(x), 2, mode))));
      }
    }
  });

  it("products that land on a decimal half round up (446.5 * 0.95 = 424.175)", () => {
    expect(vm.eval("return ROUND(446.5 * 0.95, 2), ROUND(1.005, 2), ROUND(-2.675, 2), ROUNDUP(0.1 + 0.2, 1), ROUNDDOWN(0.7 + 0.1, 1)").values)
      .toEqual([424.18, 1.01, -2.68, 0.3, 0.8]);
  });
});
