// Number <-> string conversions with Lua 5.3 / glibc semantics.
//
//   numberToString   tostring() of a number ("%.14g" for floats, ".0" appended when integral-looking)
//   formatFloat      one C float conversion (%e %f %g %a ...), glibc-exact digits
//   formatNumberSpec a whole C conversion spec ("%-+#012.5g", "%5d", "%#x") applied to a number
//   stringToNumber   luaO_str2num: what the lexer-free coercion and tonumber(s) accept
//   stringToNumberBase tonumber(s, base)
//   floatToInteger / toInteger  luaV_tointeger in its three modes
//
// Floats are rendered from the exact binary value: JS's toExponential/toFixed are correctly
// rounded except that they round exact decimal ties away from zero where glibc rounds them to
// even, so a tie is detected and redone with exact BigInt arithmetic.

import { LuaFloat, mkFloat, mkIntBig, type LuaValue } from "./value.js";
import { LuaFault } from "./errors.js";
import { chargeWork } from "./memory.js";

export type LuaNumber = number | bigint | LuaFloat;

// ---------------------------------------------------------------------------------------------
// Bits of a double

const MIN_NORMAL = 2.2250738585072014e-308;

const bitsView = new DataView(new ArrayBuffer(8));

/** Split a finite double into sign bit, biased exponent field and 52-bit fraction (hi 20 / lo 32). */
function rawBits(x: number): { neg: boolean; bexp: number; hi: number; lo: number } {
  bitsView.setFloat64(0, x);
  const hiWord = bitsView.getUint32(0);
  return {
    neg: hiWord >>> 31 === 1,
    bexp: (hiWord >>> 20) & 0x7ff,
    hi: hiWord & 0xfffff,
    lo: bitsView.getUint32(4),
  };
}

/** |x| = m * 2^e exactly, m an odd integer (or 0), for finite x. */
export function decomposeFloat(x: number): { m: bigint; e: number } {
  const { bexp, hi, lo } = rawBits(x);
  let m = BigInt(hi) * 0x100000000n + BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    m += 0x10000000000000n;
    e = bexp - 1075;
  }
  if (m === 0n) return { m, e: 0 };
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  return { m, e };
}

/**
 * Exact decimal expansion of a finite |x| > 0: |x| = D * 10^-s with D a digit string without
 * leading zeros and s >= 0.
 */
function exactDecimal(x: number): { D: string; s: number } {
  const { m, e } = decomposeFloat(x);
  if (e >= 0) return { D: (m << BigInt(e)).toString(), s: 0 };
  return { D: (m * 5n ** BigInt(-e)).toString(), s: -e };
}

/**
 * Round the digit string D (a value 0.D scaled) to its first `keep` digits (keep >= 0), ties to
 * even. Returns `keep` digits, or keep+1 digits ("100..") when the rounding carried out.
 */
function roundDigits(D: string, keep: number): string {
  if (keep >= D.length) return D + "0".repeat(keep - D.length);
  let head = D.slice(0, keep);
  const first = D.charCodeAt(keep) - 48;
  let up: boolean;
  if (first > 5) up = true;
  else if (first < 5) up = false;
  else {
    let rest = false;
    for (let i = keep + 1; i < D.length; i++) {
      if (D.charCodeAt(i) !== 48) {
        rest = true;
        break;
      }
    }
    if (rest) up = true;
    else {
      const last = keep > 0 ? D.charCodeAt(keep - 1) - 48 : 0;
      up = (last & 1) === 1;
    }
  }
  if (!up) return head;
  // increment the decimal string head
  let i = keep - 1;
  const chars = head.split("");
  while (i >= 0 && chars[i] === "9") {
    chars[i] = "0";
    i--;
  }
  if (i < 0) return "1" + chars.join("");
  chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
  head = chars.join("");
  return head;
}

/**
 * The first p significant digits of finite x > 0, correctly rounded (ties to even), and the
 * decimal exponent E of the first digit: x ~ d[0].d[1..] * 10^E.
 */
