// Math functions: values, subtypes, blanks, decimal rounding, errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Lua } from "../../src/index.js";
import { createFormulaLibrary, installFormulaLibrary } from "../../src/stdlib-formula/index.js";
import { caught, err, f, formulaVM, luaType } from "./helpers.js";

describe("aggregates", () => {
  it("SUM adds numbers, lists, nested lists; skips nil; reads numeric strings", () => {
    expect(f("SUM(1, nil, 2)")).toBe(3);
    expect(f("SUM({1, 2}, {{3, 4}, 5}, 6)")).toBe(21);
    expect(f("SUM('10', {'2.5'})")).toBe(12.5);
    expect(f("SUM({})")).toBe(0);
    expect(f("SUM(nil)")).toBe(0);
    expect(f("SUM({[1] = 1, [2] = 2, x = 100})")).toBe(3); // named keys are not items
  });
  it("items after a nil hole are not lost", () => {
    expect(f("SUM({1, nil, 3, nil, 5})")).toBe(9);
    expect(f("COUNT({1, nil, 3})")).toBe(2);
    expect(f("AVERAGE({2, nil, 4})")).toBe(3);
    expect(f("(function() local t = {} t[1] = 1 t[5] = 5 t[3] = 3 return SUM(t) end)()")).toBe(9);
  });
  it("SUM keeps integers exact, turns to float past int64 (no wrap-around)", () => {
    expect(luaType("SUM(1, 2)")).toBe("integer");
    expect(luaType("SUM(1, 2.0)")).toBe("float");
    expect(luaType("SUM(1.5, 1.5)")).toBe("float");
    expect(f("SUM(9007199254740991, 2)")).toBe(9007199254740993n);
    expect(f("SUM(math.maxinteger, 1)")).toBe(9223372036854775808);
    expect(luaType("SUM(math.maxinteger, 1)")).toBe("float");
    expect(f("SUM(math.maxinteger, 1, -1)")).toBe(9223372036854775807n);
    expect(f("SUM(math.mininteger, -1)")).toBe(-9223372036854775809);
  });
  it("SUM of floats is compensated", () => {
    expect(f("SUM(1e100, 1, -1e100)")).toBe(1);
    expect(f("SUM({0.1, 0.2, 0.3, -0.6})")).toBe(0);
    expect(f("SUM(0.1, 0.2)")).toBe(0.3);
    expect(f("SUM(0.1, 0.2) == 0.3")).toBe(true);
    expect(f("SUM(math.pi)")).toBe(Math.PI);
    expect(f("SUM(1e300, 1e-300, -1e300)")).toBe(1e-300);
    expect(luaType("SUM(0.5, 0.5)")).toBe("float");
    expect(Number.isNaN(f("SUM(1/0, -1/0)"))).toBe(true);
    expect(f("SUM(1/0, 1)")).toBe(Infinity);
  });
  it("nesting is one level deep", () => {
    expect(err("SUM({{{1}}})")).toBe("input:1: bad argument #1 to 'SUM' (list item 1.1: number expected, got table)");
    expect(f("COUNT({{{1}}, 2})")).toBe(1);
  });
  it("errors name the argument and the list item", () => {
    expect(err("SUM(1, true)")).toBe("input:1: bad argument #2 to 'SUM' (number expected, got boolean)");
    expect(err("SUM({1, 'x'})")).toBe("input:1: bad argument #1 to 'SUM' (list item 2: number expected, got string)");
    expect(err("AVERAGE({1, {2, 'y'}})")).toBe("input:1: bad argument #1 to 'AVERAGE' (list item 2.2: number expected, got string)");
    expect(err("MAX('abc')")).toBe("input:1: bad argument #1 to 'MAX' (number expected, got string)");
    expect(caught(() => formulaVM().eval("local s = SUM return s(1, true)")).message).toBe("input:1: bad argument #2 to 's' (number expected, got boolean)");
  });
  it("AVERAGE is a float; no numbers is nil", () => {
    expect(f("AVERAGE(1, 2)")).toBe(1.5);
    expect(luaType("AVERAGE(2, 4)")).toBe("float");
    expect(f("AVERAGE(nil, nil)")).toBeUndefined();
    expect(f("AVERAGE(math.maxinteger, math.maxinteger)")).toBe(9223372036854775807);
  });
  it("MIN and MAX return the argument itself, exact across subtypes", () => {
    expect(luaType("MIN(3, 2.0)")).toBe("float");
    expect(luaType("MAX(3, 2.0)")).toBe("integer");
    expect(f("MAX(math.maxinteger, 2^63)")).toBe(9223372036854775808);
    expect(f("MAX(math.maxinteger - 1, math.maxinteger)")).toBe(9223372036854775807n);
    expect(f("MIN(0/0, 1)")).toBe(1);
    expect(f("MAX(nil, {})")).toBeUndefined();
  });
  it("COUNT counts numbers only and never fails", () => {
    expect(f("COUNT()")).toBe(0);
    expect(f("COUNT('1', '1e3', 'x', true, {}, print)")).toBe(2);
  });
});

