// Arithmetic, bitwise and order primitives on Lua values with Lua 5.3 semantics (lvm.c).
//
// Integers wrap modulo 2^64; they stay JS numbers while safe and become bigints only when a
// result leaves ±(2^53-1). Strings are coerced as the 5.3 VM does: arithmetic on a string
// operand goes through the float path ("10"+1 is 11.0), bitwise ops convert strings to
// integers ("3"&1 is 1).
//
// NaN signs follow x86/SSE as lua5.3 shows them: a NaN created by an operation is the default
// NaN (sign set, printed "-nan", represented by a plain JS NaN); an operation with NaN operands
// returns one of them (for + and * the second operand wins, as the C compiler commutes them;
// for the others the first). `new LuaFloat(NaN)` is the sign-cleared NaN.

import { LuaFloat, type LuaValue } from "./value.js";
import { LuaRunError } from "./errors.js";
import { decomposeFloat, floatToInteger, scaleToDouble, stringToNumber, type LuaNumber } from "./numconv.js";
import { ddAdd, ddDiv, ddMul, R, twoProd } from "./double-double.js";

export { tonumber } from "./numconv.js";

/** Operation codes in lua.h LUA_OP* order. */
export const enum ArithOp {
  ADD,
  SUB,
  MUL,
  MOD,
  POW,
  DIV,
  IDIV,
  BAND,
  BOR,
  BXOR,
  SHL,
  SHR,
  UNM,
  BNOT,
}

const MAX_SAFE = 9007199254740991;

// lua5.3.6 messages as printed (luaV_div raises "attempt to divide by zero"; luaV_mod's
// "'n%%0'" goes through a printf-like formatter, so a single '%' is shown)
const DIV_ZERO = "attempt to divide by zero";
const MOD_ZERO = "attempt to perform 'n%0'";
const MIN_SAFE = -9007199254740991;

function bigOut(b: bigint): number | bigint {
  b = BigInt.asIntN(64, b);
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

function big(v: number | bigint): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

/** Box integral float results so they stay floats. */
function flt(r: number): number | LuaFloat {
  return Number.isInteger(r) ? new LuaFloat(r) : r;
}

// ---------------------------------------------------------------------------------------------
// integer operations (operands are Lua integers: safe-integer numbers or bigints)

function intAdd(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (r <= MAX_SAFE && r >= MIN_SAFE) return r;
  }
  return bigOut(big(a) + big(b));
}

function intSub(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (r <= MAX_SAFE && r >= MIN_SAFE) return r;
  }
  return bigOut(big(a) - big(b));
}

function intMul(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (r <= MAX_SAFE && r >= MIN_SAFE) return r + 0; // + 0 turns -0 into 0
  }
  return bigOut(big(a) * big(b));
}

/** luaV_div: floor division; n == 0 raises, n == -1 avoids overflow. */
function intIdiv(m: number | bigint, n: number | bigint): number | bigint {
  if (typeof m === "number" && typeof n === "number") {
    if (n === 0) throw new LuaRunError(DIV_ZERO);
    if (n === -1) return 0 - m;
    const r = m % n; // exact
    let q = (m - r) / n; // exact: m - r is a multiple of n
    if (r !== 0 && r < 0 !== n < 0) q -= 1;
    return q + 0;
  }
  const bm = big(m);
  const bn = big(n);
  if (bn === 0n) throw new LuaRunError(DIV_ZERO);
  if (bn === -1n) return bigOut(-bm);
  let q = bm / bn;
  if (bm % bn !== 0n && bm < 0n !== bn < 0n) q -= 1n;
  return bigOut(q);
}

/** luaV_mod: result has the sign of n. */
function intMod(m: number | bigint, n: number | bigint): number | bigint {
  if (typeof m === "number" && typeof n === "number") {
    if (n === 0) throw new LuaRunError(MOD_ZERO);
    let r = m % n;
    if (r !== 0 && r < 0 !== n < 0) r += n;
    return r + 0;
  }
  const bm = big(m);
  const bn = big(n);
  if (bn === 0n) throw new LuaRunError(MOD_ZERO);
  if (bn === -1n) return 0;
  let r = bm % bn;
  if (r !== 0n && r < 0n !== bn < 0n) r += bn;
  return bigOut(r);
}

function isInt32(v: number | bigint): v is number {
  return typeof v === "number" && (v | 0) === v;
}

function intBand(a: number | bigint, b: number | bigint): number | bigint {
  if (isInt32(a) && isInt32(b)) return a & b;
  return bigOut(big(a) & big(b));
}

