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
import { NONE } from "../function.js";
import { toInteger } from "../numconv.js";
import type { LuaState } from "../state.js";
import { LuaTable } from "../table.js";
import { LuaFloat, mkIntBig, type LuaValue } from "../value.js";
import { argError, checkAny, checkInteger, checkNumber } from "./args.js";
import { builtin } from "./base.js";

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
// exponential and trigonometric functions

function mathLog(_L: LuaState, args: LuaValue[]): LuaValue {
  const x = checkF(args, 0);
  if (args[1] === undefined) {
    if (x !== x) return nanArg(args, 0);
    return flt(Math.log(x));
  }
  const base = checkF(args, 1);
  if (base === 2) {
    if (x !== x) return nanArg(args, 0);
    return flt(Math.log2(x));
  }
  if (base === 10) {
    if (x !== x) return nanArg(args, 0);
    return flt(Math.log10(x), true); // glibc's log10 of a negative number is +nan
  }
  // log(x) / log(base): a NaN operand of the division wins, the numerator's first
  const num = x !== x ? nanArg(args, 0) : flt(Math.log(x));
  if (num instanceof LuaFloat && num.n !== num.n) return num;
  if (typeof num === "number" && num !== num) return num;
  const den = base !== base ? nanArg(args, 1) : flt(Math.log(base));
  if (den instanceof LuaFloat && den.n !== den.n) return den;
  if (typeof den === "number" && den !== den) return den;
  return flt(Math.log(x) / Math.log(base));
}

function mathAtan(_L: LuaState, args: LuaValue[]): LuaValue {
  const y = checkF(args, 0);
  const x = args[1] === undefined ? 1 : checkF(args, 1);
  if (x !== x) return nanArg(args, 1);
  if (y !== y) return nanArg(args, 0);
  return flt(Math.atan2(y, x));
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
    acos: unary(Math.acos, true),
    asin: unary(Math.asin, true),
    ceil: mathCeil,
    cos: unary(Math.cos),
    deg: unary((x) => x * (180 / Math.PI)),
    exp: unary(Math.exp),
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
    sin: unary(Math.sin),
    sqrt: unary(Math.sqrt),
    tan: unary(Math.tan),
    type: mathType,
    // LUA_COMPAT_MATHLIB, present in the reference lua5.3
    cosh: unary(Math.cosh),
    sinh: unary(Math.sinh),
    tanh: unary(Math.tanh),
    pow: mathPow,
    frexp: mathFrexp,
    ldexp: mathLdexp,
    log10: unary(Math.log10, true),
  };
  // one C function under two names, as in lua5.3 (math.atan == math.atan2); lua5.3 names it
  // after whichever key its per-run hash seed puts first, the VM after the first inserted
  const atan = builtin("math.atan", mathAtan);
  lib.setStr("atan", atan);
  lib.setStr("atan2", atan);
  for (const [name, fn] of Object.entries(fns)) lib.setStr(name, builtin(`math.${name}`, fn));
  lib.setStr("pi", Math.PI);
  lib.setStr("huge", Infinity);
  lib.setStr("maxinteger", LUA_MAXINTEGER);
  lib.setStr("mininteger", LUA_MININTEGER);
  return lib;
}
