// The string library (lstrlib.c of Lua 5.3.6): byte char find format gmatch gsub len lower
// match rep reverse sub upper pack packsize unpack. Patterns live in lpattern.ts.
//
// Strings are byte strings (one JS char per byte). Builtins are created once per process;
// createStringLibrary() builds the `string` table (index.ts registers it, with the string
// metatable {__index = string}).
//
// Error messages are lua5.3's. Where this VM has to differ: results longer than V8's string
// limit (MAX_STRING_LENGTH) fail ("resulting string too large" from rep, "not enough memory"
// elsewhere) instead of being built, and string.dump does not exist.

import { LuaFault, LuaRunError } from "../errors.js";
import { LuaBuiltin, NONE, markPure } from "../function.js";
import { chargeAlloc, reserveAlloc, reserveGrowth, SIZE } from "../memory.js";
import { formatFloat, formatNumberSpec, numberToString, type FloatConv } from "../numconv.js";
import { MAX_STACK, typeName, type LuaState } from "../state.js";
import { LuaTable } from "../table.js";
import { isInteger, isNumber, LuaFloat, mkFloat, mkIntBig, type LuaValue } from "../value.js";
import { argError, checkInt, checkInteger, checkNumber, checkString, optInt } from "./args.js";
import { acquireState, MatchState, noSpecials, patternInfo, releaseState } from "./lpattern.js";

/** lstrlib's MAXSIZE on a 64-bit build: INT_MAX. */
const MAXSIZE = 0x7fffffff;
/**
 * The longest string this VM builds (V8's limit, 2^29 - 24). Longer results fail cleanly
 * instead of throwing a JS RangeError.
 */
export const MAX_STRING_LENGTH = 536870888;

function tooLarge(): LuaFault {
  return new LuaFault("resulting string too large");
}

function noMemory(): LuaRunError {
  return new LuaRunError("not enough memory");
}

/** A byte as lua_pushfstring's '%c' shows it: itself when printable, else "<\\code>". */
function fmtChar(c: number): string {
  return c >= 32 && c < 127 ? String.fromCharCode(c) : `<\\${c}>`;
}

// ---------------------------------------------------------------------------------------------
// Budgets. Library work is charged to the instruction budget in proportion to its size: the
// matcher's own count (see lpattern.ts), and one instruction per 16 bytes produced or scanned
// in bulk. Strings longer than a few words are reserved with the memory accountant before
// they are built.

const hooks = new WeakMap<LuaState, (n: number) => void>();

/** The matcher's onStep for a VM (one closure per VM, held weakly). */
function stepHook(L: LuaState): (n: number) => void {
  let h = hooks.get(L);
  if (h === undefined) {
    h = (n: number) => L.charge(n);
    hooks.set(L, h);
  }
  return h;
}

/** Charge and reserve a new string of n bytes built in bulk. */
function bulk(L: LuaState, n: number): void {
  if (n > 64) {
    L.charge(n >> 4);
    reserveAlloc(n + SIZE.string);
  }
}

// ---------------------------------------------------------------------------------------------
// Basic functions

/** A relative string position: negative counts back from the end (0 when before the start). */
function posrelat(pos: number, len: number): number {
  if (pos >= 0) return pos;
  if (-pos > len) return 0;
  return len + pos + 1;
}

function strLen(_L: LuaState, args: LuaValue[]): LuaValue {
  const s = args[0];
  if (typeof s === "string") return s.length;
  return checkString(args, 0).length;
}

function strSub(_L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkString(args, 0);
  const l = s.length;
  let start = posrelat(checkInt(args, 1), l);
  let end = posrelat(optInt(args, 2, -1), l);
  if (start < 1) start = 1;
  if (end > l) end = l;
  if (start > end) return "";
  if (start === 1 && end === l) return s;
  if (end - start >= 64) reserveAlloc(end - start + 1 + SIZE.string);
  return s.slice(start - 1, end);
}

function strByte(L: LuaState, args: LuaValue[]): LuaValue | readonly LuaValue[] {
  const s = checkString(args, 0);
  const l = s.length;
  let posi = posrelat(optInt(args, 1, 1), l);
  let pose = posrelat(args[2] === undefined ? posi : checkInt(args, 2), l);
  if (posi < 1) posi = 1;
  if (pose > l) pose = l;
  if (posi > pose) return NONE;
  const n = pose - posi + 1;
  if (n === 1) return s.charCodeAt(posi - 1);
  if (n >= 0x7fffffff) throw new LuaFault("string slice too long");
  if (L.th.top + n + 5 > MAX_STACK) throw new LuaFault("stack overflow (string slice too long)");
  L.charge(n >> 3);
  const out = new Array<LuaValue>(n);
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(posi - 1 + i);
  return out;
}

function strChar(L: LuaState, args: LuaValue[]): LuaValue {
  const n = args.length;
  const codes = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = args[i];
    let c: number;
    if (typeof v === "number" && Number.isInteger(v)) c = v;
    else {
      const iv = checkInteger(args, i);
      c = typeof iv === "bigint" ? -1 : iv;
    }
    if (c < 0 || c > 255) throw argError(i, "value out of range");
    codes[i] = c;
  }
  bulk(L, n);
  return fromCodes(codes);
}