function intBor(a: number | bigint, b: number | bigint): number | bigint {
  if (isInt32(a) && isInt32(b)) return a | b;
  return bigOut(big(a) | big(b));
}

function intBxor(a: number | bigint, b: number | bigint): number | bigint {
  if (isInt32(a) && isInt32(b)) return a ^ b;
  return bigOut(big(a) ^ big(b));
}

const POW2: number[] = [];
for (let i = 0; i <= 64; i++) POW2.push(2 ** i);

/** luaV_shiftl: x << y for y >= 0, logical x >> -y for y < 0, 0 once |y| >= 64. */
function shiftLeft(x: number | bigint, y: number | bigint): number | bigint {
  if (typeof y === "bigint") return 0; // |y| > 2^53 >= 64
  if (y <= -64 || y >= 64) return 0;
  if (y >= 0) {
    if (typeof x === "number") {
      const r = x * POW2[y]!;
      if (r <= MAX_SAFE && r >= MIN_SAFE) return r;
    }
    return bigOut(big(x) << BigInt(y));
  }
  const s = -y;
  if (typeof x === "number" && x >= 0) return Math.floor(x / POW2[s]!);
  return bigOut(BigInt.asUintN(64, big(x)) >> BigInt(s));
}

function intBnot(a: number | bigint): number | bigint {
  if (typeof a === "number") {
    const r = -a - 1;
    if (r >= MIN_SAFE) return r;
  }
  return bigOut(~big(a));
}

// ---------------------------------------------------------------------------------------------
// float operations

/** Sign-aware NaN result: pick the propagated operand's NaN, or the default (negative) NaN. */
function nanOf(op: ArithOp, a: number, aPos: boolean, b: number, bPos: boolean): number | LuaFloat {
  let pos: boolean;
  if (op === ArithOp.ADD || op === ArithOp.MUL) pos = b !== b ? bPos : a !== a ? aPos : false;
  else if (op === ArithOp.POW && a !== a && b === b && b !== Infinity && b !== -Infinity) {
    // glibc pow(nan, y) squares x and flips the sign for a negative x and an odd integer y
    pos = aPos || isOddInteger(b);
  } else pos = a !== a ? aPos : b !== b ? bPos : false;
  return pos ? new LuaFloat(NaN) : NaN;
}

// ---------------------------------------------------------------------------------------------
// pow
//
// V8's Math.pow differs from glibc's pow by one ulp in ~10% of random cases. powFloat computes
// x^y as exp(y * log(x)) in double-double arithmetic (~100 bits) and rounds once, i.e. it is
// correctly rounded (barring astronomically unlikely near-ties). glibc 2.36's pow is correctly
// rounded except when the exact result lies within ~0.001 ulp of a halfway point (about 0.1%
// of random inputs, exact halfway results such as 3^34 included); there the two may differ by
// one ulp, which tostring's 14 digits almost never show.







// 1/n in double-double, n = 1..RECIPS
const RECIPS = 81;
const recipH: number[] = [0];
const recipL: number[] = [0];

/** 2 * atanh(s) = log((1+s)/(1-s)) for a double-double s, by its series (|s| small). */
function ddTwoAtanh(sH: number, sL: number, terms: number): void {
  ddMul(sH, sL, sH, sL);
  const s2H = R.h;
  const s2L = R.l;
  // Horner: 1/(2n+1) + s2 * (...)
  let pH = recipH[2 * terms + 1]!;
  let pL = recipL[2 * terms + 1]!;
  for (let n = terms - 1; n >= 0; n--) {
    ddMul(pH, pL, s2H, s2L);
    ddAdd(recipH[2 * n + 1]!, recipL[2 * n + 1]!, R.h, R.l);
    pH = R.h;
    pL = R.l;
  }
  ddMul(pH, pL, sH, sL);
  R.h *= 2;
  R.l *= 2;
}

let LN2H = 0;
let LN2L = 0;
const LOG_TAB_MIN = -40;
const LOG_TAB_MAX = 56;
const logTabH: number[] = [];
const logTabL: number[] = [];
const EXP_TAB = 48;
const expTabH: number[] = [];
const expTabL: number[] = [];
let powReady = false;

