// The math library of Lua 5.3 (lmathlib.c), integer-aware as 5.3 is, plus the LUA_COMPAT_MATHLIB
// functions the reference lua5.3 build carries (atan2, cosh, sinh, tanh, pow, frexp, ldexp, log10).
//
// NaN signs follow glibc on x86-64 as lua5.3 prints them ("nan" / "-nan"): a NaN argument comes
// back with its own sign, and a NaN made from ordinary arguments has the sign the C library
// gives it (see value.ts: a plain JS NaN is "-nan", LuaFloat(NaN) is "nan").
//
// math.random uses xoshiro256** (as Lua 5.4 does) on 32-bit halves, one generator per VM.

import { arith, ArithOp } from "../arith.js";
import { LuaFault } from "../errors.js";
import { NONE, type BuiltinFn } from "../function.js";
import { toInteger } from "../numconv.js";
import type { LuaState } from "../state.js";
import { LuaTable } from "../table.js";
import { LuaFloat, mkIntBig, type LuaValue } from "../value.js";
import { argError, checkAny, checkInteger, checkNumber } from "./args.js";
import { builtin } from "./base.js";
import { ddAdd, ddDiv, ddMul, R, twoProd, twoSum } from "../double-double.js";

type Int = number | bigint;
type Num = number | bigint | LuaFloat;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO63 = 9223372036854775808;
const LUA_MAXINTEGER = 0x7fffffffffffffffn;
const LUA_MININTEGER = -0x8000000000000000n;
const POS_NAN = new LuaFloat(NaN);

// ---------------------------------------------------------------------------------------------
// helpers

/** A Lua integer value (not a string, not a float): lua_isinteger. */
function isInt(v: LuaValue): v is Int {
  return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
}

/** The float value of a number. */
function toF(n: Num): number {
  return typeof n === "number" ? n : typeof n === "bigint" ? Number(n) : n.n;
}

/** luaL_checknumber as a C double. */
function checkF(args: readonly LuaValue[], i: number): number {
  const v = args[i];
  if (typeof v === "number") return v;
  return toF(checkNumber(args, i));
}

/** A float result; a NaN made here is the default (negative) NaN unless `posNaN`. */
function flt(x: number, posNaN = false): LuaValue {
  if (Number.isInteger(x)) return new LuaFloat(x);
  if (x !== x && posNaN) return POS_NAN;
  return x;
}

/** The argument itself when it is a NaN (its sign is kept), else undefined. */
function nanArg(args: readonly LuaValue[], i: number): LuaValue {
  const v = args[i];
  if (typeof v === "number") return v !== v ? v : undefined;
  if (v instanceof LuaFloat && v.n !== v.n) return v;
  return undefined;
}

/** lua_Number -> lua_Integer when the value fits (lua_numbertointeger), else the float. */
function floatToIntOrFloat(d: number): LuaValue {
  if (d >= -TWO63 && d < TWO63) {
    if (d >= -MAX_SAFE && d <= MAX_SAFE) return d + 0;
    return BigInt(d);
  }
  return flt(d);
}

/** A one-argument float function: NaN arguments propagate, made NaNs get `posNaN` sign. */
function unary(fn: (x: number) => number, posNaN = false): (L: LuaState, args: LuaValue[]) => LuaValue {
  return (_L, args) => {
    const x = checkF(args, 0);
    if (x !== x) return nanArg(args, 0);
    return flt(fn(x), posNaN);
  };
}

// ---------------------------------------------------------------------------------------------
// rounding and integer functions

function mathAbs(_L: LuaState, args: LuaValue[]): LuaValue {
  const v = args[0];
  if (typeof v === "number" && Number.isInteger(v)) return v < 0 ? -v : v;
  if (typeof v === "bigint") return v < 0n ? mkIntBig(-v) : v; // abs(mininteger) wraps
  const x = checkF(args, 0);
  if (x !== x) return POS_NAN; // fabs clears the sign
  return flt(Math.abs(x));
}

function mathFloor(_L: LuaState, args: LuaValue[]): LuaValue {
  const v = args[0];
  if (isInt(v)) return v;
  const x = checkF(args, 0);
  if (x !== x) return nanArg(args, 0);
  return floatToIntOrFloat(Math.floor(x));
}

function mathCeil(_L: LuaState, args: LuaValue[]): LuaValue {
  const v = args[0];
  if (isInt(v)) return v;
  const x = checkF(args, 0);
  if (x !== x) return nanArg(args, 0);
  return floatToIntOrFloat(Math.ceil(x));
}

/**
 * math.floor, math.ceil and math.abs never touch the state and cost one instruction: lowered
 * formulas (src/formula/lowering.ts) may call them directly.
 */
export const SCALAR_MATH: ReadonlySet<BuiltinFn> = new Set<BuiltinFn>([mathFloor, mathCeil, mathAbs]);

function mathFmod(_L: LuaState, args: LuaValue[]): LuaValue {
  const a = args[0];
  const b = args[1];
  if (isInt(a) && isInt(b)) {
    if (b === 0) throw argError(1, "zero");
    if (b === -1) return 0; // avoids mininteger % -1
    if (typeof a === "number" && typeof b === "number") return (a % b) + 0;
    return mkIntBig(BigInt(a) % BigInt(b));
  }
  // gcc evaluates fmod(luaL_checknumber(L, 1), luaL_checknumber(L, 2)) right to left
  const y = checkF(args, 1);
  const x = checkF(args, 0);
  if (x !== x) return nanArg(args, 0);
  if (y !== y) return nanArg(args, 1);
  return flt(x % y);
}

function mathModf(_L: LuaState, args: LuaValue[]): readonly LuaValue[] {
  const v = args[0];
  if (isInt(v)) return [v, new LuaFloat(0)];
  const x = checkF(args, 0);
  if (x !== x) {
    const nan = nanArg(args, 0);
    return [nan, nan];
  }
  const ip = x < 0 ? Math.ceil(x) : Math.floor(x);
  return [floatToIntOrFloat(ip), x === ip ? new LuaFloat(0) : flt(x - ip)];
}

function mathToInteger(_L: LuaState, args: LuaValue[]): LuaValue {
  const v = args[0];
  if (typeof v === "number" && Number.isInteger(v)) return v;
  const r = toInteger(v); // integers, integral floats, strings denoting them (lua_tointegerx)
  if (r !== undefined) return r;
  checkAny(args, 0);
  return undefined;
}