describe("ROUND, ROUNDUP, ROUNDDOWN", () => {
  it("rounds half away from zero on the decimal digits", () => {
    expect(f("ROUND(1.005, 2)")).toBe(1.01);
    expect(f("ROUND(2.675, 2)")).toBe(2.68);
    expect(f("ROUND(-1.005, 2)")).toBe(-1.01);
    expect(f("ROUND(1234.5678, -2)")).toBe(1200);
    expect(f("ROUND(0.5)")).toBe(1);
    expect(f("ROUND(-0.5)")).toBe(-1);
    expect(f("ROUND(1.45, 1)")).toBe(1.5);
    expect(f("ROUND(8.345, 2)")).toBe(8.35);
    expect(f("ROUND(0.285, 2)")).toBe(0.29);
    expect(f("ROUND(1.0049999999, 2)")).toBe(1);
    expect(f("ROUND(0.1 + 0.2, 15)")).toBe(0.3);
    expect(f("ROUND(123.456, 10)")).toBe(123.456);
  });
  it("returns an integer whenever the result is whole", () => {
    expect(luaType("ROUND(2.5, 0)")).toBe("integer");
    expect(luaType("ROUND(1.005, 2)")).toBe("float");
    expect(luaType("ROUND(2.999, 2)")).toBe("integer");
    expect(luaType("ROUND(3.0)")).toBe("integer");
    expect(luaType("ROUND(7)")).toBe("integer");
    expect(luaType("ROUND(1e300)")).toBe("float"); // beyond 64 bits
    expect(f("ROUND(-0.4)")).toBe(0);
    expect(f("1 / ROUND(-0.4)")).toBe(Infinity); // an integer 0, not -0.0
  });
  it("integers round exactly, also at 64 bits", () => {
    expect(f("ROUND(1234, -2)")).toBe(1200);
    expect(f("ROUND(1250, -2)")).toBe(1300);
    expect(f("ROUND(-1250, -2)")).toBe(-1300);
    expect(f("ROUND(math.maxinteger, -3)")).toBe(9223372036854776000); // past int64: a float
    expect(luaType("ROUND(math.maxinteger, -3)")).toBe("float");
    expect(f("ROUND(math.maxinteger, 2)")).toBe(9223372036854775807n);
    expect(f("ROUNDDOWN(math.maxinteger, -1)")).toBe(9223372036854775800n);
  });
  it("large floats use all their digits", () => {
    expect(f("ROUND(2^60, -3)")).toBe(1152921504606847000n);
    expect(f("ROUND(2^53 + 0.0, 0)")).toBe(9007199254740992n); // an integer beyond 2^53: a bigint to the host
    expect(f("ROUND(1234567890123456.7)")).toBe(1234567890123457);
  });
  it("extreme digits", () => {
    expect(f("ROUND(123.456, 1000000)")).toBe(123.456);
    expect(f("ROUND(123.456, -1000000)")).toBe(0);
    expect(f("ROUND(5e-324, 400)")).toBe(5e-324);
    expect(f("ROUND(math.pi, math.maxinteger)")).toBe(Math.PI);
    expect(f("ROUNDUP(0.001, -400)")).toBe(Infinity);
    expect(f("ROUNDUP(0.001, 1)")).toBe(0.1);
    expect(f("ROUNDDOWN(0.999, -1)")).toBe(0);
  });
  it("NaN and infinities pass through", () => {
    expect(f("ROUND(1/0, 2)")).toBe(Infinity);
    expect(f("ROUND(-1/0)")).toBe(-Infinity);
    expect(Number.isNaN(f("ROUND(0/0, 2)"))).toBe(true);
  });
  it("ROUNDUP and ROUNDDOWN", () => {
    expect(f("ROUNDUP(1.001, 2)")).toBe(1.01);
    expect(f("ROUNDUP(-1.001, 2)")).toBe(-1.01);
    expect(f("ROUNDUP(1.0, 2)")).toBe(1);
    expect(f("ROUNDUP(1234, -2)")).toBe(1300);
    expect(f("ROUNDDOWN(1.999, 2)")).toBe(1.99);
    expect(f("ROUNDDOWN(-1.999, 2)")).toBe(-1.99);
    expect(f("ROUNDDOWN(1299, -2)")).toBe(1200);
    expect(f("ROUNDDOWN(3 * 1.1, 1)")).toBe(3.3); // 3.3000000000000003
    expect(f("ROUNDUP(1.1 * 1.1, 2)")).toBe(1.21); // 1.2100000000000002
  });
  it("errors", () => {
    expect(err("ROUND('x')")).toBe("input:1: bad argument #1 to 'ROUND' (number expected, got string)");
    expect(err("ROUND()")).toBe("input:1: bad argument #1 to 'ROUND' (number expected, got no value)");
    expect(err("ROUND(nil, 2)")).toBe("input:1: bad argument #1 to 'ROUND' (number expected, got nil)");
    expect(err("ROUND(1, 1.5)")).toBe("input:1: bad argument #2 to 'ROUND' (number has no integer representation)");
    expect(err("ROUNDUP(1, {})")).toBe("input:1: bad argument #2 to 'ROUNDUP' (number expected, got table)");
    expect(f("ROUND('2.5')")).toBe(3); // numeric text converts, as in Lua arithmetic
  });
});