function powInit(): void {
  for (let n = 1; n <= RECIPS; n++) {
    ddDiv(1, 0, n, 0);
    recipH.push(R.h);
    recipL.push(R.l);
  }
  // ln 2 = 2 atanh(1/3)
  ddDiv(1, 0, 3, 0);
  ddTwoAtanh(R.h, R.l, 40);
  LN2H = R.h;
  LN2L = R.l;
  // log(1 + j/128) = 2 atanh(j / (256 + j))
  for (let j = LOG_TAB_MIN; j <= LOG_TAB_MAX; j++) {
    ddDiv(j, 0, 256 + j, 0);
    ddTwoAtanh(R.h, R.l, 30);
    logTabH.push(R.h);
    logTabL.push(R.l);
  }
  // exp(j/128) by its Taylor series
  for (let j = -EXP_TAB; j <= EXP_TAB; j++) {
    expSeries(j / 128, 0, 30);
    expTabH.push(R.h);
    expTabL.push(R.l);
  }
  powReady = true;
}

/** exp(r) for small double-double r, Taylor series with `terms` terms (Horner). */
function expSeries(rH: number, rL: number, terms: number): void {
  let pH = 1;
  let pL = 0;
  for (let n = terms; n >= 1; n--) {
    // p = 1 + r * p / n
    ddMul(pH, pL, rH, rL);
    ddMul(R.h, R.l, recipH[n]!, recipL[n]!);
    ddAdd(1, 0, R.h, R.l);
    pH = R.h;
    pL = R.l;
  }
  R.h = pH;
  R.l = pL;
}

const SQRT2 = Math.SQRT2;

/** log(x) in double-double for finite x > 0. */
function ddLog(x: number): void {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    k = -54;
  }
  const e = Math.floor(Math.log2(x));
  let m = x * 2 ** -e;
  k += e;
  // log2 may be off by one near powers of two
  if (m >= 2) {
    m /= 2;
    k++;
  } else if (m < 1) {
    m *= 2;
    k--;
  }
  if (m > SQRT2) {
    m /= 2;
    k++;
  }
  const j = Math.round((m - 1) * 128);
  const c = 1 + j / 128;
  // log(m/c) = 2 atanh((m - c) / (m + c)); m - c is exact
  const num = m - c;
  const den = m + c;
  const v = den - m;
  const denL = m - (den - v) + (c - v);
  ddDiv(num, 0, den, denL);
  ddTwoAtanh(R.h, R.l, 7);
  const aH = R.h;
  const aL = R.l;
  ddAdd(aH, aL, logTabH[j - LOG_TAB_MIN]!, logTabL[j - LOG_TAB_MIN]!);
  if (k !== 0) {
    const tH = R.h;
    const tL = R.l;
    ddMul(LN2H, LN2L, k, 0);
    ddAdd(R.h, R.l, tH, tL);
  }
}

/** Exactly rounded (hi + lo) * 2^n (hi > 0), for results at the over/underflow border. */
function roundScaled(hi: number, lo: number, n: number): number {
  const a = decomposeFloat(hi);
  if (lo === 0) return scaleToDouble(a.m, a.e + n);
  const b = decomposeFloat(lo);
  const emin = Math.min(a.e, b.e);
  const bm = lo < 0 ? -b.m : b.m;
  return scaleToDouble((a.m << BigInt(a.e - emin)) + (bm << BigInt(b.e - emin)), emin + n);
}

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && y > -9007199254740992 && y < 9007199254740992 && y % 2 !== 0;
}

/**
 * C pow(a, b) (glibc): correctly rounded, with C99's special cases (pow(1, y) = 1 and
 * pow(x, ±0) = 1 even for NaN, pow(-1, ±inf) = 1). Lua's `^` squares directly when b == 2.
 */
export function powFloat(a: number, b: number): number {
  if (b === 2) return a * a;
  if (b === 0 || a === 1) return 1;
  if (a !== a || b !== b) return NaN;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  if (a === 0 || b === Infinity || b === -Infinity || a === Infinity || a === -Infinity) return Math.pow(a, b);
  let neg = false;
  if (a < 0) {
    if (!Number.isInteger(b)) return NaN;
    neg = isOddInteger(b);
    a = -a;
  }
  if (b === 1 || a === 1) return neg ? -a : a;
  if (b === 0.5) return Math.sqrt(a); // correctly rounded either way
  // exact small integer powers of integers
  if (Number.isInteger(a) && Number.isInteger(b) && b > 0 && b <= 64 && a < 94906266) {
    let r = 1;
    let i = 0;
    for (; i < b; i++) {
      r *= a;
      if (r > 9007199254740992) break;
    }
    if (i === b) return neg ? -r : r;
  }
  const t0 = Math.log(a) * b;
  if (t0 > 720) return neg ? -Infinity : Infinity;
  if (t0 < -760) return neg ? -0 : 0;
  if (!powReady) powInit();
  ddLog(a);
  ddMul(R.h, R.l, b, 0);
  const tH = R.h;
  const tL = R.l;
  if (tH > 710) return neg ? -Infinity : Infinity;
  if (tH < -746) return neg ? -0 : 0;
  const n = Math.round(tH / LN2H);
  ddMul(LN2H, LN2L, n, 0);
  ddAdd(tH, tL, -R.h, -R.l);
  const rH = R.h;
  const rL = R.l;
  const j = Math.round(rH * 128);
  ddAdd(rH, rL, -j / 128, 0);
  expSeries(R.h, R.l, 11);
  ddMul(R.h, R.l, expTabH[j + EXP_TAB]!, expTabL[j + EXP_TAB]!);
  let r: number;
  if (n >= -1020 && n <= 1022) r = R.h * 2 ** n;
  else r = roundScaled(R.h, R.l, n);
  return neg ? -r : r;
}