function mathUlt(_L: LuaState, args: LuaValue[]): boolean {
  const a = checkInteger(args, 0);
  const b = checkInteger(args, 1);
  return (a >= 0) === (b >= 0) ? a < b : a >= 0;
}

function mathType(_L: LuaState, args: LuaValue[]): LuaValue {
  const v = args[0];
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "float";
  if (typeof v === "bigint") return "integer";
  if (v instanceof LuaFloat) return "float";
  checkAny(args, 0);
  return undefined;
}

function mathMin(L: LuaState, args: LuaValue[]): LuaValue {
  const n = args.length;
  if (n < 1) throw argError(0, "value expected");
  let m = args[0];
  for (let i = 1; i < n; i++) {
    const v = args[i];
    if (typeof v === "number" && typeof m === "number" ? v < m : L.lessThan(v, m)) m = v;
  }
  return m;
}

function mathMax(L: LuaState, args: LuaValue[]): LuaValue {
  const n = args.length;
  if (n < 1) throw argError(0, "value expected");
  let m = args[0];
  for (let i = 1; i < n; i++) {
    const v = args[i];
    if (typeof v === "number" && typeof m === "number" ? m < v : L.lessThan(m, v)) m = v;
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// exp and logarithms as glibc gives them
//
// V8's Math.exp, Math.log and Math.log2 (fdlibm) are off by one ulp against glibc in up to a
// few percent of cases (Math.log(3) among them), which shows even in %.14g output now and
// then. glibc's exp, log and log2 are correctly rounded but for a handful of near-halfway
// cases in 10^4, so these compute in double-double (~106 bits) and round once; log10, sinh
// and cosh follow glibc's (fdlibm's) formulas on top of them.







// constants and tables, computed once in 240-bit fixed point
const FIX = 240n;
const ONE = 1n << FIX;
let LN2H = 0;
let LN2L = 0;
let INVLN2H = 0;
let INVLN2L = 0;
const EXP_J = 64; // exp(j/128) for |j| <= 64
const expTabH: number[] = [];
const expTabL: number[] = [];
const LN_JMIN = -40; // ln(1 + j/128) for LN_JMIN <= j <= LN_JMAX
const LN_JMAX = 56;
const lnTabH: number[] = [];
const lnTabL: number[] = [];
/** 1/n as double-doubles, n = 0..64 (index n) */
const invH: number[] = [];
const invL: number[] = [];
let tablesReady = false;

function fixToDD(v: bigint): void {
  const hi = Number(v);
  R.h = hi * 2 ** -240;
  R.l = Number(v - BigInt(hi)) * 2 ** -240;
}

/** 2 atanh(num/den) in fixed point (|num/den| < 1/2). */
function fixTwoAtanh(num: bigint, den: bigint): bigint {
  let term = (num << FIX) / den;
  const n2 = num * num;
  const d2 = den * den;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * n2) / d2;
  }
  return 2n * sum;
}

function initTables(): void {
  const ln2 = fixTwoAtanh(1n, 3n);
  fixToDD(ln2);
  LN2H = R.h;
  LN2L = R.l;
  fixToDD((ONE * ONE) / ln2);
  INVLN2H = R.h;
  INVLN2L = R.l;

  for (let j = -EXP_J; j <= EXP_J; j++) {
    let term = ONE;
    let sum = 0n;
    for (let n = 1n; term !== 0n; n++) {
      sum += term;
      term = (term * BigInt(j)) / (128n * n);
    }
    fixToDD(sum);
    expTabH.push(R.h);
    expTabL.push(R.l);
  }
  for (let j = LN_JMIN; j <= LN_JMAX; j++) {
    fixToDD(fixTwoAtanh(BigInt(j), BigInt(256 + j)));
    lnTabH.push(R.h);
    lnTabL.push(R.l);
  }
  for (let n = 0; n <= 64; n++) {
    fixToDD(n === 0 ? 0n : ONE / BigInt(n));
    invH.push(R.h);
    invL.push(R.l);
  }
  tablesReady = true;
}

/** exp(x), correctly rounded except in vanishingly rare near-halfway cases. */
function expCR(x: number): number {
  if (!(x > -746)) return x !== x ? x : 0;
  if (x > 710) return Infinity;
  if (!tablesReady) initTables();
  // x = k ln2 + j/128 + r, |r| <= 1/256
  const k = Math.round(x * 1.4426950408889634);
  twoProd(k, LN2H);
  const pH = R.h;
  const pL = R.l + k * LN2L;
  twoSum(x, -pH);
  let rH = R.h;
  let rL = R.l - pL;
  const j = Math.round(rH * 128);
  rH -= j / 128; // exact (Sterbenz)
  twoSum(rH, rL);
  rH = R.h;
  rL = R.l;
  // expm1(r) = r p_1 with p_n = 1 + (r / (n+1)) p_{n+1}: p_7 in double (its error is scaled
  // by r^6/7! < 2^-60), p_6 .. p_1 in double-double
  let qH = 1 + (rH / 8) * (1 + (rH / 9) * (1 + (rH / 10) * (1 + rH / 11)));
  let qL = 0;
  for (let n = 6; n >= 1; n--) {
    ddMul(rH, rL, invH[n + 1]!, invL[n + 1]!);
    ddMul(R.h, R.l, qH, qL);
    ddAdd(1, 0, R.h, R.l);
    qH = R.h;
    qL = R.l;
  }
  // expm1(r) = r * p_1
  ddMul(rH, rL, qH, qL);
  const mH = R.h;
  const mL = R.l;
  // exp(x) = 2^k * T_j * (1 + expm1(r))
  const tH = expTabH[j + EXP_J]!;
  const tL = expTabL[j + EXP_J]!;
  ddMul(tH, tL, mH, mL);
  ddAdd(tH, tL, R.h, R.l);
  const v = R.h + R.l;
  if (k > 1023) return v * 2 ** 1023 * 2 ** (k - 1023);
  if (k < -1022) return v * 2 ** (k + 600) * 2 ** -600;
  return v * 2 ** k;
}

/**
 * ln(m) for x = m 2^e (m in [sqrt(1/2), sqrt(2)]) into (R.h, R.l); returns e. x is finite, > 0.
 */
