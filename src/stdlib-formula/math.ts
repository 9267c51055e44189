// Math functions: SUM AVERAGE MIN MAX COUNT ROUND ROUNDUP ROUNDDOWN FLOOR CEILING ABS MOD
// POWER SQRT CLAMP PERCENT PERCENT_OF.
//
// Blanks: SUM, AVERAGE, COUNT, MIN and MAX take numbers and lists of numbers (nested one
// level), skip nil, and read numeric strings as numbers ("10" counts as 10, as in Lua
// arithmetic). Numbers keep Lua's subtypes where Lua arithmetic would (SUM of integers is an
// integer); the rounding functions return an integer whenever the result is whole.

import { powFloat, numLessThan } from "../vm/arith.js";
import type { LuaState } from "../vm/state.js";
import { LuaTable } from "../vm/table.js";
import { LuaFloat, type LuaValue } from "../vm/value.js";
import { tonumber } from "../vm/numconv.js";
import type { FunctionDef } from "./define.js";
import { decOf, decShortest, decToFloat, decToValue, modDec, multipleOf, normalize, roundNumber, type RoundMode } from "./decimal.js";
import {
  bigToValue, checkNum, data, eachItem, fault, flt, isInt, itemError, optIntArg, optNum, toF, typeError, wholeToValue, work, type Num,
} from "./values.js";

// ------------------------------------------------------------------------------ aggregates

/** A number value for aggregates: numbers, numeric strings; undefined for anything else. */
function numOf(v: LuaValue): Num | undefined {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return v;
  if (typeof v === "string") return tonumber(v);
  return undefined;
}

/**
 * Visit the numbers of SUM-like arguments: numbers (numeric strings too) and lists of them,
 * a list item may itself be a list (one level); nil anywhere is skipped. With `strict`, any
 * other value is an argument error; without, it is ignored (COUNT).
 */
function eachNumber(L: LuaState, args: LuaValue[], strict: boolean, visit: (n: Num) => void): void {
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (v === undefined) continue;
    if (typeof v === "number") visit(v);
    else if (v instanceof LuaTable) eachInList(L, i, data(L, v), "", strict, visit);
    else {
      const n = numOf(v);
      if (n !== undefined) visit(n);
      else if (strict) throw typeError(args, i, "number");
    }
  }
}

function eachInList(L: LuaState, arg: number, t: LuaTable, outer: string, strict: boolean, visit: (n: Num) => void): void {
  eachItem(L, t, (v, k) => {
    if (typeof v === "number") return visit(v);
    if (v instanceof LuaTable && outer === "") return eachInList(L, arg, data(L, v), `${k}.`, strict, visit);
    const x = numOf(v);
    if (x !== undefined) visit(x);
    else if (strict) throw itemError(L, arg, `${outer}${k}`, "number", v);
  });
}

/**
 * Sums, exactly: integers as integers (a float only past int64), floats by their shortest
 * decimal digits (decimal.ts), so SUM(0.1, 0.2) is 0.3 and SUM(x) is x. ±inf and NaN add as
 * floats do.
 */
class Summer {
  count = 0;
  private anyFloat = false;
  private small = 0;
  private big: bigint | undefined = undefined;
  /** The floats' total: acc × 10^accE (accE only decreases, from 0). */
  private acc = 0n;
  private accE = 0;
  private special = 0;

  constructor(private readonly L: LuaState) {}

  add = (v: Num): void => {
    this.count++;
    if (typeof v === "number" && Number.isInteger(v)) {
      if (this.big === undefined) {
        const t = this.small + v;
        if (Number.isSafeInteger(t)) this.small = t;
        else this.big = BigInt(this.small) + BigInt(v);
      } else this.big += BigInt(v);
      return;
    }
    if (typeof v === "bigint") {
      this.big = (this.big ?? BigInt(this.small)) + v;
      return;
    }
    this.anyFloat = true;
    const x = toF(v);
    if (!Number.isFinite(x)) {
      this.special += x;
      return;
    }
    const d = decShortest(x);
    // decimal work per float, more when exponents far apart make the accumulator long
    this.L.charge(2 + (Math.abs(d.e - this.accE) >> 5));
    if (d.m === 0n) return;
    if (d.e < this.accE) {
      this.acc *= 10n ** BigInt(this.accE - d.e);
      this.accE = d.e;
    }
    const m = d.m * 10n ** BigInt(d.e - this.accE);
    this.acc += d.neg ? -m : m;
  };