function fltOp(op: ArithOp, a: number, b: number): number {
  switch (op) {
    case ArithOp.ADD:
      return a + b;
    case ArithOp.SUB:
      return a - b;
    case ArithOp.MUL:
      return a * b;
    case ArithOp.DIV:
      return a / b;
    case ArithOp.POW:
      return powFloat(a, b);
    case ArithOp.IDIV:
      return Math.floor(a / b);
    case ArithOp.MOD: {
      // 5.3 luai_nummod: fmod, then adjust when the product of result and divisor is negative
      let m = a % b;
      if (m * b < 0) m += b;
      return m;
    }
    default:
      return -a; // UNM
  }
}

// ---------------------------------------------------------------------------------------------
// operand conversion for the slow path

// Classified operand: an integer (number | bigint), or a float held as JS number plus whether
// it is a sign-cleared NaN.
let fA = 0;
let fAPos = false;

/**
 * Float value of an arithmetic operand (number, integer, numeric string). Sets fA / fAPos;
 * returns false when the operand is not convertible.
 */
function loadFloat(v: LuaValue): boolean {
  if (typeof v === "number") {
    fA = v;
    fAPos = false;
    return true;
  }
  if (v instanceof LuaFloat) {
    fA = v.n;
    fAPos = v.n !== v.n;
    return true;
  }
  if (typeof v === "bigint") {
    fA = Number(v);
    fAPos = false;
    return true;
  }
  if (typeof v === "string") {
    const n = stringToNumber(v);
    if (n === undefined) return false;
    fA = typeof n === "bigint" ? Number(n) : typeof n === "number" ? n : n.n;
    fAPos = false;
    return true;
  }
  return false;
}

function isIntVal(v: LuaValue): v is number | bigint {
  return typeof v === "number" ? Number.isInteger(v) : typeof v === "bigint";
}