function lnParts(x: number): number {
  if (!tablesReady) initTables();
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  let k = Math.floor(Math.log2(x));
  let m = x * 2 ** -k;
  if (m >= 2) {
    m /= 2;
    k++;
  } else if (m < 1) {
    m *= 2;
    k--;
  }
  if (m > Math.SQRT2) {
    m /= 2;
    k++;
  }
  e += k;
  // ln m = ln c + 2 atanh(s), c = 1 + j/128, s = (m - c) / (m + c)
  const j = Math.round((m - 1) * 128);
  const c = 1 + j / 128;
  const num = m - c; // exact (Sterbenz)
  twoSum(m, c);
  const denH = R.h;
  const denL = R.l;
  const q1 = num / denH;
  ddMul(q1, 0, denH, denL);
  ddAdd(num, 0, -R.h, -R.l);
  const q2 = R.h / denH;
  twoSum(q1, q2);
  const sH = R.h;
  const sL = R.l;
  // atanh(s)/s = 1 + s^2/3 + s^4/5 + s^6/7 + ...: the small terms in double, the rest in dd
  ddMul(sH, sL, sH, sL);
  const s2H = R.h;
  const s2L = R.l;
  const tail = s2H * (1 / 7 + s2H * (1 / 9 + s2H * (1 / 11)));
  ddAdd(invH[5]!, invL[5]!, tail, 0);
  ddMul(R.h, R.l, s2H, s2L);
  ddAdd(invH[3]!, invL[3]!, R.h, R.l);
  ddMul(R.h, R.l, s2H, s2L);
  ddAdd(1, 0, R.h, R.l);
  ddMul(R.h, R.l, sH, sL);
  ddAdd(lnTabH[j - LN_JMIN]!, lnTabL[j - LN_JMIN]!, 2 * R.h, 2 * R.l);
  return e;
}

/** Natural log, correctly rounded except in vanishingly rare near-halfway cases. */
function logCR(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  const e = lnParts(x);
  if (e === 0) return R.h + R.l;
  const mH = R.h;
  const mL = R.l;
  twoProd(e, LN2H);
  ddAdd(R.h, R.l + e * LN2L, mH, mL);
  return R.h + R.l;
}

/** log2(x), correctly rounded except in vanishingly rare near-halfway cases. */
function log2CR(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log2(x);
  const e = lnParts(x);
  ddMul(R.h, R.l, INVLN2H, INVLN2L);
  ddAdd(e, 0, R.h, R.l);
  return R.h + R.l;
}

const f64 = new DataView(new ArrayBuffer(8));
// fdlibm's constants for log10
const IVLN10 = 4.34294481903251816668e-1;
const LOG10_2HI = 3.01029995663611771306e-1;
const LOG10_2LO = 3.69423907715893078616e-13;

/**
 * log10 as glibc computes it (fdlibm's reduction: k log10(2) + log(m) / ln 10, with m in
 * [1, 2) for x >= 1 and [1/2, 1) below), on a correctly rounded natural log like glibc's.
 */
function log10C(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log10(x);
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    k = -54;
  }
  f64.setFloat64(0, x);
  const hx = f64.getUint32(0);
  k += (hx >>> 20) - 1023;
  const i = k < 0 ? 1 : 0;
  f64.setUint32(0, (hx & 0x000fffff) | ((0x3ff - i) << 20));
  const m = f64.getFloat64(0);
  const y = k + i;
  const z = y * LOG10_2LO + IVLN10 * logCR(m);
  return z + y * LOG10_2HI;
}

// ---------------------------------------------------------------------------------------------
// correctly rounded trigonometric functions
//
// glibc's sin, cos, tan, asin, acos, atan and atan2 are correctly rounded in all but about
// 0.1-0.3% of cases; V8's differ from glibc by an ulp in 2-15% of cases. These reduce the
// argument exactly (Cody-Waite below 2^20, else BigInt arithmetic against a 1300-bit 2/pi),
// evaluate in double-double to about 2^-64, and when that cannot decide the rounding,
// evaluate again to about 2^-106 and round once.


let PIO2H = 0; // pi/2
let PIO2L = 0;
let PIH = 0; // pi
let PIL = 0;
/** atan(j/64), sin(j/64), cos(j/64) for j = 0..64 */
const atanTabH: number[] = [];
const atanTabL: number[] = [];
const sinTabH: number[] = [];
const sinTabL: number[] = [];
const cosTabH: number[] = [];
const cosTabL: number[] = [];
/** 2/pi in fixed point with TWO_PI_BITS fraction bits */
const TWO_PI_BITS = 1300n;
let twoOverPi = 0n;
let trigReady = false;

/** atan(1/q) * 2^bits for an integer q >= 2 (Gregory series). */
function fixAtanInv(q: bigint, bits: bigint): bigint {
  let term = (1n << bits) / q;
  const q2 = q * q;
  let sum = 0n;
  for (let k = 1n, sign = 1n; term !== 0n; k += 2n, sign = -sign) {
    sum += (sign * term) / k;
    term /= q2;
  }
  return sum;
}

function initTrig(): void {
  if (!tablesReady) initTables();
  // pi by Machin's formula, with guard bits
  const bits = TWO_PI_BITS + 64n;
  const pi = 16n * fixAtanInv(5n, bits) - 4n * fixAtanInv(239n, bits);
  twoOverPi = (2n << (bits + TWO_PI_BITS)) / pi; // 2/pi * 2^TWO_PI_BITS
  initCodyWaite(pi >> 1n, bits);
  const pi240 = pi >> (bits - FIX);
  fixToDD(pi240 / 2n);
  PIO2H = R.h;
  PIO2L = R.l;
  fixToDD(pi240);
  PIH = R.h;
  PIL = R.l;
  for (let j = 0; j <= 64; j++) {
    // atan(x) = sum 2^2n (n!)^2 / (2n+1)! * x^(2n+1) / (1+x^2)^(n+1), x = j/64 (Euler)
    const J = BigInt(j);
    const den = 4096n + J * J;
    let term = (ONE * 64n * J) / den;
    let sum = 0n;
    for (let n = 1n; term !== 0n; n++) {
      sum += term;
      term = (term * 2n * n * J * J) / ((2n * n + 1n) * den);
    }
    fixToDD(sum);
    atanTabH.push(R.h);
    atanTabL.push(R.l);
    // sin and cos of j/64 by their Taylor series
    let st = (ONE * J) / 64n;
    let ss = 0n;
    for (let n = 1n; st !== 0n; n += 2n) {
      ss += st;
      st = -(st * J * J) / (4096n * (n + 1n) * (n + 2n));
    }
    fixToDD(ss);
    sinTabH.push(R.h);
    sinTabL.push(R.l);
    let ct = ONE;
    let cs = 0n;
    for (let n = 0n; ct !== 0n; n += 2n) {
      cs += ct;
      ct = -(ct * J * J) / (4096n * (n + 1n) * (n + 2n));
    }
    fixToDD(cs);
    cosTabH.push(R.h);
    cosTabL.push(R.l);
  }
  trigReady = true;
}