  private intTotal(): bigint {
    return this.big ?? BigInt(this.small);
  }

  /** The sum: an integer when every value was one (a float beyond int64), else a float. */
  total(): Num {
    if (!this.anyFloat) return this.big === undefined ? this.small : bigToValue(this.big);
    return flt(this.floatTotal());
  }

  floatTotal(): number {
    if (!this.anyFloat) return this.big === undefined ? this.small : Number(this.big);
    if (this.special !== 0 || this.special !== this.special) return this.special;
    const m = this.acc + this.intTotal() * 10n ** BigInt(-this.accE);
    const d = normalize({ neg: m < 0n, m: m < 0n ? -m : m, e: this.accE });
    const f = decToFloat(d);
    return typeof f === "number" ? f : f.n;
  }
}

function sum(L: LuaState, args: LuaValue[]): LuaValue {
  const s = new Summer(L);
  eachNumber(L, args, true, s.add);
  return s.total();
}

function average(L: LuaState, args: LuaValue[]): LuaValue {
  const s = new Summer(L);
  eachNumber(L, args, true, s.add);
  if (s.count === 0) return undefined;
  return flt(s.floatTotal() / s.count);
}

function count(L: LuaState, args: LuaValue[]): LuaValue {
  let n = 0;
  eachNumber(L, args, false, () => void n++);
  return n;
}

function extreme(max: boolean) {
  return (L: LuaState, args: LuaValue[]): LuaValue => {
    let best: Num | undefined;
    eachNumber(L, args, true, (v) => {
      if (best === undefined || (max ? numLessThan(best, v) : numLessThan(v, best))) best = v;
      else if (toF(best) !== toF(best)) best = v; // a NaN never wins over a number
    });
    return best;
  };
}

// ------------------------------------------------------------------------------ rounding

