// Decimal arithmetic for SUM, rounding, MOD, FLOOR/CEILING and TEXT, free of binary artefacts.
//
// A float is read as decimal digits, in one of two ways:
// - its *shortest* representation: the fewest digits that read back as the same double (what
//   JS prints): 1.005 (stored as 1.00499999999999989…) reads 1.005, math.pi 3.141592653589793;
// - its *view*, as a spreadsheet shows it: below 10^15 in magnitude, 15 significant digits
//   (correctly rounded from the binary value), so 0.1 + 0.2 (stored as 0.30000000000000004…)
//   reads 0.3; from 10^15 on, the shortest representation.
// SUM and MOD compute exactly on shortest representations (SUM(0.1, 0.2) is 0.3, SUM(x) is
// x). The rounding functions and TEXT leave a number alone when its shortest representation
// has no more decimals than asked for, and otherwise round its view — so digits 16 and 17,
// which only arithmetic produces, never tip a rounding (ROUNDUP(0.1 + 0.2, 1) is 0.3).
// Integers are exact. Mantissas are bigints; a result is converted back once, correctly
// rounded.

import type { Num } from "./values.js";
import { bigToValue, toF, wholeToValue } from "./values.js";
import { LuaFloat } from "../vm/value.js";

/** |value| = m × 10^e, with its sign apart (so -0 rounds to 0 cleanly). */
export interface Dec {
  neg: boolean;
  m: bigint;
  e: number;
}

const ZERO: Dec = { neg: false, m: 0n, e: 0 };

function fromExponential(s: string, neg: boolean): Dec {
  const ePos = s.indexOf("e");
  const mant = s.slice(0, ePos).replace(".", "");
  const exp10 = Number(s.slice(ePos + 1));
  return normalize({ neg, m: BigInt(mant), e: exp10 - (mant.length - 1) });
}

/** The shortest decimal of a finite double. */
export function decShortest(x: number): Dec {
  if (x === 0) return ZERO;
  return fromExponential(Math.abs(x).toExponential(), x < 0);
}

/** The decimal a spreadsheet shows for a finite double (see the module comment). */
export function decView(x: number): Dec {
  if (x === 0) return ZERO;
  const a = Math.abs(x);
  return fromExponential(a < 1e15 ? a.toExponential(14) : a.toExponential(), x < 0);
}

/** A finite number value as a decimal: integers exactly, floats by their shortest digits. */
export function decOf(v: Num): Dec {
  if (typeof v === "bigint") return { neg: v < 0n, m: v < 0n ? -v : v, e: 0 };
  if (typeof v === "number" && Number.isSafeInteger(v)) return { neg: v < 0, m: BigInt(Math.abs(v)), e: 0 };
  return decShortest(toF(v));
}

function isExactInt(v: Num): boolean {
  return typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v));
}

/** Scale by 10^k (percentages). */
function scaled(d: Dec, k: number): Dec {
  return k === 0 || d.m === 0n ? d : { neg: d.neg, m: d.m, e: d.e + k };
}

/**
 * A finite number rounded to `digits` decimals (after scaling by 10^scale): unchanged when it
 * has no more decimals than that, else its view rounded (see the module comment).
 */
export function roundNumber(v: Num, digits: number, mode: RoundMode, scale = 0): Dec {
  const exact = scaled(decOf(v), scale);
  if (exact.e >= -digits) return exact;
  if (isExactInt(v)) return roundDec(exact, digits, mode);
  return roundDec(scaled(decView(toF(v)), scale), digits, mode);
}

/**
 * The multiple of `step` (> 0) below (floor) or above (ceiling) a finite number: the number
 * itself when it is one, else computed on its view.
 */
export function multipleOf(v: Num, step: Dec, mode: "floor" | "ceiling"): Dec {
  const exact = decOf(v);
  if (isExactInt(v)) return multipleDec(exact, step, mode);
  const [a, b] = align(exact, step);
  if (a % b === 0n) return exact;
  return multipleDec(decView(toF(v)), step, mode);
}

/** Strip trailing zeros from the mantissa (a canonical form). */
export function normalize(d: Dec): Dec {
  let { m, e } = d;
  if (m === 0n) return ZERO;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return { neg: d.neg, m, e };
}