function sigDigits(x: number, p: number): { d: string; E: number } {
  if (p <= 15 && x >= MIN_NORMAL) {
    // Round the shortest round-trip digits S of x instead of x itself. For p <= 15 this is
    // exact: a rounding boundary (a (p+1)-digit decimal M) strictly between x and S would lie
    // in x's round-trip interval and be a shorter or closer candidate than S, contradicting
    // how S is chosen; only S == M (a possible exact tie) needs the exact expansion. (This
    // needs half an ulp to be far below a unit of the (p+1)th digit: not so for subnormals.)
    const r = shortestDigits(x);
    const D = r.D;
    if (D.length <= p) return { d: D + "0".repeat(p - D.length), E: r.E };
    const c = D.charCodeAt(p);
    if (c !== 53 || D.length > p + 1) {
      if (c < 53) return { d: D.slice(0, p), E: r.E };
      const d = roundDigits(D.slice(0, p) + "9", p); // forces rounding up
      return d.length > p ? { d: d.slice(0, p), E: r.E + 1 } : { d, E: r.E };
    }
  }
  if (p <= 100) {
    const s = x.toExponential(p - 1);
    const t = x.toExponential(p);
    const te = t.indexOf("e");
    if (t.charCodeAt(te - 1) !== 53 /* '5' */) {
      const ei = s.indexOf("e");
      const mant = p > 1 ? s[0]! + s.slice(2, ei) : s.slice(0, ei);
      return { d: mant, E: +s.slice(ei + 1) };
    }
  }
  const { D, s } = exactDecimal(x);
  let E = D.length - 1 - s;
  let d = roundDigits(D, p);
  if (d.length > p) {
    d = d.slice(0, p);
    E++;
  }
  return { d, E };
}

/**
 * Significant digits D (no leading or trailing zeros) and decimal exponent E of the first
 * digit of JS's shortest round-trip representation of finite x > 0.
 */
function shortestDigits(x: number, text?: string): { D: string; E: number } {
  const s = text ?? "" + x;
  const ei = s.indexOf("e");
  let D: string;
  let E: number;
  if (ei >= 0) {
    D = s.length > 1 && s.charCodeAt(1) === 46 ? s[0]! + s.slice(2, ei) : s.slice(0, ei);
    E = +s.slice(ei + 1);
  } else {
    const dot = s.indexOf(".");
    if (s.charCodeAt(0) === 48) {
      // "0.000ddd"
      let i = 2;
      while (s.charCodeAt(i) === 48) i++;
      D = s.slice(i);
      E = 1 - i;
    } else if (dot < 0) {
      D = s;
      E = s.length - 1;
    } else {
      D = s.slice(0, dot) + s.slice(dot + 1);
      E = dot - 1;
    }
  }
  let j = D.length;
  while (j > 1 && D.charCodeAt(j - 1) === 48) j--;
  return { D: j === D.length ? D : D.slice(0, j), E };
}

/**
 * x (finite, >= 0) rounded to f decimals (ties to even): the digit string of K where the
 * rounded value is K * 10^-f ("0" for zero).
 */
function fixedDigits(x: number, f: number): string {
  if (x === 0) return "0";
  if (x < 1e21 && f < 100) {
    const t = x.toFixed(f + 1);
    if (t.charCodeAt(t.length - 1) !== 53) {
      let s = x.toFixed(f);
      if (f > 0) {
        const dot = s.length - f - 1;
        s = s.slice(0, dot) + s.slice(dot + 1);
      }
      let i = 0;
      while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
      return s.slice(i);
    }
  }
  const { D, s } = exactDecimal(x);
  const keep = D.length - s + f;
  if (keep < 0) return "0";
  const r = roundDigits(D, keep);
  return r === "" ? "0" : r;
}

// ---------------------------------------------------------------------------------------------
// C conversions

export type FloatConv = "e" | "E" | "f" | "F" | "g" | "G" | "a" | "A";