/** Exact decimal rounding, half away from zero, of a decimal string (string arithmetic only). */
function roundString(s: string, d: number): string {
  const neg = s.startsWith("-");
  const [ip, fp = ""] = (neg ? s.slice(1) : s).split(".");
  let digits = ip! + fp;
  let point = ip!.length; // digits before the decimal point
  // keep `point + d` digits
  const keep = point + d;
  if (keep < 0) return "0";
  if (digits.length <= keep) return trimDec(s);
  const first = digits.charCodeAt(keep) - 48;
  let kept = digits.slice(0, keep);
  if (first >= 5) {
    // add one at the last kept place
    const arr = kept.split("").map(Number);
    let i = arr.length - 1;
    for (; i >= 0; i--) {
      if (arr[i]! < 9) {
        arr[i]!++;
        break;
      }
      arr[i] = 0;
    }
    kept = (i < 0 ? "1" : "") + arr.join("");
    if (i < 0) point++;
  }
  digits = kept;
  let out: string;
  if (d >= 0) {
    const intPart = digits.slice(0, digits.length - d) || "0";
    const frac = digits.slice(digits.length - d);
    out = d > 0 ? `${intPart}.${frac}` : intPart;
  } else out = (digits || "0") + "0".repeat(-d);
  out = trimDec(out);
  return neg && !/^0(\.0*)?$/.test(out) ? "-" + out : out;
}

function trimDec(s: string): string {
  let t = s.replace(/^(-?)0+(?=\d)/, "$1");
  if (t.includes(".")) t = t.replace(/0+$/, "").replace(/\.$/, "");
  return t === "-0" ? "0" : t;
}