/** tointeger for bitwise operands (lvm.c luaV_tointeger, mode exact, strings included). */
function bitOperand(v: LuaValue): number | bigint | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  if (typeof v === "bigint") return v;
  if (v instanceof LuaFloat) return floatToInteger(v.n, "exact");
  if (typeof v === "string") {
    const n = stringToNumber(v);
    if (n === undefined) return undefined;
    return bitOperand(n);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/**
 * a <op> b for Lua values; `undefined` when an operand is not a number (or numeric string),
 * or for bitwise ops has no exact integer value: the VM then tries metamethods / raises.
 * UNM and BNOT ignore b. Integer division / modulo by zero throw LuaFault.
 */
export function arith(op: ArithOp, a: LuaValue, b: LuaValue): LuaValue | undefined {
  if (typeof a === "number" && typeof b === "number") {
    // fast path: plain numbers (safe integers or non-integral / NaN / inf floats)
    const ai = Number.isInteger(a);
    const bi = Number.isInteger(b);
    if (ai && bi) {
      switch (op) {
        case ArithOp.ADD: {
          const r = a + b;
          if (r <= MAX_SAFE && r >= MIN_SAFE) return r;
          return bigOut(BigInt(a) + BigInt(b));
        }
        case ArithOp.SUB: {
          const r = a - b;
          if (r <= MAX_SAFE && r >= MIN_SAFE) return r;
          return bigOut(BigInt(a) - BigInt(b));
        }
        case ArithOp.MUL:
          return intMul(a, b);
        case ArithOp.MOD:
          return intMod(a, b);
        case ArithOp.IDIV:
          return intIdiv(a, b);
        case ArithOp.DIV:
          return flt(a / b);
        case ArithOp.POW:
          return flt(powFloat(a, b));
        case ArithOp.BAND:
          return intBand(a, b);
        case ArithOp.BOR:
          return intBor(a, b);
        case ArithOp.BXOR:
          return intBxor(a, b);
        case ArithOp.SHL:
          return shiftLeft(a, b);
        case ArithOp.SHR:
          return shiftLeft(a, 0 - b);
        case ArithOp.UNM:
          return 0 - a;
        case ArithOp.BNOT:
          return intBnot(a);
      }
    } else if (op <= ArithOp.IDIV) {
      // no sign-cleared NaN is among plain numbers: a NaN result is the default NaN, except
      // that pow may clear the sign
      const r = fltOp(op, a, b);
      if (r !== r && op === ArithOp.POW) return nanOf(op, a, false, b, false);
      return flt(r);
    } else if (op === ArithOp.UNM) {
      // a is a float here (b is a copy of a or ignored)
      if (ai) return 0 - a;
      return a !== a ? new LuaFloat(NaN) : -a;
    }
  }
  return arithSlow(op, a, b);
}

function arithSlow(op: ArithOp, a: LuaValue, b: LuaValue): LuaValue | undefined {
  if (op <= ArithOp.IDIV) {
    if (op !== ArithOp.POW && op !== ArithOp.DIV && isIntVal(a) && isIntVal(b)) {
      switch (op) {
        case ArithOp.ADD:
          return intAdd(a, b);
        case ArithOp.SUB:
          return intSub(a, b);
        case ArithOp.MUL:
          return intMul(a, b);
        case ArithOp.MOD:
          return intMod(a, b);
        default:
          return intIdiv(a, b);
      }
    }
    // float arithmetic (strings always take this path, as in the 5.3 VM)
    if (!loadFloat(a)) return undefined;
    const x = fA;
    const xPos = fAPos;
    if (!loadFloat(b)) return undefined;
    const y = fA;
    const r = fltOp(op, x, y);
    if (r !== r) return nanOf(op, x, xPos, y, fAPos);
    return flt(r);
  }
  if (op === ArithOp.UNM) {
    if (isIntVal(a)) return typeof a === "number" ? 0 - a : bigOut(-a);
    if (!loadFloat(a)) return undefined;
    if (fA !== fA) return fAPos ? NaN : new LuaFloat(NaN);
    return flt(-fA);
  }
  const x = bitOperand(a);
  if (x === undefined) return undefined;
  if (op === ArithOp.BNOT) return intBnot(x);
  const y = bitOperand(b);
  if (y === undefined) return undefined;
  switch (op) {
    case ArithOp.BAND:
      return intBand(x, y);
    case ArithOp.BOR:
      return intBor(x, y);
    case ArithOp.BXOR:
      return intBxor(x, y);
    case ArithOp.SHL:
      return shiftLeft(x, y);
    default:
      return shiftLeft(x, typeof y === "number" ? 0 - y : -y);
  }
}

// ---------------------------------------------------------------------------------------------
// comparisons

function raw(v: LuaNumber): number | bigint {
  return v instanceof LuaFloat ? v.n : v;
}

/**
 * a < b for two Lua numbers, mathematically exact across integers and floats (LTnum);
 * false when either is NaN. (JS compares number with bigint by exact value.)
 */
export function numLessThan(a: LuaNumber, b: LuaNumber): boolean {
  return raw(a) < raw(b);
}

/** a <= b for two Lua numbers (LEnum). */
export function numLessEqual(a: LuaNumber, b: LuaNumber): boolean {
  return raw(a) <= raw(b);
}

/** a == b for two Lua numbers: exact value equality across integer/float (1 == 1.0). */
export function numEquals(a: LuaNumber, b: LuaNumber): boolean {
  const x = raw(a);
  const y = raw(b);
  // eslint-disable-next-line eqeqeq
  return typeof x === typeof y ? x === y : x == y;
}

function isNum(v: LuaValue): v is LuaNumber {
  return typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat;
}

/**
 * a < b for numbers (exact) and strings (bytewise); undefined when a metamethod is needed
 * (mixed types, tables, ...).
 */
export function lessThan(a: LuaValue, b: LuaValue): boolean | undefined {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return a < b;
  if (isNum(a) && isNum(b)) return raw(a) < raw(b);
  return undefined;
}

/** a <= b for numbers and strings; undefined when a metamethod is needed. */
export function lessEqual(a: LuaValue, b: LuaValue): boolean | undefined {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  if (typeof a === "string" && typeof b === "string") return a <= b;
  if (isNum(a) && isNum(b)) return raw(a) <= raw(b);
  return undefined;
}