function fromCodes(codes: number[]): string {
  const n = codes.length;
  if (n <= 8192) return String.fromCharCode.apply(null, codes);
  let out = "";
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode.apply(null, codes.slice(i, i + 8192));
  return out;
}

function strRep(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkString(args, 0);
  const nv = checkInteger(args, 1);
  const sep = args[2] === undefined ? "" : checkString(args, 2);
  if (nv <= 0) return "";
  const l = s.length;
  const lsep = sep.length;
  if (l + lsep === 0) return "";
  // lua5.3: l + lsep > MAXSIZE / n; a bigint n is beyond MAXSIZE anyway
  if (typeof nv === "bigint" || l + lsep > Math.floor(MAXSIZE / nv)) throw tooLarge();
  const n = nv;
  const total = n * l + (n - 1) * lsep;
  if (total > MAX_STRING_LENGTH) throw tooLarge();
  bulk(L, total);
  if (lsep === 0) return s.repeat(n);
  return (s + sep).repeat(n - 1) + s;
}

function strReverse(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkString(args, 0);
  const n = s.length;
  bulk(L, n);
  if (n < 2) return s;
  if (n <= 4096) return s.split("").reverse().join("");
  // long strings: a chunk of codes at a time (no array of n one-char strings)
  const CHUNK = 8192;
  const codes = new Array<number>(CHUNK);
  let out = "";
  for (let done = 0; done < n; done += CHUNK) {
    const m = Math.min(CHUNK, n - done);
    if (m < CHUNK) codes.length = m;
    for (let i = 0; i < m; i++) codes[i] = s.charCodeAt(n - 1 - done - i);
    out += String.fromCharCode.apply(null, codes);
  }
  return out;
}

const NON_ASCII = /[\x80-\xff]/;
const UPPER_RUN = /[A-Z]+/g;
const LOWER_RUN = /[a-z]+/g;

function strLower(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkString(args, 0);
  bulk(L, s.length);
  // C locale: only A-Z change (JS would also fold Latin-1 letters)
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s.replace(UPPER_RUN, (m) => m.toLowerCase());
}