export interface FormatFlags {
  /** '#': keep the point / trailing zeros */
  alt?: boolean;
  /** '+': always print a sign */
  plus?: boolean;
  /** ' ': a space where a '+' would go */
  space?: boolean;
  /** '-': left-justify within the width */
  left?: boolean;
  /** '0': pad with zeros after the sign / prefix */
  zero?: boolean;
  /** minimum field width */
  width?: number;
}

function expSuffix(E: number, upper: boolean): string {
  const a = E < 0 ? -E : E;
  return (upper ? "E" : "e") + (E < 0 ? "-" : "+") + (a < 10 ? "0" + a : String(a));
}

/** %e digits (no sign) of finite x >= 0. */
function fmtE(x: number, prec: number, alt: boolean, upper: boolean): string {
  let d: string, E: number;
  if (x === 0) {
    d = "0".repeat(prec + 1);
    E = 0;
  } else ({ d, E } = sigDigits(x, prec + 1));
  const mant = prec > 0 ? d[0] + "." + d.slice(1) : alt ? d + "." : d;
  return mant + expSuffix(E, upper);
}

/** %f digits (no sign) of finite x >= 0. */
function fmtF(x: number, prec: number, alt: boolean): string {
  let K = fixedDigits(x, prec);
  if (prec === 0) return alt ? K + "." : K;
  if (K.length <= prec) K = "0".repeat(prec + 1 - K.length) + K;
  const cut = K.length - prec;
  return K.slice(0, cut) + "." + K.slice(cut);
}

/** %g digits (no sign) of finite x >= 0. */
function fmtG(x: number, prec: number, alt: boolean, upper: boolean): string {
  const P = prec === 0 ? 1 : prec;
  let d: string, E: number;
  if (x === 0) {
    d = "0".repeat(P);
    E = 0;
  } else ({ d, E } = sigDigits(x, P));
  if (alt && E === P && d.charCodeAt(0) === 49 && /^10*$/.test(d) && belowPow10(x, E)) {
    // glibc quirk: the style was chosen before rounding (plain, with no decimals); when the
    // rounding carries into exponent P it switches to exponential but keeps zero decimals
    return "1." + expSuffix(E, upper);
  }
  if (E < P && E >= -4) {
    let int: string, frac: string;
    if (E >= 0) {
      int = d.slice(0, E + 1);
      frac = d.slice(E + 1);
    } else {
      int = "0";
      frac = "0".repeat(-E - 1) + d;
    }
    if (!alt) {
      let j = frac.length;
      while (j > 0 && frac.charCodeAt(j - 1) === 48) j--;
      frac = frac.slice(0, j);
      return frac.length > 0 ? int + "." + frac : int;
    }
    return int + "." + frac;
  }
  let frac = d.slice(1);
  if (!alt) {
    let j = frac.length;
    while (j > 0 && frac.charCodeAt(j - 1) === 48) j--;
    frac = frac.slice(0, j);
    return (frac.length > 0 ? d[0] + "." + frac : d[0]) + expSuffix(E, upper);
  }
  return d[0] + "." + frac + expSuffix(E, upper);
}

/** x < 10^E exactly (E >= 1). */
function belowPow10(x: number, E: number): boolean {
  if (E <= 22) return x < Number("1e" + E);
  return !Number.isInteger(x) || BigInt(x) < 10n ** BigInt(E);
}