/** Digits beyond ±400 change nothing a double can hold (and keep 10^n small). */
function clampDigits(d: number): number {
  return d > 400 ? 400 : d < -400 ? -400 : d;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * roundNumber for the common case, in doubles: a float with 1e-7 <= |x| < 1e15 and
 * 0 <= digits <= 15. Its view (15 significant digits) is the exact integer
 * n15 = round(|x| * 10^(14-e)); the rounding drops digits from n15 with integer arithmetic
 * (every value stays below 2^53), and the result q / 10^digits is the double nearest the
 * decimal, as decToValue would give. Returns undefined where it cannot be sure (the decimal
 * path handles those).
 */
/** @internal exported for its tests */
export function fastRound(x: number, digits: number, mode: RoundMode): Num | undefined {
  const a = Math.abs(x);
  if (!(a >= 1e-7 && a < 1e15) || digits < 0 || digits > 15 || mode === "floor" || mode === "ceiling") return undefined;
  // Quickest: t = a * 10^digits is within t * 1e-14 of the 15-digit view scaled alike (the
  // view's own rounding plus the product's); when t is farther than that from where the
  // rounding decides (the half, or a whole number for up and down), both land on one side.
  const pd = POW10[digits]!;
  const t0 = a * pd;
  if (t0 < 1e13) {
    const fl = Math.floor(t0);
    const f = t0 - fl;
    const eps = t0 * 1e-14;
    if (mode === "half" ? Math.abs(f - 0.5) > eps : f > eps && 1 - f > eps) {
      const q = mode === "down" || (mode === "half" && f < 0.5) ? fl : fl + 1;
      if (q === 0) return 0;
      const y = (x < 0 ? -q : q) / pd;
      return Number.isInteger(y) ? wholeToValue(y) : y;
    }
  }
  let e = Math.floor(Math.log10(a));
  if (e < -8 || e > 15) return undefined;
  // make sure 10^e <= a < 10^(e+1) whatever log10's last bit
  if (e >= 0 ? POW10[e]! > a : 1 / POW10[-e]! > a) e--;
  else if (e + 1 >= 0 ? POW10[e + 1]! <= a : 1 / POW10[-e - 1]! <= a) e++;
  const scale = 14 - e; // n15 = a * 10^scale has 15 digits
  if (scale < 0 || scale > 22) return undefined;
  const p = POW10[scale]!;
  const t = a * p;
  const n15 = Math.round(t);
  // x's shortest decimal has at most 15 digits exactly when n15 reads back as x
  const exact = n15 / p === a;
  // with 16 or 17 digits the view is n15, unless t sits so close to a half that the product's
  // own rounding (at most 1/8 here) could have tipped Math.round: then the decimal path decides
  if (!exact && Math.abs(t - Math.floor(t) - 0.5) < 0.125) return undefined;
  const drop = scale - digits;
  if (drop <= 0) return exact ? x : undefined; // no more decimals than asked for: unchanged
  const unit = POW10[drop]!;
  let q = Math.floor(n15 / unit);
  const r = n15 - q * unit;
  if (r === 0 && exact) return x;
  if (r !== 0 && (mode === "half" ? 2 * r >= unit : mode === "up")) q += 1;
  if (q === 0) return 0;
  const d = POW10[digits]!;
  const y = (x < 0 ? -q : q) / d;
  return Number.isInteger(y) ? wholeToValue(y) : y;
}

function rounding(mode: RoundMode) {
  return (_L: LuaState, args: LuaValue[]): LuaValue => {
    const v = checkNum(args, 0);
    const digits = clampDigits(optIntArg(args, 1, 0));
    if (isInt(v) && digits >= 0) return v;
    if (!isInt(v) && !Number.isFinite(toF(v))) return v; // NaN and ±inf stay as they are
    if (typeof v === "number") {
      const fast = fastRound(v, digits, mode);
      if (fast !== undefined) return fast;
    } else if (v instanceof LuaFloat && digits >= 0 && Number.isSafeInteger(v.n)) {
      return v.n + 0; // a whole float reads exactly: nothing to round (whole results are integers)
    }
    return decToValue(roundNumber(v, digits, mode));
  };
}

function multiple(mode: "floor" | "ceiling", name: string) {
  return (_L: LuaState, args: LuaValue[]): LuaValue => {
    const v = checkNum(args, 0);
    const s = optNum(args, 1);
    if (s === undefined) {
      if (isInt(v)) return v;
      const x = toF(v);
      if (!Number.isFinite(x)) return v;
      return wholeToValue(mode === "floor" ? Math.floor(x) : Math.ceil(x));
    }
    const step = toF(s);
    if (!Number.isFinite(step)) throw fault(`${name} significance must be a finite number`);
    if (step === 0) return 0;
    if (!isInt(v) && !Number.isFinite(toF(v))) return v;
    const d = decOf(s);
    return decToValue(multipleOf(v, { neg: false, m: d.m, e: d.e }, mode));
  };
}

// ------------------------------------------------------------------------------ arithmetic

function abs(_L: LuaState, args: LuaValue[]): LuaValue {
  const v = checkNum(args, 0);
  if (typeof v === "number") return Number.isInteger(v) ? (v < 0 ? -v : v) : Math.abs(v);
  if (typeof v === "bigint") return bigToValue(v < 0n ? -v : v); // |mininteger| is a float
  return new LuaFloat(Math.abs(v.n));
}

function mod(_L: LuaState, args: LuaValue[]): LuaValue {
  const a = checkNum(args, 0);
  const b = checkNum(args, 1);
  if (isInt(a) && isInt(b)) {
    if (b === 0 || b === 0n) throw fault("MOD by zero");
    if (typeof a === "number" && typeof b === "number") {
      let r = a % b;
      if (r !== 0 && r < 0 !== b < 0) r += b;
      return r + 0;
    }
    const A = BigInt(a);
    const B = BigInt(b);
    let r = A % B;
    if (r !== 0n && r < 0n !== B < 0n) r += B;
    return bigToValue(r);
  }
  const x = toF(a);
  const y = toF(b);
  if (y === 0) throw fault("MOD by zero");
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    // as Lua's float %: fmod, then moved to the divisor's side
    let m = x % y;
    if (m !== 0 && m < 0 !== y < 0) m += y;
    return flt(m);
  }
  return decToFloat(modDec(decOf(a), decOf(b)));
}