function strUpper(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkString(args, 0);
  bulk(L, s.length);
  if (!NON_ASCII.test(s)) return s.toUpperCase();
  return s.replace(LOWER_RUN, (m) => m.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// find / match / gmatch / gsub

function strFindAux(L: LuaState, args: LuaValue[], find: boolean): LuaValue | readonly LuaValue[] {
  const s = checkString(args, 0);
  const p = checkString(args, 1);
  const ls = s.length;
  let init = posrelat(optInt(args, 2, 1), ls);
  if (init < 1) init = 1;
  else if (init > ls + 1) return undefined; // starts after the end: nothing to find
  if (find) {
    const plain = args[3];
    if ((plain !== undefined && plain !== false) || noSpecials(p)) {
      const i = s.indexOf(p, init - 1);
      const scanned = (i < 0 ? ls : i) - init;
      if (scanned > 256) L.charge(scanned >> 4);
      return i < 0 ? undefined : [i + 1, i + p.length];
    }
  }
  const info = patternInfo(p, true);
  const anchor = info.anchor;
  const pstart = info.pstart;
  const ms = acquireState(s, p, stepHook(L));
  if (info.fc === null) info.fc = ms.firstClass(pstart);
  const fc = info.fc;
  let s1 = init - 1;
  let result: LuaValue | LuaValue[] = undefined;
  do {
    if (fc !== undefined) {
      s1 = ms.skipTo(s1, fc);
      if (s1 >= ls) break; // the first item needs a character: no match from here on
    }
    ms.reprep();
    const e = ms.attempt(s1, pstart);
    if (e !== -1) {
      if (find) {
        if (ms.level === 0) result = [s1 + 1, e];
        else {
          result = ms.captures(s1, e, false);
          result.unshift(s1 + 1, e);
        }
      } else if (ms.level <= 1) result = ms.getCapture(0, s1, e);
      else result = ms.captures(s1, e, true);
      break;
    }
  } while (s1++ < ls && !anchor);
  ms.flush();
  releaseState(ms);
  return result;
}

function strGmatch(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkString(args, 0);
  const p = checkString(args, 1);
  const ls = s.length;
  const ms = new MatchState(s, p, stepHook(L));
  // 5.3: no anchor in gmatch; a leading '^' is an ordinary character
  const info = patternInfo(p, false);
  let src = 0;
  let lastmatch = -1;
  chargeAlloc(SIZE.closure);
  return new LuaBuiltin("?", () => {
    if (info.fc === null) info.fc = ms.firstClass(0);
    const fc = info.fc;
    for (; src <= ls; src++) {
      if (fc !== undefined) {
        src = ms.skipTo(src, fc);
        if (src >= ls) {
          src = ls + 1;
          break;
        }
      }
      ms.reprep();
      const e = ms.attempt(src, 0);
      if (e !== -1 && e !== lastmatch) {
        const start = src;
        src = lastmatch = e;
        ms.flush();
        if (ms.level <= 1) return ms.getCapture(0, start, e);
        return ms.captures(start, e, true);
      }
    }
    ms.flush();
    return NONE;
  });
}

const REPL_STRING = 0;
const REPL_TABLE = 1;
const REPL_FUNCTION = 2;

/** Expand a replacement string holding '%' escapes for the match s..e. */
function expandRepl(L: LuaState, ms: MatchState, news: string, s: number, e: number): string {
  let out = "";
  let last = 0;
  const l = news.length;
  for (let i = news.indexOf("%"); i >= 0 && i < l; i = news.indexOf("%", i)) {
    const c = news.charCodeAt(i + 1);
    let piece: string;
    if (c >= 48 && c <= 57) {
      if (c === 48) piece = ms.src.slice(s, e);
      else {
        const v = ms.getCapture(c - 49, s, e);
        piece = typeof v === "string" ? v : L.tostring(v);
      }
    } else if (c === 37) piece = "%";
    else throw new LuaFault("invalid use of '%' in replacement string");
    if (out.length + (i - last) + piece.length > MAX_STRING_LENGTH) throw noMemory();
    out += news.slice(last, i) + piece;
    i += 2;
    last = i;
  }
  return last === 0 ? news : out + news.slice(last);
}

function strGsub(L: LuaState, args: LuaValue[]): LuaValue | readonly LuaValue[] {
  const src = checkString(args, 0);
  const p = checkString(args, 1);
  const srcl = src.length;
  const repl = args[2];
  let kind = -1;
  let news = "";
  if (typeof repl === "string") {
    kind = REPL_STRING;
    news = repl;
  } else if (isNumber(repl)) {
    kind = REPL_STRING;
    news = numberToString(repl);
  } else if (repl instanceof LuaTable) kind = REPL_TABLE;
  else if (typeName(repl) === "function") kind = REPL_FUNCTION;
  let maxS: number;
  if (args[3] === undefined) maxS = srcl + 1;
  else {
    const m = checkInteger(args, 3);
    maxS = typeof m === "bigint" ? (m > 0n ? Infinity : -1) : m;
  }
  if (kind < 0) throw argError(2, "string/function/table expected");
  const info = patternInfo(p, true);
  const anchor = info.anchor;
  const pstart = info.pstart;
  const ms = acquireState(src, p, stepHook(L));
  const plainRepl = kind === REPL_STRING && news.indexOf("%") < 0;
  let out = "";
  let reserved = 0; // bytes of `out` reported to the memory accountant
  let copied = 0; // subject text before this index is already in `out`
  let s = 0;
  let lastmatch = -1;
  let n = 0;
  while (n < maxS) {
    if (info.fc === null) info.fc = ms.firstClass(pstart);
    const fc = info.fc;
    if (fc !== undefined) {
      s = ms.skipTo(s, fc);
      if (s >= srcl) break;
    }
    ms.reprep();
    const e = ms.attempt(s, pstart);
    if (e !== -1 && e !== lastmatch) {
      n++;
      let piece: string;
      if (plainRepl) piece = news;
      else if (kind === REPL_STRING) piece = expandRepl(L, ms, news, s, e);
      else {
        let v: LuaValue;
        if (kind === REPL_FUNCTION) v = L.call(repl, ms.captures(s, e, true))[0];
        else v = L.index(repl, ms.getCapture(0, s, e));
        if (v === undefined || v === false) piece = src.slice(s, e);
        else if (typeof v === "string") piece = v;
        else if (isNumber(v)) piece = numberToString(v);
        else throw new LuaFault(`invalid replacement value (a ${typeName(v)})`);
      }
      if (out.length + (s - copied) + piece.length > MAX_STRING_LENGTH) throw noMemory();
      out += copied === s ? piece : src.slice(copied, s) + piece;
      s = lastmatch = copied = e;
      if (out.length - reserved > 4096) {
        L.charge((out.length - reserved) >> 4);
        reserveGrowth(out.length, out.length - reserved);
        reserved = out.length;
      }
    } else if (s < srcl) s++;
    else break;
    if (anchor) break;
  }
  ms.flush();
  releaseState(ms);
  if (n === 0) return [src, 0];
  if (out.length + (srcl - copied) > MAX_STRING_LENGTH) throw noMemory();
  if (copied < srcl) out += src.slice(copied);
  L.charge((out.length - reserved) >> 4);
  reserveGrowth(out.length + SIZE.string, out.length - reserved + SIZE.string);
  return [out, n];
}

// ---------------------------------------------------------------------------------------------
// format

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isFlag(c: number): boolean {
  return c === 45 || c === 43 || c === 32 || c === 35 || c === 48; // - + space # 0
}

/** %q of a string: quoted so that Lua reads it back as the same bytes. */
function quoteString(s: string): string {
  let out = '"';
  let last = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92 || c === 10) {
      out += s.slice(last, i) + "\\" + s[i];
      last = i + 1;
    } else if (c < 32 || c === 127) {
      const esc = isDigit(s.charCodeAt(i + 1)) ? String(c).padStart(3, "0") : String(c);
      out += s.slice(last, i) + "\\" + esc;
      last = i + 1;
    } else continue;
    if (out.length + (n - i) > MAX_STRING_LENGTH) throw noMemory();
  }
  if (out.length + (n - last) + 1 > MAX_STRING_LENGTH) throw noMemory();
  return out + s.slice(last) + '"';
}