/** %a digits (no sign) of finite x, glibc style: 0x1.8p+1, subnormals as 0x0.xxxp-1022. */
function fmtA(x: number, prec: number | undefined, alt: boolean, upper: boolean): string {
  const { bexp, hi, lo } = rawBits(x);
  let lead: number;
  let exp: number;
  if (bexp === 0) {
    lead = 0;
    exp = hi === 0 && lo === 0 ? 0 : -1022;
  } else {
    lead = 1;
    exp = bexp - 1023;
  }
  // 13 hex digits of fraction
  let frac = hi.toString(16).padStart(5, "0") + lo.toString(16).padStart(8, "0");
  if (prec === undefined) {
    let j = 13;
    while (j > 0 && frac.charCodeAt(j - 1) === 48) j--;
    frac = frac.slice(0, j);
  } else if (prec < 13) {
    // round to prec hex digits, ties to even
    const kept = frac.slice(0, prec);
    const next = parseInt(frac[prec]!, 16);
    const rest = /[^0]/.test(frac.slice(prec + 1));
    const lastVal = prec > 0 ? parseInt(kept[prec - 1]!, 16) : lead;
    const up = next > 8 || (next === 8 && (rest || (lastVal & 1) === 1));
    if (up) {
      // increment lead.kept as a hex number
      const n = (BigInt(lead) << BigInt(4 * prec)) + (prec > 0 ? BigInt("0x" + kept) : 0n) + 1n;
      lead = Number(n >> BigInt(4 * prec));
      frac = prec > 0 ? (n & ((1n << BigInt(4 * prec)) - 1n)).toString(16).padStart(prec, "0") : "";
    } else frac = kept;
  } else frac = frac + "0".repeat(prec - 13);
  let s = (upper ? "0X" : "0x") + lead.toString(16);
  if (frac.length > 0 || alt) s += "." + frac;
  s += "p" + (exp < 0 ? "-" : "+") + Math.abs(exp);
  return upper ? s.toUpperCase() : s;
}

function isNegative(x: number, box: boolean): boolean {
  if (x !== x) return !box; // plain NaN is the x86 default NaN (sign set)
  return x < 0 || (x === 0 && 1 / x < 0);
}

/**
 * One C floating-point conversion of x as glibc's printf prints it: the sign ('-', or '+' /
 * ' ' per flags), the digits, and padding to `flags.width` ('-' left-justifies, '0' pads with
 * zeros after the sign and "0x", not for inf/nan). `x` may be a LuaFloat to carry the sign of
 * a NaN (a LuaFloat NaN is sign-cleared, a plain NaN has the sign set, as lua5.3 prints them).
 */
export function formatFloat(
  xv: number | LuaFloat,
  conv: FloatConv,
  precision?: number,
  flags?: FormatFlags,
): string {
  const box = xv instanceof LuaFloat;
  const x = box ? xv.n : xv;
  const neg = isNegative(x, box);
  const sign = neg ? "-" : flags?.plus ? "+" : flags?.space ? " " : "";
  const s = sign + formatAbs(neg ? -x : x, conv, precision, flags?.alt === true);
  const width = flags?.width ?? 0;
  if (s.length >= width) return s;
  const finite = x - x === 0;
  const prefix = sign.length + ((conv === "a" || conv === "A") && finite ? 2 : 0);
  return pad(s, width, flags?.left === true, flags?.zero === true && finite, prefix);
}

function formatAbs(ax: number, conv: FloatConv, precision: number | undefined, alt: boolean): string {
  const upper = conv === "E" || conv === "F" || conv === "G" || conv === "A";
  if (ax !== ax) return upper ? "NAN" : "nan";
  if (ax === Infinity) return upper ? "INF" : "inf";
  switch (conv) {
    case "e":
    case "E":
      return fmtE(ax, precision ?? 6, alt, upper);
    case "f":
    case "F":
      return fmtF(ax, precision ?? 6, alt);
    case "g":
    case "G":
      return fmtG(ax, precision ?? 6, alt, upper);
    default:
      return fmtA(ax, precision, alt, upper);
  }
}

/** Apply width / '-' / '0' padding; zero padding goes after `prefixLen` chars (sign, 0x). */
function pad(s: string, width: number, left: boolean, zero: boolean, prefixLen: number): string {
  if (s.length >= width) return s;
  const n = width - s.length;
  if (left) return s + " ".repeat(n);
  if (zero) return s.slice(0, prefixLen) + "0".repeat(n) + s.slice(prefixLen);
  return " ".repeat(n) + s;
}

export interface FormatSpec {
  flags: string;
  width: number | undefined;
  precision: number | undefined;
  conv: string;
}