function power(_L: LuaState, args: LuaValue[]): LuaValue {
  const a = checkNum(args, 0);
  const b = checkNum(args, 1);
  if (isInt(a) && isInt(b) && b >= 0) {
    const base = BigInt(a);
    if (base === 0n) return b === 0 || b === 0n ? 1 : 0;
    if (base === 1n) return 1;
    if (base === -1n) return BigInt(b) % 2n === 0n ? 1 : -1;
    if (BigInt(b) <= 64n) return bigToValue(base ** BigInt(b)); // beyond int64: a float
    return flt(powFloat(toF(a), toF(b)));
  }
  const x = toF(a);
  const y = toF(b);
  if (x === 0 && y < 0) throw fault("POWER of zero to a negative exponent");
  if (x < 0 && Number.isFinite(y) && !Number.isInteger(y)) throw fault("POWER of a negative number to a fractional exponent");
  return flt(powFloat(x, y));
}

function sqrt(_L: LuaState, args: LuaValue[]): LuaValue {
  const x = toF(checkNum(args, 0));
  if (x < 0) throw fault("SQRT of a negative number");
  return flt(Math.sqrt(x));
}

function clamp(_L: LuaState, args: LuaValue[]): LuaValue {
  const x = checkNum(args, 0);
  const lo = checkNum(args, 1);
  const hi = checkNum(args, 2);
  if (numLessThan(hi, lo)) throw fault("CLAMP with a lower bound above the upper bound");
  if (numLessThan(x, lo)) return lo;
  if (numLessThan(hi, x)) return hi;
  return x;
}

function percent(_L: LuaState, args: LuaValue[]): LuaValue {
  const part = toF(checkNum(args, 0));
  const whole = toF(checkNum(args, 1));
  if (whole === 0) throw fault("PERCENT of a whole of zero");
  return flt((part * 100) / whole);
}

function percentOf(_L: LuaState, args: LuaValue[]): LuaValue {
  const p = toF(checkNum(args, 0));
  const x = toF(checkNum(args, 1));
  return flt((p * x) / 100);
}

// ------------------------------------------------------------------------------ catalogue

const VALUES = { name: "values", type: ["number", "list"], variadic: true, description: "Numbers, or lists of numbers (a list may hold lists, one level deep); nil is skipped." } as const;