export type RoundMode = "half" | "up" | "down" | "floor" | "ceiling";

/** Number of decimal digits of a non-negative bigint. */
function digitCount(m: bigint): number {
  return m === 0n ? 1 : m.toString().length;
}

/**
 * Round to `digits` decimals (negative: to tens, hundreds…). "half": half away from zero;
 * "up": away from zero; "down": toward zero; "floor"/"ceiling": toward -inf / +inf.
 */
export function roundDec(d: Dec, digits: number, mode: RoundMode): Dec {
  if (d.m === 0n || d.e >= -digits) return d;
  const shift = -digits - d.e; // digits to drop, > 0
  const away = mode === "up" || (mode === "floor" && d.neg) || (mode === "ceiling" && !d.neg);
  let q: bigint;
  let roundUp: boolean;
  if (shift > digitCount(d.m)) {
    // the value is below one tenth of the last kept unit: only "away" modes move it
    q = 0n;
    roundUp = away;
  } else {
    const p = 10n ** BigInt(shift);
    q = d.m / p;
    const r = d.m % p;
    roundUp = mode === "half" ? 2n * r >= p : away && r !== 0n;
  }
  if (roundUp) q += 1n;
  return normalize({ neg: d.neg, m: q, e: -digits });
}

/** Both values with one common exponent (for exact addition, division). */
function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  const ma = a.m * 10n ** BigInt(a.e - e);
  const mb = b.m * 10n ** BigInt(b.e - e);
  return [a.neg ? -ma : ma, b.neg ? -mb : mb, e];
}

function fromSigned(m: bigint, e: number): Dec {
  return normalize({ neg: m < 0n, m: m < 0n ? -m : m, e });
}

/** x - y × floor(x / y): the remainder with the sign of the divisor (y ≠ 0). */
export function modDec(x: Dec, y: Dec): Dec {
  const [a, b, e] = align(x, y);
  let r = a % b;
  if (r !== 0n && r < 0n !== b < 0n) r += b;
  return fromSigned(r, e);
}

/** The multiple of `step` (> 0) below (floor) or above (ceiling) x. */
export function multipleDec(x: Dec, step: Dec, mode: "floor" | "ceiling"): Dec {
  const [a, b, e] = align(x, step);
  let q = a / b; // truncates toward zero
  const r = a % b;
  if (r !== 0n) {
    if (mode === "floor" && a < 0n) q -= 1n;
    if (mode === "ceiling" && a > 0n) q += 1n;
  }
  return fromSigned(q * b, e);
}

/** The decimal as a Lua number: an integer when whole and within 64 bits, else a float. */
export function decToValue(d: Dec): Num {
  if (d.m === 0n) return 0;
  if (d.e >= 0) {
    if (d.e > 20) return new LuaFloat(Number(`${d.neg ? "-" : ""}${d.m}e${d.e}`));
    const v = d.m * 10n ** BigInt(d.e);
    return bigToValue(d.neg ? -v : v);
  }
  const x = Number(`${d.neg ? "-" : ""}${d.m}e${d.e}`);
  return Number.isInteger(x) ? wholeToValue(x) : x; // a long mantissa may round to a whole double
}

/** The decimal as a float (a non-integral number, or a LuaFloat box when whole). */
export function decToFloat(d: Dec): number | LuaFloat {
  const x = d.m === 0n ? 0 : Number(`${d.neg ? "-" : ""}${d.m}e${d.e}`);
  return Number.isInteger(x) ? new LuaFloat(x) : x;
}

/** Integer and fraction digit strings of |d| with exactly `decimals` fraction digits (d already rounded). */
export function decDigits(d: Dec, decimals: number): { int: string; frac: string } {
  const s = d.m.toString();
  if (d.e >= 0) return { int: d.m === 0n ? "0" : s + "0".repeat(d.e), frac: "0".repeat(decimals) };
  const k = -d.e; // digits after the point in s
  const padded = s.length <= k ? "0".repeat(k - s.length + 1) + s : s;
  const int = padded.slice(0, padded.length - k);
  let frac = padded.slice(padded.length - k);
  if (frac.length < decimals) frac += "0".repeat(decimals - frac.length);
  return { int, frac };
}