const SPEC_RE = /^%([-+ #0]*)([0-9]*)(?:\.([0-9]*))?([a-zA-Z])$/;

/** Parse "%-+#012.5g" into its parts (no validation of lengths; see lstrlib's scanformat). */
export function parseFormatSpec(spec: string): FormatSpec | undefined {
  const m = SPEC_RE.exec(spec);
  if (!m) return undefined;
  return {
    flags: m[1]!,
    width: m[2] ? parseInt(m[2], 10) : undefined,
    precision: m[3] !== undefined ? (m[3] ? parseInt(m[3], 10) : 0) : undefined,
    conv: m[4]!,
  };
}

/**
 * Apply one C conversion spec (as string.format passes it to sprintf) to a number.
 * Float conversions: e E f F g G a A. Integer conversions: d i (signed), u o x X (the int64 as
 * unsigned), c (the low byte). Integer conversions need a value with an integer representation
 * (floats such as 3.0 are accepted) and throw LuaFault("number has no integer representation")
 * otherwise; string.format should check first to produce its "bad argument" message.
 */
export function formatNumberSpec(spec: string, value: LuaNumber): string {
  const p = parseFormatSpec(spec);
  if (!p) throw new LuaFault(`invalid conversion '${spec}' to 'format'`);
  const fl = p.flags;
  const left = fl.includes("-");
  const plus = fl.includes("+");
  const space = fl.includes(" ");
  const alt = fl.includes("#");
  let zero = fl.includes("0") && !left;
  const width = p.width ?? 0;
  const conv = p.conv;
  switch (conv) {
    case "e":
    case "E":
    case "f":
    case "F":
    case "g":
    case "G":
    case "a":
    case "A": {
      const xv: number | LuaFloat = typeof value === "bigint" ? Number(value) : value;
      return formatFloat(xv, conv, p.precision, { alt, plus, space, left, zero, width });
    }
    case "d":
    case "i":
    case "u":
    case "o":
    case "x":
    case "X":
    case "c": {
      const iv = toIntegerStrict(value);
      if (iv === undefined) throw new LuaFault("number has no integer representation");
      if (conv === "c") {
        const ch = String.fromCharCode(Number(BigInt.asUintN(8, BigInt(iv))));
        return pad(ch, width, left, false, 0);
      }
      let sign = "";
      let digits: string;
      if (conv === "d" || conv === "i") {
        const neg = iv < 0;
        digits = typeof iv === "number" ? String(neg ? -iv : iv) : (neg ? -iv : iv).toString();
        sign = neg ? "-" : plus ? "+" : space ? " " : "";
      } else {
        const u = typeof iv === "number" && iv >= 0 ? iv : BigInt.asUintN(64, BigInt(iv));
        const radix = conv === "u" ? 10 : conv === "o" ? 8 : 16;
        digits = u.toString(radix);
        if (conv === "X") digits = digits.toUpperCase();
      }
      const isZero = iv === 0;
      if (p.precision !== undefined) {
        zero = false;
        if (p.precision === 0 && isZero) digits = "";
        else if (digits.length < p.precision) digits = "0".repeat(p.precision - digits.length) + digits;
      }
      let prefix = sign;
      if (alt) {
        if (conv === "o") {
          if (digits[0] !== "0") digits = "0" + digits;
        } else if ((conv === "x" || conv === "X") && !isZero) prefix = conv === "x" ? "0x" : "0X";
      }
      return pad(prefix + digits, width, left, zero, prefix.length);
    }
    default:
      throw new LuaFault(`invalid option '%${conv}' to 'format'`);
  }
}

// ---------------------------------------------------------------------------------------------
// tostring

const POS_NAN = "nan";
const NEG_NAN = "-nan";

/** "%.14g" of a non-integer-typed float, plus ".0" when the text looks like an integer. */
function floatToString(x: number, box: boolean): string {
  if (x !== x) return box ? POS_NAN : NEG_NAN;
  if (Number.isInteger(x)) {
    // integral float (boxed): exact when below 1e14 (at most 14 digits)
    if (x < 1e14 && x > -1e14) {
      if (x === 0) return 1 / x < 0 ? "-0.0" : "0.0";
      return x + ".0";
    }
  } else if (x === Infinity) return "inf";
  else if (x === -Infinity) return "-inf";
  else {
    const ax = x < 0 ? -x : x;
    const s = "" + ax;
    if (ax >= 1e-4 && ax < 1e14) {
      // the shortest round-trip representation, when it has at most 14 significant digits,
      // is exactly the %.14g rounding (it lies within half an ulp of x, far below half a unit
      // of the 14th digit); JS prints these magnitudes in plain positional notation
      let n = s.length - 1; // minus the '.'
      if (ax < 1) {
        // 0.000ddd: skip "0." and leading zeros
        let i = 2;
        n--; // the leading "0"
        while (s.charCodeAt(i) === 48) {
          i++;
          n--;
        }
      }
      if (n <= 14) return x < 0 ? "-" + s : s;
    }
    return x < 0 ? "-" + g14(ax, s) : g14(ax, s);
  }
  return x < 0 ? "-" + g14(-x) : g14(x);
}

/** "%.14g" of finite x > 0, with ".0" appended when it looks like an integer (tostringbuff). */
function g14(ax: number, text?: string): string {
  if (ax < MIN_NORMAL) {
    const body = fmtG(ax, 14, false, false);
    return /^[0-9]+$/.test(body) ? body + ".0" : body;
  }
  const r = shortestDigits(ax, text);
  let D = r.D;
  let E = r.E;
  if (D.length > 14) {
    // round the shortest digits (see sigDigits); "ddd...d5" exactly needs the exact value
    const c = D.charCodeAt(14);
    if (c === 53 && D.length === 15) {
      const body = fmtG(ax, 14, false, false);
      return /^[0-9]+$/.test(body) ? body + ".0" : body;
    }
    let j = 14;
    if (c >= 53) {
      // round up: drop trailing 9s (they become zeros, which %g strips) and bump the digit
      while (j > 0 && D.charCodeAt(j - 1) === 57) j--;
      if (j === 0) {
        D = "1";
        E++;
      } else D = D.slice(0, j - 1) + String.fromCharCode(D.charCodeAt(j - 1) + 1);
    } else {
      while (D.charCodeAt(j - 1) === 48) j--;
      D = D.slice(0, j);
    }
  }
  if (E >= -4 && E < 14) {
    if (E < 0) return "0." + "0".repeat(-E - 1) + D;
    const il = E + 1;
    if (D.length <= il) return (D.length === il ? D : D + "0".repeat(il - D.length)) + ".0";
    return D.slice(0, il) + "." + D.slice(il);
  }
  const mant = D.length > 1 ? D[0] + "." + D.slice(1) : D;
  return mant + (E < 0 ? (E > -10 ? "e-0" : "e-") + -E : (E < 10 ? "e+0" : "e+") + E);
}

/** tostring of a Lua number: integers in decimal, floats as "%.14g" (+ ".0" when integral-looking). */
export function numberToString(v: LuaNumber): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return "" + v;
    return floatToString(v, false);
  }
  if (typeof v === "bigint") return v.toString();
  return floatToString(v.n, true);
}