export const MATH_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: "SUM",
    category: "math",
    signature: { params: [{ ...VALUES, optional: true }], returns: "number" },
    description: "The total of the numbers given, directly or in lists. Blanks (nil) are skipped; no numbers give 0. Integers add up exactly to an integer.",
    examples: [
      { formula: "SUM(1, 2, 3)", result: 6 },
      { formula: "SUM({10, 20, nil, 30}, 5)", result: 65 },
      { formula: "SUM({{1, 2}, {3}})", result: 6 },
      { formula: "SUM()", result: 0 },
      { formula: "SUM(1, 'x')", error: "bad argument #2 to 'SUM' (number expected, got string)" },
    ],
    impl: sum,
  },
  {
    name: "AVERAGE",
    category: "math",
    signature: { params: [VALUES], returns: "number" },
    description: "The arithmetic mean of the numbers given (a float). Blanks are skipped and not counted; no numbers at all give nil.",
    examples: [
      { formula: "AVERAGE(2, 3, 4)", result: 3 },
      { formula: "AVERAGE({1, 2, nil, 4})", result: 2.3333333333333335 },
      { formula: "AVERAGE({})", result: null },
    ],
    impl: average,
  },
  {
    name: "MIN",
    category: "math",
    signature: { params: [VALUES], returns: "number" },
    description: "The smallest of the numbers given. Blanks are skipped; no numbers give nil.",
    examples: [
      { formula: "MIN(3, 1.5, 2)", result: 1.5 },
      { formula: "MIN({4, 8}, 6)", result: 4 },
      { formula: "MIN({})", result: null },
    ],
    impl: extreme(false),
  },
  {
    name: "MAX",
    category: "math",
    signature: { params: [VALUES], returns: "number" },
    description: "The largest of the numbers given. Blanks are skipped; no numbers give nil.",
    examples: [
      { formula: "MAX(3, 1.5, 2)", result: 3 },
      { formula: "MAX({4, 8}, 6)", result: 8 },
    ],
    impl: extreme(true),
  },
  {
    name: "COUNT",
    category: "math",
    signature: { params: [{ name: "values", type: "any", variadic: true, optional: true, description: "Values and lists of values (one level of nesting)." }], returns: "integer" },
    description: "How many numbers there are among the values (numeric text counts). Blanks, text, booleans and other values are not counted and raise no error.",
    examples: [
      { formula: "COUNT(1, 'a', nil, 2.5)", result: 2 },
      { formula: "COUNT({1, 2, 3}, {4})", result: 4 },
    ],
    impl: count,
  },
  {
    name: "ROUND",
    category: "math",
    signature: {
      params: [
        { name: "number", type: "number" },
        { name: "digits", type: "integer", optional: true, description: "Decimal places (default 0); negative rounds to tens, hundreds…" },
      ],
      returns: "number",
    },
    description: "Rounds half away from zero to the given number of decimal places, on the number's decimal digits (so 1.005 rounds to 1.01). The result is an integer when it is whole.",
    examples: [
      { formula: "ROUND(2.5)", result: 3 },
      { formula: "ROUND(-2.5)", result: -3 },
      { formula: "ROUND(1.005, 2)", result: 1.01 },
      { formula: "ROUND(2.675, 2)", result: 2.68 },
      { formula: "ROUND(1234.5678, -2)", result: 1200 },
      { formula: "math.type(ROUND(2.5, 0))", result: "integer" },
    ],
    impl: rounding("half"),
    scalar: true,
  },
  {
    name: "ROUNDUP",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }, { name: "digits", type: "integer", optional: true, description: "Decimal places (default 0)." }], returns: "number" },
    description: "Rounds away from zero to the given number of decimal places.",
    examples: [
      { formula: "ROUNDUP(3.14159, 2)", result: 3.15 },
      { formula: "ROUNDUP(-2.1)", result: -3 },
      { formula: "ROUNDUP(0.1 + 0.2, 1)", result: 0.3 },
    ],
    impl: rounding("up"),
    scalar: true,
  },
  {
    name: "ROUNDDOWN",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }, { name: "digits", type: "integer", optional: true, description: "Decimal places (default 0)." }], returns: "number" },
    description: "Rounds toward zero (truncates) to the given number of decimal places.",
    examples: [
      { formula: "ROUNDDOWN(3.14159, 3)", result: 3.141 },
      { formula: "ROUNDDOWN(-2.9)", result: -2 },
      { formula: "ROUNDDOWN(0.7 + 0.1, 1)", result: 0.8 },
    ],
    impl: rounding("down"),
    scalar: true,
  },
  {
    name: "FLOOR",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }, { name: "significance", type: "number", optional: true, description: "Round to a multiple of this (default 1; its sign is ignored; 0 gives 0)." }], returns: "number" },
    description: "Rounds down (toward negative infinity) to a multiple of the significance.",
    examples: [
      { formula: "FLOOR(2.7)", result: 2 },
      { formula: "FLOOR(-2.5)", result: -3 },
      { formula: "FLOOR(23, 5)", result: 20 },
      { formula: "FLOOR(2.37, 0.05)", result: 2.35 },
    ],
    impl: multiple("floor", "FLOOR"),
    scalar: true,
  },
  {
    name: "CEILING",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }, { name: "significance", type: "number", optional: true, description: "Round to a multiple of this (default 1; its sign is ignored; 0 gives 0)." }], returns: "number" },
    description: "Rounds up (toward positive infinity) to a multiple of the significance.",
    examples: [
      { formula: "CEILING(2.1)", result: 3 },
      { formula: "CEILING(-2.5)", result: -2 },
      { formula: "CEILING(21, 5)", result: 25 },
      { formula: "CEILING(4.42, 0.05)", result: 4.45 },
    ],
    impl: multiple("ceiling", "CEILING"),
    scalar: true,
  },
  {
    name: "ABS",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }], returns: "number" },
    description: "The absolute value: the number without its sign.",
    examples: [
      { formula: "ABS(-4)", result: 4 },
      { formula: "ABS(2.5)", result: 2.5 },
    ],
    impl: abs,
    scalar: true,
  },
  {
    name: "MOD",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }, { name: "divisor", type: "number" }], returns: "number" },
    description: "The remainder of number / divisor, with the sign of the divisor (as spreadsheets and Lua's % do), computed on decimal digits. A divisor of 0 is an error.",
    examples: [
      { formula: "MOD(10, 3)", result: 1 },
      { formula: "MOD(-10, 3)", result: 2 },
      { formula: "MOD(10, -3)", result: -2 },
      { formula: "MOD(5.3, 1)", result: 0.3 },
      { formula: "MOD(1, 0)", error: "MOD by zero" },
    ],
    impl: mod,
    scalar: true,
  },
  {
    name: "POWER",
    category: "math",
    signature: { params: [{ name: "base", type: "number" }, { name: "exponent", type: "number" }], returns: "number" },
    description: "base raised to exponent. Integers to a non-negative integer exponent give an exact integer (a float beyond 64 bits); otherwise a float.",
    examples: [
      { formula: "POWER(2, 10)", result: 1024 },
      { formula: "POWER(9, 0.5)", result: 3 },
      { formula: "POWER(2, -1)", result: 0.5 },
      { formula: "POWER(-8, 1/3)", error: "POWER of a negative number to a fractional exponent" },
    ],
    impl: power,
    scalar: true,
  },
  {
    name: "SQRT",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }], returns: "number" },
    description: "The square root (a float). A negative number is an error.",
    examples: [
      { formula: "SQRT(16)", result: 4 },
      { formula: "SQRT(2)", result: 1.4142135623730951 },
      { formula: "SQRT(-1)", error: "SQRT of a negative number" },
    ],
    impl: sqrt,
    scalar: true,
  },
  {
    name: "CLAMP",
    category: "math",
    signature: { params: [{ name: "number", type: "number" }, { name: "low", type: "number" }, { name: "high", type: "number" }], returns: "number" },
    description: "The number limited to the range low..high. low above high is an error.",
    examples: [
      { formula: "CLAMP(15, 0, 10)", result: 10 },
      { formula: "CLAMP(-3, 0, 10)", result: 0 },
      { formula: "CLAMP(7, 0, 10)", result: 7 },
    ],
    impl: clamp,
    scalar: true,
  },
  {
    name: "PERCENT",
    category: "math",
    signature: { params: [{ name: "part", type: "number" }, { name: "whole", type: "number" }], returns: "number" },
    description: "What percentage part is of whole: part × 100 / whole (a float). A whole of 0 is an error.",
    examples: [
      { formula: "PERCENT(30, 120)", result: 25 },
      { formula: "PERCENT(7, 100)", result: 7 },
      { formula: "ROUND(PERCENT(1, 3), 1)", result: 33.3 },
    ],
    impl: percent,
    scalar: true,
  },
  {
    name: "PERCENT_OF",
    category: "math",
    signature: { params: [{ name: "percent", type: "number" }, { name: "number", type: "number" }], returns: "number" },
    description: "percent % of number: percent × number / 100 (a float). PERCENT_OF(15, price) is 15 % of the price.",
    examples: [
      { formula: "PERCENT_OF(15, 200)", result: 30 },
      { formula: "PERCENT_OF(2.5, 80)", result: 2 },
    ],
    impl: percentOf,
    scalar: true,
  },
];