/** False: atanUnit may stop at about 2^-66 (callers check the rounding, then retry). */
let precise = false;

/** atan(t) for a double-double 0 <= t <= 1, into (R.h, R.l). */
function atanUnit(tH: number, tL: number): void {
  // atan t = atan c + atan u, c = j/64, u = (t - c) / (1 + t c), |u| <= 1/128
  const j = Math.round(tH * 64);
  const c = j / 64;
  let uH = tH;
  let uL = tL;
  if (j !== 0) {
    ddAdd(tH, tL, -c, 0);
    const nH = R.h;
    const nL = R.l;
    ddMul(tH, tL, c, 0);
    ddAdd(1, 0, R.h, R.l);
    ddDiv(nH, nL, R.h, R.l);
    uH = R.h;
    uL = R.l;
  }
  if (!precise) {
    // about 2^-66: the correction to u in double
    const u2 = uH * uH;
    const p = u2 * (-1 / 3 + u2 * (1 / 5 + u2 * (-1 / 7 + u2 * (1 / 9 - u2 / 11))));
    twoSum(uH, uL + uH * p);
    if (j !== 0) ddAdd(atanTabH[j]!, atanTabL[j]!, R.h, R.l);
    return;
  }
  // atan(u)/u = 1 - u^2/3 + u^4/5 - u^6/7 + u^8/9 - ...: from u^10/11 on in double
  ddMul(uH, uL, uH, uL);
  const u2H = R.h;
  const u2L = R.l;
  const tail = u2H * (1 / 11 - u2H * (1 / 13 - u2H * (1 / 15 - u2H / 17)));
  ddAdd(invH[9]!, invL[9]!, -tail, 0);
  ddMul(R.h, R.l, u2H, u2L);
  ddAdd(invH[7]!, invL[7]!, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddAdd(invH[5]!, invL[5]!, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddAdd(invH[3]!, invL[3]!, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddAdd(1, 0, -R.h, -R.l);
  ddMul(R.h, R.l, uH, uL);
  if (j !== 0) ddAdd(atanTabH[j]!, atanTabL[j]!, R.h, R.l);
}

/** atan(n / d) for double-doubles n >= 0, d > 0 of moderate ratio, into (R.h, R.l). */
function atanRatio(nH: number, nL: number, dh: number, dl: number): void {
  if (nH <= dh) {
    ddDiv(nH, nL, dh, dl);
    atanUnit(R.h, R.l);
  } else {
    ddDiv(dh, dl, nH, nL);
    atanUnit(R.h, R.l);
    ddAdd(PIO2H, PIO2L, -R.h, -R.l);
  }
}

function atanCR(x: number): number {
  if (x !== x || x === 0) return x;
  if (!trigReady) initTrig();
  const ax = Math.abs(x);
  if (ax < 2 ** -27) return x; // atan x = x - x^3/3 rounds to x
  if (ax > 2 ** 60) return x > 0 ? PIO2H : -PIO2H;
  atanRatio(ax, 0, 1, 0);
  let r = roundIfSure(2 ** -60);
  if (r !== r) {
    precise = true;
    atanRatio(ax, 0, 1, 0);
    precise = false;
    r = R.h + R.l;
  }
  return x < 0 ? -r : r;
}

function atan2CR(y: number, x: number): number {
  if (y !== y || x !== x || y === 0 || x === 0 || !Number.isFinite(y) || !Number.isFinite(x)) {
    return Math.atan2(y, x); // the special cases: exact or correctly rounded constants
  }
  if (!trigReady) initTrig();
  let ay = Math.abs(y);
  let ax = Math.abs(x);
  const ey = Math.floor(Math.log2(ay));
  const ex = Math.floor(Math.log2(ax));
  let r: number;
  if (ey - ex > 60) {
    r = PIO2H; // pi/2 -+ a tiny ratio rounds to pi/2, for either sign of x
  } else if (ex - ey > 60) {
    if (x > 0) return y / x; // atan q = q (1 - q^2/3) rounds like q itself
    r = PIH; // pi - tiny rounds to pi
  } else {
    // scale both into the middle of the range (exact: their exponents differ by at most 60)
    const e = Math.max(ey, ex);
    if (e > 500) {
      ay *= 2 ** -600;
      ax *= 2 ** -600;
    } else if (e < -500) {
      ay *= 2 ** 600;
      ax *= 2 ** 600;
    }
    atanRatio(ay, 0, ax, 0);
    if (x < 0) ddAdd(PIH, PIL, -R.h, -R.l);
    r = roundIfSure(2 ** -60);
    if (r !== r) {
      precise = true;
      atanRatio(ay, 0, ax, 0);
      precise = false;
      if (x < 0) ddAdd(PIH, PIL, -R.h, -R.l);
      r = R.h + R.l;
    }
  }
  return y < 0 ? -r : r;
}

/** (R.h, R.l) = sqrt of a double-double w > 0. */
function ddSqrt(wH: number, wL: number): void {
  const s = Math.sqrt(wH);
  twoProd(s, s);
  const e = wH - R.h - R.l + wL;
  twoSum(s, e / (2 * s));
}

function asinCR(y: number): number {
  if (y !== y || y === 0) return y;
  const ay = Math.abs(y);
  if (ay > 1) return NaN; // the caller gives it glibc's sign
  if (ay < 2 ** -26) return y; // asin y = y + y^3/6 rounds to y
  if (!trigReady) initTrig();
  // asin y = atan(y / sqrt((1 - y)(1 + y)))
  twoSum(1, -ay);
  const aH = R.h;
  const aL = R.l;
  twoSum(1, ay);
  ddMul(aH, aL, R.h, R.l);
  if (R.h === 0) return y > 0 ? PIO2H : -PIO2H;
  ddSqrt(R.h, R.l);
  const sH = R.h;
  const sL = R.l;
  atanRatio(ay, 0, sH, sL);
  let r = roundIfSure(2 ** -60);
  if (r !== r) {
    precise = true;
    atanRatio(ay, 0, sH, sL);
    precise = false;
    r = R.h + R.l;
  }
  return y < 0 ? -r : r;
}

function acosCR(y: number): number {
  if (y !== y) return y;
  const ay = Math.abs(y);
  if (ay > 1) return NaN;
  if (y === 1) return 0;
  if (!trigReady) initTrig();
  if (y === -1) return PIH;
  if (y === 0) return PIO2H;
  // acos y = atan(sqrt((1 - y)(1 + y)) / y), plus pi for y < 0
  twoSum(1, -ay);
  const aH = R.h;
  const aL = R.l;
  twoSum(1, ay);
  ddMul(aH, aL, R.h, R.l);
  ddSqrt(R.h, R.l);
  const sH = R.h;
  const sL = R.l;
  atanRatio(sH, sL, ay, 0);
  if (y < 0) ddAdd(PIH, PIL, -R.h, -R.l);
  const r = roundIfSure(2 ** -60);
  if (r === r) return r;
  precise = true;
  atanRatio(sH, sL, ay, 0);
  precise = false;
  if (y < 0) ddAdd(PIH, PIL, -R.h, -R.l);
  return R.h + R.l;
}

// argument reduction: x = k pi/2 + r, |r| <= pi/4, r as a double-double
let redK = 0;

/** Reduce x (finite, |x| > pi/4) into (R.h, R.l) = r and redK = k mod 4. */
function reducePio2(x: number): void {
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bexp !== 0) m |= 1n << 52n;
  const e = BigInt((bexp === 0 ? 1 : bexp) - 1075); // |x| = m 2^e
  // |x| 2/pi = m * twoOverPi * 2^(e - TWO_PI_BITS)
  const prod = m * twoOverPi;
  const shift = TWO_PI_BITS - e; // fraction bits of prod
  let k = prod >> shift;
  let frac = prod - (k << shift); // in [0, 2^shift)
  // centre: frac in [-1/2, 1/2)
  if (frac >= 1n << (shift - 1n)) {
    frac -= 1n << shift;
    k += 1n;
  }
  // keep 160 bits of the fraction, then r = frac * pi/2 in double-double
  const drop = shift > 160n ? shift - 160n : 0n;
  const f = frac >> drop;
  const fbits = shift - drop;
  const fh = Number(f);
  const fl = Number(f - BigInt(fh));
  const scale = 2 ** -Number(fbits);
  ddMul(fh * scale, fl * scale, PIO2H, PIO2L);
  let q = Number(k & 3n);
  if (x < 0) {
    R.h = -R.h;
    R.l = -R.l;
    q = (4 - q) & 3;
  }
  redK = q;
}

/** sin (which = 0) or cos (which = 1) of a double-double |r| <= pi/4 + tiny, into (R.h, R.l). */
function sinCosSmall(rH: number, rL: number, which: number): void {
  const neg = rH < 0;
  if (neg) {
    rH = -rH;
    rL = -rL;
  }
  // r = c + u, c = j/64, |u| <= 1/128
  const j = Math.round(rH * 64);
  ddAdd(rH, rL, -j / 64, 0);
  const uH = R.h;
  const uL = R.l;
  ddMul(uH, uL, uH, uL);
  const u2H = R.h;
  const u2L = R.l;
  // sin u = u (1 - u^2/(2*3) (1 - u^2/(4*5) (1 - u^2/(6*7) (1 - ...)))): inner levels in double
  const st = 1 - (u2H / 72) * (1 - (u2H / 110) * (1 - u2H / 156));
  ddMul(u2H, u2L, st / 42, 0);
  ddAdd(1, 0, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddMul(R.h, R.l, invH[20]!, invL[20]!);
  ddAdd(1, 0, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddMul(R.h, R.l, invH[6]!, invL[6]!);
  ddAdd(1, 0, -R.h, -R.l);
  ddMul(R.h, R.l, uH, uL);
  const suH = R.h;
  const suL = R.l;
  // cos u = 1 - u^2/2 (1 - u^2/(3*4) (1 - u^2/(5*6) (1 - u^2/(7*8) (...))))
  const ct = 1 - (u2H / 90) * (1 - (u2H / 132) * (1 - u2H / 182));
  ddMul(u2H, u2L, ct / 56, 0);
  ddAdd(1, 0, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddMul(R.h, R.l, invH[30]!, invL[30]!);
  ddAdd(1, 0, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddMul(R.h, R.l, invH[12]!, invL[12]!);
  ddAdd(1, 0, -R.h, -R.l);
  ddMul(R.h, R.l, u2H, u2L);
  ddMul(R.h, R.l, 0.5, 0);
  ddAdd(1, 0, -R.h, -R.l);
  const cuH = R.h;
  const cuL = R.l;
  if (j === 0) {
    if (which === 0) {
      R.h = neg ? -suH : suH;
      R.l = neg ? -suL : suL;
    } else {
      R.h = cuH;
      R.l = cuL;
    }
    return;
  }
  const scH = sinTabH[j]!;
  const scL = sinTabL[j]!;
  const ccH = cosTabH[j]!;
  const ccL = cosTabL[j]!;
  if (which === 0) {
    // sin(c + u) = sin c cos u + cos c sin u
    ddMul(scH, scL, cuH, cuL);
    const aH = R.h;
    const aL = R.l;
    ddMul(ccH, ccL, suH, suL);
    ddAdd(aH, aL, R.h, R.l);
    if (neg) {
      R.h = -R.h;
      R.l = -R.l;
    }
  } else {
    // cos(c + u) = cos c cos u - sin c sin u
    ddMul(ccH, ccL, cuH, cuL);
    const aH = R.h;
    const aL = R.l;
    ddMul(scH, scL, suH, suL);
    ddAdd(aH, aL, -R.h, -R.l);
  }
}

// Cody-Waite reduction for moderate |x|: pi/2 = CW1 + CW2 + CW3 + CW4, the first three with
// 33 significant bits so that k * CWi is exact for k < 2^20
let CW1 = 0;
let CW2 = 0;
let CW3 = 0;
let CW4 = 0;

function initCodyWaite(pio2Fix: bigint, bits: bigint): void {
  // pio2Fix = pi/2 * 2^bits; the parts are scaled down in BigInt first (2^-bits underflows)
  const parts: number[] = [];
  let rest = pio2Fix;
  for (let i = 0; i < 4; i++) {
    const len = BigInt(rest.toString(2).length);
    const keep = i < 3 ? (len > 33n ? len - 33n : 0n) : len > 60n ? len - 60n : 0n;
    const top = rest >> keep;
    parts.push(Number(top) * 2 ** Number(keep - bits));
    rest -= top << keep;
  }
  [CW1, CW2, CW3, CW4] = parts as [number, number, number, number];
}

/**
 * x = k pi/2 + r for 0 < |x| < 2^20: (R.h, R.l) = r, redK = k mod 4. False when r is too small
 * to be accurate this way (x near a multiple of pi/2).
 */
function reduceFast(x: number): boolean {
  const k = Math.round(x * 0.6366197723675814);
  const t1 = x - k * CW1; // exact
  twoSum(t1, -k * CW2);
  ddAdd(R.h, R.l, -k * CW3, 0);
  const aH = R.h;
  const aL = R.l;
  twoProd(k, CW4);
  ddAdd(aH, aL, -R.h, -R.l);
  if (Math.abs(R.h) < 2 ** -24) return false;
  redK = k & 3;
  return true;
}

/** sin (which = 0) or cos (1) of a double-double |r| <= pi/4 + tiny, ~2^-64 relative. */
function sinCosFast(rH: number, rL: number, which: number): void {
  const j = Math.round(rH * 64);
  const aj = j < 0 ? -j : j;
  twoSum(rH - j / 64, rL); // u = r - j/64 (the subtraction is exact)
  const uH = R.h;
  const uL = R.l;
  const u2 = uH * uH;
  // sin u = u + u p, cos u = 1 + q (p, q tiny: double is enough)
  const p = u2 * (-1 / 6 + u2 * (1 / 120 - u2 / 5040));
  const q = u2 * (-0.5 + u2 * (1 / 24 - u2 / 720));
  twoSum(uH, uL + uH * p);
  const suH = R.h;
  const suL = R.l;
  if (j === 0) {
    if (which === 0) return; // (R.h, R.l) = sin u
    twoSum(1, q);
    return;
  }
  const sgn = j < 0 ? -1 : 1; // sin(-c) = -sin c
  const scH = sgn * sinTabH[aj]!;
  const scL = sgn * sinTabL[aj]!;
  const ccH = cosTabH[aj]!;
  const ccL = cosTabL[aj]!;
  if (which === 0) {
    // sin(c + u) = sin c + sin c q + cos c sin u
    ddMul(ccH, ccL, suH, suL);
    ddAdd(scH, scL, R.h, R.l + scH * q);
  } else {
    // cos(c + u) = cos c + cos c q - sin c sin u
    ddMul(scH, scL, suH, suL);
    ddAdd(ccH, ccL, -R.h, -R.l + ccH * q);
  }
}

/** Round (R.h, R.l) if an error of rel * |R.h| cannot change the result; else NaN. */
function roundIfSure(rel: number): number {
  const v = R.h + R.l;
  const err = Math.abs(R.h) * rel;
  return R.h + (R.l + err) === v && R.h + (R.l - err) === v ? v : NaN;
}

/** sin (0), cos (1) or tan (2) of a finite x, correctly rounded except in rare cases. */
function trigCR(x: number, fn: number): number {
  if (!trigReady) initTrig();
  const ax = Math.abs(x);
  let rH = x;
  let rL = 0;
  let k = 0;
  if (ax > 0.7853981633974483) {
    if (!(ax < 1048576 && reduceFast(x))) reducePio2(x);
    rH = R.h;
    rL = R.l;
    k = redK;
  }
  // fast: about 2^-64, then the rounding test; else the slow, accurate evaluation
  if (fn === 2) {
    sinCosFast(rH, rL, 0);
    let sH = R.h;
    let sL = R.l;
    sinCosFast(rH, rL, 1);
    if (k & 1) ddDiv(-R.h, -R.l, sH, sL); // tan(r + pi/2) = -cos r / sin r
    else ddDiv(sH, sL, R.h, R.l);
    const v = roundIfSure(2 ** -60);
    if (v === v) return v;
    sinCosSmall(rH, rL, 0);
    sH = R.h;
    sL = R.l;
    sinCosSmall(rH, rL, 1);
    if (k & 1) ddDiv(-R.h, -R.l, sH, sL);
    else ddDiv(sH, sL, R.h, R.l);
    return R.h + R.l;
  }
  // sin(r + k pi/2): k = 0 sin, 1 cos, 2 -sin, 3 -cos (cos: shifted by one)
  const q = (k + fn) & 3;
  sinCosFast(rH, rL, q & 1);
  let v = roundIfSure(2 ** -61);
  if (v !== v) {
    sinCosSmall(rH, rL, q & 1);
    v = R.h + R.l;
  }
  return q >= 2 ? -v : v;
}

function sinCR(x: number): number {
  if (x !== x || !Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 2 ** -26) return x; // sin x = x - x^3/6 rounds to x
  return trigCR(x, 0);
}

function cosCR(x: number): number {
  if (x !== x || !Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 2 ** -27) return 1;
  return trigCR(x, 1);
}

function tanCR(x: number): number {
  if (x !== x || !Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 2 ** -27) return x;
  return trigCR(x, 2);
}

/** The double whose bit pattern is hi:00000000 (fdlibm compares high words against these). */
function fromHigh(hi: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, hi);
  return v.getFloat64(0);
}

const SINH_LN_MAX = fromHigh(0x40862e42); // below this exp(|x|) cannot overflow
const SINH_OVF = 710.4758600739439; // largest |x| whose sinh/cosh is finite
const COSH_SMALL = fromHigh(0x3fd62e43); // about ln(2)/2

/** sinh the way glibc computes it (fdlibm's formulas), on expm1 and a glibc-exact exp. */
function sinhC(x: number): number {
  const ax = Math.abs(x);
  const h = x < 0 ? -0.5 : 0.5;
  if (ax < 22) {
    if (ax < 2 ** -28) return x;
    const t = Math.expm1(ax);
    if (ax < 1) return h * (2 * t - (t * t) / (t + 1));
    return h * (t + t / (t + 1));
  }
  if (ax < SINH_LN_MAX) return h * expCR(ax);
  if (ax <= SINH_OVF) {
    const w = expCR(0.5 * ax);
    return h * w * w;
  }
  return x * Infinity;
}

/** cosh the way glibc computes it (fdlibm's formulas). */
function coshC(x: number): number {
  const ax = Math.abs(x);
  if (ax < COSH_SMALL) {
    if (ax < 2 ** -55) return 1;
    const t = Math.expm1(ax);
    const w = 1 + t;
    return 1 + (t * t) / (w + w);
  }
  if (ax < 22) {
    const t = expCR(ax);
    return 0.5 * t + 0.5 / t;
  }
  if (ax < SINH_LN_MAX) return 0.5 * expCR(ax);
  if (ax <= SINH_OVF) {
    const w = expCR(0.5 * ax);
    return 0.5 * w * w;
  }
  return Infinity;
}

// ---------------------------------------------------------------------------------------------
// exponential and trigonometric functions

function mathLog(_L: LuaState, args: LuaValue[]): LuaValue {
  const x = checkF(args, 0);
  if (args[1] === undefined) {
    if (x !== x) return nanArg(args, 0);
    return flt(logCR(x));
  }
  const base = checkF(args, 1);
  if (base === 2) {
    if (x !== x) return nanArg(args, 0);
    return flt(log2CR(x));
  }
  if (base === 10) {
    if (x !== x) return nanArg(args, 0);
    return flt(log10C(x), true); // glibc's log10 of a negative number is +nan
  }
  // log(x) / log(base): a NaN operand of the division wins, the numerator's first
  const num = x !== x ? nanArg(args, 0) : flt(logCR(x));
  if (num instanceof LuaFloat && num.n !== num.n) return num;
  if (typeof num === "number" && num !== num) return num;
  const den = base !== base ? nanArg(args, 1) : flt(logCR(base));
  if (den instanceof LuaFloat && den.n !== den.n) return den;
  if (typeof den === "number" && den !== den) return den;
  return flt(logCR(x) / logCR(base));
}

function mathAtan(_L: LuaState, args: LuaValue[]): LuaValue {
  const y = checkF(args, 0);
  const x = args[1] === undefined ? 1 : checkF(args, 1);
  if (x !== x) return nanArg(args, 1);
  if (y !== y) return nanArg(args, 0);
  return flt(args[1] === undefined ? atanCR(y) : atan2CR(y, x));
}

function mathPow(_L: LuaState, args: LuaValue[]): LuaValue {
  const x = checkF(args, 0);
  const y = checkF(args, 1);
  // the same pow as the ^ operator
  return arith(ArithOp.POW, flt(x), flt(y));
}

function mathFrexp(_L: LuaState, args: LuaValue[]): readonly LuaValue[] {
  const x = checkF(args, 0);
  if (x !== x) return [nanArg(args, 0), 0];
  if (x === 0 || !Number.isFinite(x)) return [flt(x), 0];
  let m = Math.abs(x);
  let e = 0;
  if (m < 2.2250738585072014e-308) {
    m *= 2 ** 64; // subnormal: scale into the normal range first
    e -= 64;
  }
  const k = Math.floor(Math.log2(m)) + 1;
  m = m * 2 ** -k;
  e += k;
  // correct log2 rounding at the edges
  if (m >= 1) {
    m /= 2;
    e++;
  } else if (m < 0.5) {
    m *= 2;
    e--;
  }
  return [flt(x < 0 ? -m : m), e];
}

/** ldexp / scalbn: x * 2^n with a single rounding. */
function scalbn(x: number, n: number): number {
  if (n > 1023) {
    x *= 2 ** 1023;
    n -= 1023;
    if (n > 1023) {
      x *= 2 ** 1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // keep 53 bits of room so that only the last step rounds
    x *= 2 ** -1022 * 2 ** 53;
    n += 1022 - 53;
    if (n < -1022) {
      x *= 2 ** -1022 * 2 ** 53;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return x * 2 ** n;
}

function mathLdexp(_L: LuaState, args: LuaValue[]): LuaValue {
  const x = checkF(args, 0);
  const e = checkInteger(args, 1);
  const ei = typeof e === "number" ? e | 0 : Number(BigInt.asIntN(32, e)); // (int) cast
  if (x !== x) return nanArg(args, 0);
  return flt(scalbn(x, ei));
}

// ---------------------------------------------------------------------------------------------
// random: xoshiro256** on 32-bit halves

export { expCR, logCR, log2CR, log10C, sinCR, cosCR, tanCR, asinCR, acosCR, atanCR, atan2CR };

export class Xoshiro {
  // the state words s0..s3, each as (hi, lo) 32-bit halves
  a0 = 0; b0 = 0; a1 = 0; b1 = 0; a2 = 0; b2 = 0; a3 = 0; b3 = 0;
  /** The last 64-bit output. */
  hi = 0;
  lo = 0;

  /** Seed as Lua 5.4 does: (n, 0xff, 0, 0), then discard 16 values. */
  seed(n: bigint): void {
    const u = BigInt.asUintN(64, n);
    this.a0 = Number(u >> 32n);
    this.b0 = Number(u & 0xffffffffn);
    this.a1 = 0;
    this.b1 = 0xff;
    this.a2 = this.b2 = this.a3 = this.b3 = 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** Advance; the 64-bit output is left in (hi, lo). */
  next(): void {
    const s1h = this.a1;
    const s1l = this.b1;
    // r = rotl(s1 * 5, 7) * 9
    let l = (s1l << 2) >>> 0;
    let h = ((s1h << 2) | (s1l >>> 30)) >>> 0;
    let lo = (l + s1l) >>> 0;
    let hi = (h + s1h + (lo < l ? 1 : 0)) >>> 0;
    const rh = ((hi << 7) | (lo >>> 25)) >>> 0;
    const rl = ((lo << 7) | (hi >>> 25)) >>> 0;
    l = (rl << 3) >>> 0;
    h = ((rh << 3) | (rl >>> 29)) >>> 0;
    lo = (l + rl) >>> 0;
    hi = (h + rh + (lo < l ? 1 : 0)) >>> 0;
    this.hi = hi;
    this.lo = lo;
    // t = s1 << 17
    const th = ((s1h << 17) | (s1l >>> 15)) >>> 0;
    const tl = (s1l << 17) >>> 0;
    const a2 = (this.a2 ^ this.a0) >>> 0; // s2 ^= s0
    const b2 = (this.b2 ^ this.b0) >>> 0;
    const a3 = (this.a3 ^ s1h) >>> 0; // s3 ^= s1
    const b3 = (this.b3 ^ s1l) >>> 0;
    this.a1 = (s1h ^ a2) >>> 0; // s1 ^= s2
    this.b1 = (s1l ^ b2) >>> 0;
    this.a0 = (this.a0 ^ a3) >>> 0; // s0 ^= s3
    this.b0 = (this.b0 ^ b3) >>> 0;
    this.a2 = (a2 ^ th) >>> 0; // s2 ^= t
    this.b2 = (b2 ^ tl) >>> 0;
    // s3 = rotl(s3, 45) = rotl(swap halves of s3, 13)
    this.a3 = ((b3 << 13) | (a3 >>> 19)) >>> 0;
    this.b3 = ((a3 << 13) | (b3 >>> 19)) >>> 0;
  }

  /** A uniform integer in [0, n] for 0 <= n < 2^64 (rejection on the smallest 2^b - 1 mask). */
  project(n: bigint): bigint {
    if (n <= 0xffffffffn) {
      const m = Number(n);
      const mask = m === 0 ? 0 : 0xffffffff >>> Math.clz32(m);
      for (;;) {
        this.next();
        const r = (this.lo & mask) >>> 0;
        if (r <= m) return BigInt(r);
      }
    }
    const nh = Number(n >> 32n);
    const nl = Number(n & 0xffffffffn);
    const maskH = 0xffffffff >>> Math.clz32(nh);
    for (;;) {
      this.next();
      const rh = (this.hi & maskH) >>> 0;
      const rl = this.lo;
      if (rh < nh || (rh === nh && rl <= nl)) return (BigInt(rh) << 32n) | BigInt(rl);
    }
  }

  /** A uniform integer in [0, m] for a safe m < 2^32 without BigInt. */
  small(m: number): number {
    const mask = m === 0 ? 0 : 0xffffffff >>> Math.clz32(m);
    for (;;) {
      this.next();
      const r = (this.lo & mask) >>> 0;
      if (r <= m) return r;
    }
  }
}

const generators = new WeakMap<LuaState, Xoshiro>();

function generator(L: LuaState): Xoshiro {
  let g = generators.get(L);
  if (g === undefined) {
    g = new Xoshiro();
    g.seed(0n);
    generators.set(L, g);
  }
  return g;
}

/** Seed the VM's math.random generator (what math.randomseed(seed) does). */
export function seedRandom(L: LuaState, seed: number | bigint): void {
  let n: bigint;
  if (typeof seed === "bigint") n = BigInt.asIntN(64, seed);
  else if (!Number.isFinite(seed)) n = 0n;
  else {
    const t = Math.trunc(seed);
    n = t >= -TWO63 && t < TWO63 ? BigInt(t) : 0n;
  }
  generator(L).seed(n);
}

function mathRandom(L: LuaState, args: LuaValue[]): LuaValue {
  const g = generator(L);
  if (args.length === 2) {
    // fast path: math.random(m, n) with small integers
    const m = args[0];
    const n = args[1];
    if (typeof m === "number" && typeof n === "number" && Number.isInteger(m) && Number.isInteger(n) &&
        m <= n && n - m <= 0xffffffff) {
      return m + g.small(n - m);
    }
  }
  let low: Int;
  let up: Int;
  switch (args.length) {
    case 0: {
      g.next();
      return flt((g.hi * 2097152 + (g.lo >>> 11)) / 9007199254740992);
    }
    case 1:
      low = 1;
      up = checkInteger(args, 0);
      break;
    case 2:
      low = checkInteger(args, 0);
      up = checkInteger(args, 1);
      break;
    default:
      throw new LuaFault("wrong number of arguments");
  }
  if (!(low <= up)) throw argError(0, "interval is empty");
  if (!(low >= 0 || BigInt(up) <= LUA_MAXINTEGER + BigInt(low))) throw argError(0, "interval too large");
  if (typeof low === "number" && typeof up === "number" && up - low <= 0xffffffff) {
    return low + g.small(up - low);
  }
  return mkIntBig(BigInt(low) + g.project(BigInt(up) - BigInt(low)));
}

function mathRandomseed(L: LuaState, args: LuaValue[]): readonly LuaValue[] {
  const v = checkNumber(args, 0);
  seedRandom(L, typeof v === "bigint" ? v : toF(v));
  return NONE;
}

// ---------------------------------------------------------------------------------------------

export function createMathLibrary(): LuaTable {
  const lib = new LuaTable();
  const fns: Record<string, (L: LuaState, args: LuaValue[]) => LuaValue | readonly LuaValue[]> = {
    abs: mathAbs,
    acos: unary(acosCR, true),
    asin: unary(asinCR, true),
    ceil: mathCeil,
    cos: unary(cosCR),
    deg: unary((x) => x * (180 / Math.PI)),
    exp: unary(expCR),
    tointeger: mathToInteger,
    floor: mathFloor,
    fmod: mathFmod,
    ult: mathUlt,
    log: mathLog,
    max: mathMax,
    min: mathMin,
    modf: mathModf,
    rad: unary((x) => x * (Math.PI / 180)),
    random: mathRandom,
    randomseed: mathRandomseed,
    sin: unary(sinCR),
    sqrt: unary(Math.sqrt),
    tan: unary(tanCR),
    type: mathType,
    // LUA_COMPAT_MATHLIB, present in the reference lua5.3
    cosh: unary(coshC),
    sinh: unary(sinhC),
    tanh: unary(Math.tanh),
    pow: mathPow,
    frexp: mathFrexp,
    ldexp: mathLdexp,
    log10: unary(log10C, true),
  };
  // one C function under two names, as in lua5.3 (math.atan == math.atan2); lua5.3 names it
  // after whichever key its per-run hash seed puts first, the VM after the first inserted
  const atan = builtin("math.atan", mathAtan);
  lib.setStr("atan", atan);
  lib.setStr("atan2", atan);
  for (const [name, fn] of Object.entries(fns)) {
    const f = builtin(`math.${name}`, fn);
    // all but the generator's two are functions of their arguments (see LuaBuiltin.pure)
    if (name !== "random" && name !== "randomseed") f.pure = true;
    lib.setStr(name, f);
  }
  atan.pure = true;
  lib.setStr("pi", Math.PI);
  lib.setStr("huge", Infinity);
  lib.setStr("maxinteger", LUA_MAXINTEGER);
  lib.setStr("mininteger", LUA_MININTEGER);
  return lib;
}