// ---------------------------------------------------------------------------------------------
// string -> number

/** C isspace in the "C" locale: ' ', \t \n \v \f \r */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

const INT_MAX_BIG = 0x7fffffffffffffffn;

/**
 * luaO_str2num: the number a string denotes (Lua syntax, surrounding whitespace allowed),
 * or undefined. Decimal integers that overflow int64 become floats; hex integers wrap modulo
 * 2^64; hex floats ("0x1.8p3") are accepted; "inf"/"nan" are not.
 */
export function stringToNumber(s: string): LuaNumber | undefined {
  const n = s.length;
  if (n > 64) chargeWork(n >> 4); // a long numeral is real work for the running script
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let j = n;
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
  if (i === j) return undefined;
  // --- integer (l_str2int)
  let k = i;
  let neg = false;
  let c = s.charCodeAt(k);
  if (c === 45) {
    neg = true;
    k++;
  } else if (c === 43) k++;
  c = s.charCodeAt(k);
  if (c === 48 && (s.charCodeAt(k + 1) | 0x20) === 120) {
    // hex integer, wraps around
    let p = k + 2;
    let acc = 0;
    let big: bigint | undefined;
    while (p < j) {
      const h = hexVal(s.charCodeAt(p));
      if (h < 0) break;
      if (big === undefined) {
        acc = acc * 16 + h; // exact: acc stays below 2^52 + 16 before switching
        if (acc >= 0x1000000000000) big = BigInt(acc);
      } else big = BigInt.asUintN(64, big * 16n + BigInt(h));
      p++;
    }
    if (p === j && p > k + 2) {
      if (big === undefined) return neg ? 0 - acc : acc;
      return mkIntBig(neg ? -big : big);
    }
  } else if (c >= 48 && c <= 57) {
    let p = k;
    while (p < j) {
      const d = s.charCodeAt(p);
      if (d < 48 || d > 57) break;
      p++;
    }
    if (p === j) {
      if (p - k <= 15) {
        const v = +s.slice(k, p);
        return neg ? 0 - v : v;
      }
      const b = BigInt(s.slice(k, p));
      if (b <= INT_MAX_BIG || (neg && b === INT_MAX_BIG + 1n)) return mkIntBig(neg ? -b : b);
      // overflow: fall through to the float reading
    }
  }
  // --- float (l_str2d via strtod)
  const body = i === 0 && j === n ? s : s.slice(i, j);
  if (DEC_FLOAT_RE.test(body)) {
    const v = +body;
    return Number.isInteger(v) ? new LuaFloat(v) : v;
  }
  const m = HEX_FLOAT_RE.exec(body);
  if (m) {
    // groups: 1 sign, 2 integer digits, 3 their fraction digits, 4 fraction digits of ".fff", 5 exponent
    return mkFloat(hexFloatValue(m[1] === "-", m[2] ?? "", m[3] ?? m[4] ?? "", m[5]));
  }
  return undefined;
}