function quoteLiteral(L: LuaState, args: LuaValue[], arg: number): string {
  const v = args[arg];
  if (typeof v === "string") return quoteString(v);
  if (isNumber(v)) {
    if (isInteger(v)) {
      if (v === -0x8000000000000000n) return "0x8000000000000000";
      return typeof v === "number" ? String(v) : v.toString();
    }
    return formatFloat(v as number | LuaFloat, "a");
  }
  if (v === undefined || typeof v === "boolean") return L.tostring(v);
  throw argError(arg, "value has no literal form");
}

/**
 * %.<p>f of |x| when JS's toFixed gives C's digits: toFixed is exact but rounds a decimal tie
 * up where glibc rounds it to even. A tie needs |x| * 10^p to end in exactly .5, which
 * happens only when the lowest set bit of |x| is worth 2^-(p+1).
 */
function fixedAbs(ax: number, p: number): string | undefined {
  if (!(ax < 1e21) || p > 100) return undefined; // NaN, inf, exponent form
  if (Number.isInteger(ax * 2 ** (p + 1)) && !Number.isInteger(ax * 2 ** p)) {
    // a tie: |x| * 10^p = n + 1/2 exactly, so below 2^52 the product is exact in doubles
    // and the even neighbour is C's answer (x / 8 at two decimals is this case)
    if (p > 15) return undefined;
    const hi = ax * POW10[p]!;
    if (!(hi < 2 ** 52)) return undefined;
    const r = Math.floor(hi);
    return withDecimals(r % 2 === 0 ? r : r + 1, p);
  }
  if (p <= 15) {
    const c = POW10[p]!;
    const hi = ax * c;
    if (hi < 1e15) return fixedSmall(ax, hi, p);
  }
  return ax.toFixed(p);
}

const POW10: number[] = [];
const POW10_HI: number[] = [];
const POW10_LO: number[] = [];
for (let i = 0; i <= 15; i++) {
  const c = 10 ** i;
  POW10.push(c);
  const t = 134217729 * c; // Veltkamp split into 26-bit halves
  const h = t - (t - c);
  POW10_HI.push(h);
  POW10_LO.push(c - h);
}

/**
 * The digits of ax rounded to p decimals, for ax * 10^p = hi < 1e15 and no exact tie: the
 * product is taken exactly as hi + lo (Dekker), so the rounding direction is exact.
 */
function fixedSmall(ax: number, hi: number, p: number): string {
  const t = 134217729 * ax;
  const ah = t - (t - ax);
  const al = ax - ah;
  const ch = POW10_HI[p]!;
  const cl = POW10_LO[p]!;
  const lo = ((ah * ch - hi) + ah * cl + al * ch) + al * cl;
  const r = Math.floor(hi);
  // hi - r is exact; the exact fraction is (hi - r) + lo, compared with one half
  return withDecimals((hi - r - 0.5) + lo > 0 ? r + 1 : r, p);
}

/** The integer k / 10^p written with p decimals. */
function withDecimals(k: number, p: number): string {
  let digits = String(k);
  if (p === 0) return digits;
  if (digits.length <= p) digits = "0".repeat(p + 1 - digits.length) + digits;
  const cut = digits.length - p;
  return digits.slice(0, cut) + "." + digits.slice(cut);
}

/** Pad a number's sign and digits to a width: spaces before or after, or zeros between. */
function padNumber(sign: string, body: string, width: number, left: boolean, zero: boolean): string {
  const n = width - sign.length - body.length;
  if (n <= 0) return sign + body;
  if (left) return sign + body + " ".repeat(n);
  if (zero) return sign + "0".repeat(n) + body;
  return " ".repeat(n) + sign + body;
}

function padText(s: string, width: number, left: boolean): string {
  if (s.length >= width) return s;
  return left ? s + " ".repeat(width - s.length) : " ".repeat(width - s.length) + s;
}