describe("ROUND is exact decimal rounding (property)", () => {
  const vm = installFormulaLibrary(Lua.create(), createFormulaLibrary());
  it("for random decimals with up to 6 digits and any digits argument", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -999999, max: 999999 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -7, max: 7 }),
        (n, scale, d) => {
          const abs = String(Math.abs(n)).padStart(scale + 1, "0");
          const text = (n < 0 ? "-" : "") + (scale === 0 ? abs : `${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}`);
          const expected = roundString(text, d);
          const got = vm.eval(`return ROUND(${text}, ${d})`).values[0] as number;
          expect(got).toBe(Number(expected));
          // and TEXT shows the same digits
          if (d >= 0) {
            const shown = vm.eval(`return TEXT(${text}, ${d})`).values[0] as string;
            expect(Number(shown)).toBe(Number(expected));
            expect(shown.split(".")[1]?.length ?? 0).toBe(d);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("FLOOR and CEILING", () => {
  it("without significance: integers, exact", () => {
    expect(f("FLOOR(2.5)")).toBe(2);
    expect(luaType("FLOOR(2.5)")).toBe("integer");
    expect(f("CEILING(-0.5)")).toBe(0);
    expect(f("FLOOR(7)")).toBe(7);
    expect(f("FLOOR(1e300)")).toBe(1e300);
    expect(luaType("FLOOR(1e300)")).toBe("float");
  });
  it("with significance: decimal multiples, toward -inf / +inf", () => {
    expect(f("FLOOR(2.3, 0.1)")).toBe(2.3); // 2.3 / 0.1 is 22.999999999999996 in binary
    expect(f("CEILING(2.3, 0.1)")).toBe(2.3);
    expect(f("CEILING(0.1 * 3, 0.1)")).toBe(0.3);
    expect(f("FLOOR(-2.5, 2)")).toBe(-4);
    expect(f("CEILING(-2.5, 2)")).toBe(-2);
    expect(f("FLOOR(7, -2)")).toBe(6); // the sign of the significance is ignored
    expect(f("CEILING(1.234, 0.01)")).toBe(1.24);
    expect(f("FLOOR(5, 0)")).toBe(0);
    expect(f("CEILING(12345, 1000)")).toBe(13000);
    expect(f("FLOOR(1e300, 1e-300)")).toBe(1e300);
  });
  it("errors", () => {
    expect(err("FLOOR(1, 1/0)")).toBe("input:1: FLOOR significance must be a finite number");
    expect(err("CEILING('a')")).toBe("input:1: bad argument #1 to 'CEILING' (number expected, got string)");
  });
});

describe("ABS, MOD, POWER, SQRT, CLAMP, PERCENT", () => {
  it("ABS keeps the subtype", () => {
    expect(luaType("ABS(-3.0)")).toBe("float");
    expect(f("ABS(math.mininteger)")).toBe(9223372036854775808);
    expect(f("ABS(math.mininteger + 1)")).toBe(9223372036854775807n);
  });
  it("MOD: sign of the divisor, decimal for floats", () => {
    expect(f("MOD(-7, 2)")).toBe(1);
    expect(f("MOD(7, -2)")).toBe(-1);
    expect(f("MOD(-7.5, 2)")).toBe(0.5);
    expect(f("MOD(0.3, 0.1)")).toBe(0); // binary % gives 0.09999999999999998
    expect(f("MOD(1.1, 0.2)")).toBe(0.1);
    expect(luaType("MOD(5.0, 2)")).toBe("float");
    expect(luaType("MOD(5, 2)")).toBe("integer");
    expect(f("MOD(math.mininteger, -1)")).toBe(0);
    expect(f("MOD(math.maxinteger, 10)")).toBe(7);
    expect(f("MOD(5, 1/0)")).toBe(5);
    expect(err("MOD(5.5, 0)")).toBe("input:1: MOD by zero");
    expect(err("MOD(1)")).toBe("input:1: bad argument #2 to 'MOD' (number expected, got no value)");
  });
  it("POWER", () => {
    expect(luaType("POWER(2, 10)")).toBe("integer");
    expect(f("POWER(2, 62)")).toBe(4611686018427387904n);
    expect(f("POWER(2, 64)")).toBe(18446744073709551616);
    expect(luaType("POWER(2, 64)")).toBe("float");
    expect(f("POWER(-2, 3)")).toBe(-8);
    expect(f("POWER(-1, math.maxinteger)")).toBe(-1);
    expect(f("POWER(10, 400)")).toBe(Infinity);
    expect(f("POWER(0, 0)")).toBe(1);
    expect(f("POWER(2.5, 2)")).toBe(6.25);
    expect(err("POWER(0, -1)")).toBe("input:1: POWER of zero to a negative exponent");
  });
  it("SQRT", () => {
    expect(luaType("SQRT(16)")).toBe("float");
    expect(f("SQRT(0)")).toBe(0);
    expect(err("SQRT(-0.0001)")).toBe("input:1: SQRT of a negative number");
    expect(err("SQRT()")).toBe("input:1: bad argument #1 to 'SQRT' (number expected, got no value)");
  });
  it("CLAMP", () => {
    expect(f("CLAMP(5, 1.5, 2.5)")).toBe(2.5);
    expect(f("CLAMP(2, 2, 2)")).toBe(2);
    expect(err("CLAMP(1, 10, 0)")).toBe("input:1: CLAMP with a lower bound above the upper bound");
  });
  it("PERCENT and PERCENT_OF", () => {
    expect(f("PERCENT(1, 8)")).toBe(12.5);
    expect(f("PERCENT(-5, 20)")).toBe(-25);
    expect(err("PERCENT(5, 0)")).toBe("input:1: PERCENT of a whole of zero");
    expect(f("PERCENT_OF(19, 100)")).toBe(19);
    expect(f("PERCENT_OF(10, 0.3)")).toBe(0.03);
    expect(luaType("PERCENT_OF(50, 4)")).toBe("float");
  });
});