const DEC_FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_FLOAT_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?$/;

/** Exactly rounded value of a hex float literal (ties to even, overflow to inf). */
function hexFloatValue(neg: boolean, intDigits: string, fracDigits: string, expText: string | undefined): number {
  const digits = (intDigits + fracDigits).replace(/^0+/, "");
  let r: number;
  if (digits === "") r = 0;
  else {
    // exponent: clamp huge values (only the overflow/underflow matters past a point)
    let e2 = 0;
    if (expText !== undefined) {
      const t = expText.replace(/^([+-]?)0+(?=\d)/, "$1");
      e2 = t.length > 8 ? (t[0] === "-" ? -1e8 : 1e8) : parseInt(t, 10);
    }
    e2 -= 4 * fracDigits.length;
    r = scaleToDouble(BigInt("0x" + digits), e2);
  }
  return neg ? -r : r;
}

/** M * 2^e correctly rounded to a double (M > 0), ties to even; overflow gives Infinity. */
export function scaleToDouble(M: bigint, e: number): number {
  const bl = M.toString(2).length;
  const top = bl - 1 + e; // exponent of the leading bit
  if (top > 1023) return Infinity;
  if (top < -1076) return 0;
  // bits of precision available at this magnitude
  const keep = top >= -1022 ? 53 : 53 - (-1022 - top);
  let shift = bl - keep;
  let q = M;
  if (shift > 0) {
    const sh = BigInt(shift);
    q = M >> sh;
    const rem = M - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else shift = 0;
  return ldexp(Number(q), e + shift);
}

/** x * 2^e for an exactly representable result, without intermediate over/underflow. */
function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
    if (x === Infinity) return x;
  }
  if (e < -1000) {
    // bring into range in one final scaling so only the last step can go subnormal
    while (e < -1000 - 60) {
      x *= 2 ** -60;
      e += 60;
      if (x === 0) return 0;
    }
    x *= 2 ** (e + 1000);
    return x * 2 ** -1000;
  }
  return x * 2 ** e;
}