function strFormat(L: LuaState, args: LuaValue[]): LuaValue {
  const fmt = checkString(args, 0);
  const top = args.length;
  const n = fmt.length;
  let arg = 0;
  let out = "";
  let i = 0;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += i === 0 ? fmt : fmt.slice(i);
      break;
    }
    if (pct > i) out += fmt.slice(i, pct);
    i = pct + 1;
    if (fmt.charCodeAt(i) === 37) {
      out += "%";
      i++;
      continue;
    }
    // a conversion: %[flags][width][.precision]conv
    if (++arg >= top) throw argError(arg, "no value");
    const specStart = i;
    while (isFlag(fmt.charCodeAt(i))) i++;
    if (i - specStart >= 6) throw new LuaFault("invalid format (repeated flags)");
    const flagsEnd = i;
    if (isDigit(fmt.charCodeAt(i))) i++;
    if (isDigit(fmt.charCodeAt(i))) i++;
    const widthEnd = i;
    let prec = -1;
    if (fmt.charCodeAt(i) === 46) {
      i++;
      prec = 0;
      if (isDigit(fmt.charCodeAt(i))) prec = fmt.charCodeAt(i++) - 48;
      if (isDigit(fmt.charCodeAt(i))) prec = prec * 10 + fmt.charCodeAt(i++) - 48;
    }
    if (isDigit(fmt.charCodeAt(i))) throw new LuaFault("invalid format (width or precision too long)");
    const conv = i < n ? fmt.charCodeAt(i) : 0;
    const plain = i === specStart; // no flags, width or precision
    i++;
    let item: string;
    switch (conv) {
      case 100: // d
      case 105: { // i
        const v = args[arg];
        const iv = typeof v === "number" && Number.isInteger(v) ? v : checkInteger(args, arg);
        if (plain) {
          item = typeof iv === "number" ? String(iv) : iv.toString();
          break;
        }
        const neg = iv < 0;
        let digits = neg ? (-iv).toString() : iv.toString();
        if (prec >= 0) {
          if (prec === 0 && iv === 0) digits = "";
          else if (digits.length < prec) digits = "0".repeat(prec - digits.length) + digits;
        }
        let left = false, plus = false, space = false, zero = false;
        for (let k = specStart; k < flagsEnd; k++) {
          const c = fmt.charCodeAt(k);
          if (c === 45) left = true;
          else if (c === 43) plus = true;
          else if (c === 32) space = true;
          else if (c === 48) zero = true;
        }
        const width = widthEnd > flagsEnd ? +fmt.slice(flagsEnd, widthEnd) : 0;
        item = padNumber(neg ? "-" : plus ? "+" : space ? " " : "", digits, width, left, zero && prec < 0);
        break;
      }
      case 111: // o
      case 117: // u
      case 120: // x
      case 88: { // X
        const v = args[arg];
        const iv = typeof v === "number" && Number.isInteger(v) ? v : checkInteger(args, arg);
        if (plain && typeof iv === "number" && iv >= 0) {
          // the common case: a bare conversion of a non-negative integer
          item = conv === 117 ? String(iv) : iv.toString(conv === 111 ? 8 : 16);
          if (conv === 88) item = item.toUpperCase();
        } else item = formatNumberSpec("%" + fmt.slice(specStart, i), iv);
        break;
      }
      case 99: { // c
        const iv = checkInteger(args, arg);
        const ch = String.fromCharCode(typeof iv === "number" ? iv & 0xff : Number(iv & 0xffn));
        const width = widthEnd > flagsEnd ? +fmt.slice(flagsEnd, widthEnd) : 0;
        item = padText(ch, width, fmt.slice(specStart, flagsEnd).includes("-"));
        break;
      }
      case 97: // a
      case 65: // A
      case 101: // e
      case 69: // E
      case 102: // f
      case 103: // g
      case 71: { // G
        const v = args[arg];
        const x = typeof v === "number" ? v : checkNumber(args, arg);
        if (conv === 102) {
          // %f: the common cases straight from toFixed
          const xn = typeof x === "number" ? x : typeof x === "bigint" ? Number(x) : x.n;
          const neg = xn < 0 || (xn === 0 && 1 / xn < 0);
          const body = fixedAbs(neg ? -xn : xn, prec < 0 ? 6 : prec);
          if (body !== undefined) {
            let left = false, plus = false, space = false, zero = false, alt = false;
            for (let k = specStart; k < flagsEnd; k++) {
              const c = fmt.charCodeAt(k);
              if (c === 45) left = true;
              else if (c === 43) plus = true;
              else if (c === 32) space = true;
              else if (c === 48) zero = true;
              else alt = true;
            }
            if (!alt) {
              const width = widthEnd > flagsEnd ? +fmt.slice(flagsEnd, widthEnd) : 0;
              item = padNumber(neg ? "-" : plus ? "+" : space ? " " : "", body, width, left, zero);
              break;
            }
          }
        }
        if (flagsEnd === specStart && widthEnd === flagsEnd) {
          // only a precision (or nothing): no padding to apply
          const xv = typeof x === "bigint" ? Number(x) : x;
          item = formatFloat(xv, String.fromCharCode(conv) as FloatConv, prec < 0 ? undefined : prec);
        } else item = formatNumberSpec("%" + fmt.slice(specStart, i), x);
        break;
      }
      case 113: // q
        item = quoteLiteral(L, args, arg);
        break;
      case 115: { // s
        const v = args[arg];
        const str = L.tostring(v);
        if (plain) item = str;
        else {
          if (str.indexOf("\0") >= 0) throw argError(arg, "string contains zeros");
          if (prec < 0 && str.length >= 100) item = str; // too long to format: kept whole
          else {
            const t = prec >= 0 && str.length > prec ? str.slice(0, prec) : str;
            const width = widthEnd > flagsEnd ? +fmt.slice(flagsEnd, widthEnd) : 0;
            item = padText(t, width, fmt.slice(specStart, flagsEnd).includes("-"));
          }
        }
        break;
      }
      default:
        throw new LuaFault(`invalid option '%${fmtChar(conv)}' to 'format'`);
    }
    if (out.length + item.length > MAX_STRING_LENGTH) throw noMemory();
    out += item;
  }
  bulk(L, out.length);
  // out is a tree of pieces (a V8 cons string, several times the size of its text); results
  // are usually kept, so flatten it now: reading a character does (3x less live memory for a
  // table of formatted lines, and as much less for the GC to copy)
  if (out.length > 12) out.charCodeAt(0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// pack / packsize / unpack

const enum K {
  Int,
  Uint,
  Float,
  Char,
  String,
  Zstr,
  Padding,
  Paddalign,
  Nop,
}

const MAXINTSIZE = 16;
const SZINT = 8;
const MAXALIGN = 8;

/** Format reader state: the format is a C string (it ends at its first zero byte). */
class Fmt {
  i = 0;
  readonly end: number;
  little = true;
  maxalign = 1;
  /** results of getOption / getDetails */
  size = 0;
  ntoalign = 0;

  constructor(readonly s: string) {
    const z = s.indexOf("\0");
    this.end = z < 0 ? s.length : z;
  }

  private digitAt(i: number): boolean {
    return i < this.end && isDigit(this.s.charCodeAt(i));
  }

  getNum(df: number): number {
    if (!this.digitAt(this.i)) return df;
    let a = 0;
    do {
      a = a * 10 + (this.s.charCodeAt(this.i++) - 48);
    } while (this.digitAt(this.i) && a <= Math.floor((MAXSIZE - 9) / 10));
    return a;
  }

  getNumLimit(df: number): number {
    const sz = this.getNum(df);
    if (sz > MAXINTSIZE || sz <= 0) {
      throw new LuaFault(`integral size (${sz}) out of limits [1,${MAXINTSIZE}]`);
    }
    return sz;
  }

  /** Read one option; its size goes to this.size. */
  getOption(): K {
    const opt = this.s.charCodeAt(this.i++);
    this.size = 0;
    switch (opt) {
      case 98: this.size = 1; return K.Int; // b
      case 66: this.size = 1; return K.Uint; // B
      case 104: this.size = 2; return K.Int; // h
      case 72: this.size = 2; return K.Uint; // H
      case 108: this.size = 8; return K.Int; // l
      case 76: this.size = 8; return K.Uint; // L
      case 106: this.size = 8; return K.Int; // j
      case 74: this.size = 8; return K.Uint; // J
      case 84: this.size = 8; return K.Uint; // T
      case 102: this.size = 4; return K.Float; // f
      case 100: this.size = 8; return K.Float; // d
      case 110: this.size = 8; return K.Float; // n
      case 105: this.size = this.getNumLimit(4); return K.Int; // i
      case 73: this.size = this.getNumLimit(4); return K.Uint; // I
      case 115: this.size = this.getNumLimit(8); return K.String; // s
      case 99: // c
        this.size = this.getNum(-1);
        if (this.size === -1) throw new LuaFault("missing size for format option 'c'");
        return K.Char;
      case 122: return K.Zstr; // z
      case 120: this.size = 1; return K.Padding; // x
      case 88: return K.Paddalign; // X
      case 32: break;
      case 60: this.little = true; break; // <
      case 62: this.little = false; break; // >
      case 61: this.little = true; break; // = (native: little-endian)
      case 33: this.maxalign = this.getNumLimit(MAXALIGN); break; // !
      default:
        throw new LuaFault(`invalid format option '${fmtChar(opt)}'`);
    }
    return K.Nop;
  }

  /** Read one option with its alignment padding (this.ntoalign) for a total so far. */
  getDetails(total: number): K {
    const opt = this.getOption();
    const size = this.size;
    let align = size;
    if (opt === K.Paddalign) {
      // 'X' takes its alignment from the next option, which is otherwise ignored
      if (this.i >= this.end) throw argError(0, "invalid next option for option 'X'");
      const next = this.getOption();
      align = this.size;
      if (next === K.Char || align === 0) throw argError(0, "invalid next option for option 'X'");
      this.size = size;
    }
    if (align <= 1 || opt === K.Char) this.ntoalign = 0;
    else {
      if (align > this.maxalign) align = this.maxalign;
      if ((align & (align - 1)) !== 0) throw argError(0, "format asks for alignment not power of 2");
      this.ntoalign = (align - (total & (align - 1))) & (align - 1);
    }
    return opt;
  }
}

const ZEROS = "\0".repeat(16);

function zeros(n: number): string {
  return n <= 16 ? ZEROS.slice(0, n) : "\0".repeat(n);
}

/** Bytes of integer n (two's complement, sign-extended past 8 bytes when neg). */
function packInt(n: number | bigint, little: boolean, size: number, neg: boolean): string {
  const bytes = new Array<number>(size);
  if (typeof n === "number" && size <= 4) {
    const u = n >>> 0;
    for (let i = 0; i < size; i++) bytes[little ? i : size - 1 - i] = (u >>> (8 * i)) & 0xff;
  } else {
    let u = BigInt.asUintN(64, BigInt(n));
    for (let i = 0; i < size; i++) {
      let b: number;
      if (i < SZINT) {
        b = Number(u & 0xffn);
        u >>= 8n;
      } else b = neg ? 0xff : 0;
      bytes[little ? i : size - 1 - i] = b;
    }
  }
  return String.fromCharCode.apply(null, bytes);
}

const fbuf = new DataView(new ArrayBuffer(8));

function packFloat(v: number | bigint | LuaFloat, little: boolean, size: number): string {
  const box = v instanceof LuaFloat;
  const x = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : v.n;
  if (size === 4) fbuf.setFloat32(0, x);
  else fbuf.setFloat64(0, x);
  if (x !== x) {
    // a plain NaN is the x86 default NaN (sign set); a boxed one has the sign cleared
    const hi = fbuf.getUint8(0) & 0x7f;
    fbuf.setUint8(0, box ? hi : hi | 0x80);
  }
  let out = "";
  for (let i = 0; i < size; i++) out += String.fromCharCode(fbuf.getUint8(little ? size - 1 - i : i));
  return out;
}

function strPack(L: LuaState, args: LuaValue[]): LuaValue {
  const f = new Fmt(checkString(args, 0));
  // lua pushes a nil mark after the arguments: a missing first value reads as nil
  const av = args.slice();
  av.push(undefined);
  const parts: string[] = [];
  // past MAX_STRING_LENGTH the result cannot be built: keep checking the rest of the format and
  // the arguments (their errors come first, as in lua), then fail for want of memory
  let tooBig = false;
  let total = 0;
  let arg = 0;
  while (f.i < f.end) {
    const opt = f.getDetails(total);
    const size = f.size;
    const ntoalign = f.ntoalign;
    total += ntoalign + size;
    if (ntoalign > 0) parts.push(zeros(ntoalign));
    arg++;
    switch (opt) {
      case K.Int: {
        const v = av[arg];
        const n = typeof v === "number" && Number.isInteger(v) ? v : checkInteger(av, arg);
        if (size < SZINT) {
          const lim = 2 ** (size * 8 - 1);
          if (!(-lim <= n && n < lim)) throw argError(arg, "integer overflow");
        }
        parts.push(packInt(n, f.little, size, n < 0));
        break;
      }
      case K.Uint: {
        const v = av[arg];
        const n = typeof v === "number" && Number.isInteger(v) ? v : checkInteger(av, arg);
        if (size < SZINT && (n < 0 || n >= 2 ** (size * 8))) throw argError(arg, "unsigned overflow");
        parts.push(packInt(n, f.little, size, false));
        break;
      }
      case K.Float: {
        const v = av[arg];
        parts.push(packFloat(typeof v === "number" ? v : checkNumber(av, arg), f.little, size));
        break;
      }
      case K.Char: {
        const s = checkString(av, arg);
        if (s.length > size) throw argError(arg, "string longer than given size");
        if (total > MAX_STRING_LENGTH) tooBig = true;
        if (tooBig) break;
        parts.push(s);
        if (s.length < size) parts.push(zeros(size - s.length));
        break;
      }
      case K.String: {
        const s = checkString(av, arg);
        const len = s.length;
        if (!(size >= 8 || len < 2 ** (size * 8))) {
          throw argError(arg, "string length does not fit in given size");
        }
        parts.push(packInt(len, f.little, size, false), s);
        total += len;
        break;
      }
      case K.Zstr: {
        const s = checkString(av, arg);
        if (s.indexOf("\0") >= 0) throw argError(arg, "string contains zeros");
        parts.push(s, "\0");
        total += s.length + 1;
        break;
      }
      case K.Padding:
        parts.push("\0");
        arg--;
        break;
      default: // Paddalign, Nop
        arg--;
        break;
    }
    if (total > MAX_STRING_LENGTH) tooBig = true;
    if (tooBig) parts.length = 0;
  }
  if (tooBig) throw noMemory();
  L.charge(parts.length >> 2);
  bulk(L, total);
  return parts.join("");
}

function strPacksize(_L: LuaState, args: LuaValue[]): LuaValue {
  const f = new Fmt(checkString(args, 0));
  let total = 0;
  while (f.i < f.end) {
    const opt = f.getDetails(total);
    const size = f.size + f.ntoalign;
    if (!(total <= MAXSIZE - size)) throw argError(0, "format result too large");
    total += size;
    if (opt === K.String || opt === K.Zstr) throw argError(0, "variable-length format");
  }
  return total;
}

function unpackInt(data: string, pos: number, little: boolean, size: number, signed: boolean): number | bigint {
  const limit = size <= SZINT ? size : SZINT;
  if (limit <= 6) {
    let res = 0;
    for (let i = limit - 1; i >= 0; i--) res = res * 256 + data.charCodeAt(pos + (little ? i : size - 1 - i));
    if (signed) {
      const m = 2 ** (size * 8 - 1);
      if (res >= m) res -= 2 * m;
    }
    return res;
  }
  let res = 0n;
  for (let i = limit - 1; i >= 0; i--) {
    res = (res << 8n) | BigInt(data.charCodeAt(pos + (little ? i : size - 1 - i)));
  }
  if (size < SZINT) {
    if (signed) res = BigInt.asIntN(size * 8, res);
  } else {
    res = BigInt.asIntN(64, res);
    if (size > SZINT) {
      // the extra bytes must be a sign (or zero) extension
      const mask = !signed || res >= 0n ? 0 : 0xff;
      for (let i = limit; i < size; i++) {
        if (data.charCodeAt(pos + (little ? i : size - 1 - i)) !== mask) {
          throw new LuaFault(`${size}-byte integer does not fit into Lua Integer`);
        }
      }
    }
  }
  return mkIntBig(res);
}

function unpackFloat(data: string, pos: number, little: boolean, size: number): LuaValue {
  for (let i = 0; i < size; i++) fbuf.setUint8(little ? size - 1 - i : i, data.charCodeAt(pos + i));
  const x = size === 4 ? fbuf.getFloat32(0) : fbuf.getFloat64(0);
  if (x !== x) return (fbuf.getUint8(0) & 0x80) !== 0 ? NaN : new LuaFloat(NaN);
  return mkFloat(x);
}

function strUnpack(L: LuaState, args: LuaValue[]): LuaValue | readonly LuaValue[] {
  const f = new Fmt(checkString(args, 0));
  const data = checkString(args, 1);
  const ld = data.length;
  let pos = posrelat(optInt(args, 2, 1), ld) - 1;
  if (pos < 0 || pos > ld) throw argError(2, "initial position out of string");
  const out: LuaValue[] = [];
  const room = MAX_STACK - L.th.top - 8;
  while (f.i < f.end) {
    const opt = f.getDetails(pos);
    const size = f.size;
    const ntoalign = f.ntoalign;
    if (pos + ntoalign + size > ld) throw argError(1, "data string too short");
    pos += ntoalign;
    if (out.length + 2 > room) throw new LuaFault("stack overflow (too many results)");
    if ((out.length & 15) === 15) L.charge(4);
    switch (opt) {
      case K.Int:
      case K.Uint:
        out.push(unpackInt(data, pos, f.little, size, opt === K.Int));
        break;
      case K.Float:
        out.push(unpackFloat(data, pos, f.little, size));
        break;
      case K.Char:
        out.push(data.slice(pos, pos + size));
        break;
      case K.String: {
        const len = unpackInt(data, pos, f.little, size, false);
        if (typeof len !== "number" || len < 0 || pos + len + size > ld) {
          throw argError(1, "data string too short");
        }
        out.push(data.slice(pos + size, pos + size + len));
        pos += len;
        break;
      }
      case K.Zstr: {
        const z = data.indexOf("\0", pos);
        const len = (z < 0 ? ld : z) - pos;
        out.push(data.slice(pos, pos + len));
        pos += len + 1;
        break;
      }
      default:
        break;
    }
    pos += size;
  }
  out.push(pos + 1);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The library

function b(name: string, fn: (L: LuaState, args: LuaValue[]) => LuaValue | readonly LuaValue[]): LuaBuiltin {
  return new LuaBuiltin("string." + name, fn);
}

const builtins: ReadonlyArray<readonly [string, LuaBuiltin]> = [
  ["byte", b("byte", strByte)],
  ["char", b("char", strChar)],
  ["find", b("find", (L, args) => strFindAux(L, args, true))],
  ["format", b("format", strFormat)],
  ["gmatch", b("gmatch", strGmatch)],
  ["gsub", b("gsub", strGsub)],
  ["len", b("len", strLen)],
  ["lower", b("lower", strLower)],
  ["match", b("match", (L, args) => strFindAux(L, args, false))],
  ["rep", b("rep", strRep)],
  ["reverse", b("reverse", strReverse)],
  ["sub", b("sub", strSub)],
  ["upper", b("upper", strUpper)],
  ["pack", b("pack", strPack)],
  ["packsize", b("packsize", strPacksize)],
  ["unpack", b("unpack", strUnpack)],
];

// argument checks first, then a charge and the result: callable without a frame
markPure(...builtins.filter(([n]) => ["byte", "char", "len", "lower", "rep", "reverse", "sub", "upper"].includes(n)).map(([, f]) => f));

/** A fresh `string` table (the builtins themselves are shared). */
export function createStringLibrary(): LuaTable {
  const lib = new LuaTable();
  for (const [name, fn] of builtins) lib.setStr(name, fn);
  return lib;
}