/**
 * tonumber(s, base) for base 2..36 (the caller checks the range): optional whitespace and sign,
 * one or more alphanumeric digits below the base, wrap-around modulo 2^64.
 */
export function stringToNumberBase(s: string, base: number): number | bigint | undefined {
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s.charCodeAt(i) === 45) {
    neg = true;
    i++;
  } else if (s.charCodeAt(i) === 43) i++;
  let acc = 0;
  let big: bigint | undefined;
  const bb = BigInt(base);
  const start = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 65 && c <= 90) d = c - 55;
    else if (c >= 97 && c <= 122) d = c - 87;
    else break;
    if (d >= base) return undefined;
    if (big === undefined) {
      acc = acc * base + d;
      if (acc > 0x3fffffffffff) big = BigInt(acc); // keep acc*36+35 exact
    } else big = BigInt.asUintN(64, big * bb + BigInt(d));
  }
  if (i === start) return undefined;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i !== n) return undefined;
  if (big === undefined) return neg ? 0 - acc : acc;
  return mkIntBig(neg ? -big : big);
}

// ---------------------------------------------------------------------------------------------
// float -> integer

const TWO63 = 9223372036854775808;

/**
 * luaV_tointeger on a float: "exact" accepts only integral values, "floor"/"ceil" round first;
 * undefined when the (rounded) value is outside int64 or NaN.
 */
export function floatToInteger(x: number, mode: "exact" | "floor" | "ceil"): number | bigint | undefined {
  let f = Math.floor(x);
  if (f !== x) {
    if (mode === "exact") return undefined;
    if (mode === "ceil") f += 1;
  }
  if (f >= -TWO63 && f < TWO63) {
    if (f >= -9007199254740991 && f <= 9007199254740991) return f + 0;
    return BigInt(f);
  }
  return undefined;
}

/** Integer value of an integer, or of a float / numeric string with an exact integer value. */
function toIntegerStrict(v: LuaNumber): number | bigint | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : floatToInteger(v, "exact");
  if (typeof v === "bigint") return v;
  return floatToInteger(v.n, "exact");
}

/** lua_tointegerx: integers, integral floats, and strings denoting either ("10", "10.0", "0x10"). */
export function toInteger(v: LuaValue): number | bigint | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  if (typeof v === "bigint") return v;
  if (v instanceof LuaFloat) return floatToInteger(v.n, "exact");
  if (typeof v === "string") {
    const n = stringToNumber(v);
    return n === undefined ? undefined : toIntegerStrict(n);
  }
  return undefined;
}

/** Number value of a number or numeric string (lua_tonumberx / cvt2num), else undefined. */
export function tonumber(v: LuaValue): LuaNumber | undefined {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return v;
  if (typeof v === "string") return stringToNumber(v);
  return undefined;
}

/**
 * forlimit (lvm.c): the integer limit of a numeric for loop with integer init/step. Returns
 * undefined when the limit is not a number (nor a numeric string). `stopNow` means the loop
 * must not run at all (a float limit beyond the integer range on the wrong side).
 */
export function forLimit(limit: LuaValue, step: number | bigint): { limit: number | bigint; stopNow: boolean } | undefined {
  if (typeof limit === "number" && Number.isInteger(limit)) return { limit, stopNow: false };
  const n = tonumber(limit);
  if (n === undefined) return undefined;
  if (typeof n === "number" && Number.isInteger(n)) return { limit: n, stopNow: false };
  if (typeof n === "bigint") return { limit: n, stopNow: false };
  const f = n instanceof LuaFloat ? n.n : n;
  const r = floatToInteger(f, step < 0 ? "ceil" : "floor");
  if (r !== undefined) return { limit: r, stopNow: false };
  if (0 < f) return { limit: 0x7fffffffffffffffn, stopNow: step < 0 };
  return { limit: -0x8000000000000000n, stopNow: step >= 0 };
}
