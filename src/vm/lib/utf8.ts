// The utf8 library of Lua 5.3 (lutf8lib.c). Strings are byte strings (one JS char per byte).
//
// 5.3 limits: utf8.char takes code points 0..0x10FFFF; decoding accepts sequences of up to
// four bytes whose value is at most 0x10FFFF and not overlong (surrogates are accepted).

import { LuaFault } from "../errors.js";
import { NONE } from "../function.js";
import { toInteger } from "../numconv.js";
import { MAX_STACK, type LuaState } from "../state.js";
import { LuaTable } from "../table.js";
import type { LuaValue } from "../value.js";
import { argError, checkInt, checkInteger, checkString } from "./args.js";
import { builtin } from "./base.js";

const MAXUNICODE = 0x10ffff;
const INT_MAX32 = 0x7fffffff;
const CHARPATTERN = "[\x00-\x7F\xC2-\xF4][\x80-\xBF]*";

/** Smallest value that needs `count` continuation bytes, minus one (overlong check). */
const LIMITS = [0xff, 0x7f, 0x7ff, 0xffff];

/** Code point of the last successful utf8Decode. */
let decoded = 0;

/**
 * Decode the sequence starting at byte i (i < s.length): the index after it, or -1 when the
 * bytes are not valid UTF-8 (bytes past the end read as lua's terminating '\0').
 */
function utf8Decode(s: string, i: number): number {
  let c = s.charCodeAt(i);
  if (c < 0x80) {
    decoded = c;
    return i + 1;
  }
  let res = 0;
  let count = 0;
  while (c & 0x40) {
    const cc = s.charCodeAt(i + ++count); // NaN past the end: not a continuation byte
    if ((cc & 0xc0) !== 0x80) return -1;
    res = (res << 6) | (cc & 0x3f);
    c <<= 1;
  }
  if (count > 3) return -1;
  res |= (c & 0x7f) << (count * 5);
  if (res > MAXUNICODE || res <= LIMITS[count]!) return -1;
  decoded = res;
  return i + count + 1;
}

function isCont(s: string, i: number): boolean {
  return (s.charCodeAt(i) & 0xc0) === 0x80; // NaN (the '\0' past the end) is not
}

/** u_posrelat: a negative position counts from the end; too negative becomes 0. */
function posrelat(pos: number, len: number): number {
  if (pos >= 0) return pos;
  if (-pos > len) return 0;
  return len + pos + 1;
}

/** luaO_utf8esc for 0 <= x <= 0x10FFFF, as a byte string. */
function utf8Encode(x: number): string {
  if (x < 0x80) return String.fromCharCode(x);
  if (x < 0x800) return String.fromCharCode(0xc0 | (x >> 6), 0x80 | (x & 0x3f));
  if (x < 0x10000) {
    return String.fromCharCode(0xe0 | (x >> 12), 0x80 | ((x >> 6) & 0x3f), 0x80 | (x & 0x3f));
  }
  return String.fromCharCode(
    0xf0 | (x >> 18),
    0x80 | ((x >> 12) & 0x3f),
    0x80 | ((x >> 6) & 0x3f),
    0x80 | (x & 0x3f),
  );
}

function utfChar1(args: readonly LuaValue[], i: number): string {
  const code = checkInteger(args, i);
  if (!(code >= 0 && code <= MAXUNICODE)) throw argError(i, "value out of range");
  return utf8Encode(code as number);
}

function utfChar(L: LuaState, args: LuaValue[]): LuaValue {
  const n = args.length;
  L.charge(n >> 3);
  if (n === 1) return utfChar1(args, 0);
  let out = "";
  for (let i = 0; i < n; i++) out += utfChar1(args, i);
  return out;
}

function utfLen(L: LuaState, args: LuaValue[]): LuaValue | readonly LuaValue[] {
  const s = checkString(args, 0);
  const len = s.length;
  let posi = posrelat(args[1] === undefined ? 1 : checkInt(args, 1), len);
  let posj = posrelat(args[2] === undefined ? -1 : checkInt(args, 2), len);
  if (!(1 <= posi && --posi <= len)) throw argError(1, "initial position out of string");
  if (!(--posj < len)) throw argError(2, "final position out of string");
  if (posj > posi) L.charge((posj - posi) >> 3);
  let n = 0;
  while (posi <= posj) {
    const next = utf8Decode(s, posi);
    if (next < 0) return [undefined, posi + 1];
    posi = next;
    n++;
  }
  return n;
}

function utfCodepoint(L: LuaState, args: LuaValue[]): LuaValue | readonly LuaValue[] {
  const s = checkString(args, 0);
  const len = s.length;
  const posi = posrelat(args[1] === undefined ? 1 : checkInt(args, 1), len);
  const pose = posrelat(args[2] === undefined ? posi : checkInt(args, 2), len);
  if (!(posi >= 1)) throw argError(1, "out of range");
  if (!(pose <= len)) throw argError(2, "out of range");
  if (posi > pose) return NONE;
  if (pose - posi >= INT_MAX32) throw new LuaFault("string slice too long");
  const n = pose - posi + 1;
  if (L.th.top + 5 > MAX_STACK - n) throw new LuaFault("stack overflow (string slice too long)");
  L.charge(n >> 3);
  if (n === 1) {
    if (utf8Decode(s, posi - 1) < 0) throw new LuaFault("invalid UTF-8 code");
    return decoded;
  }
  const out: LuaValue[] = [];
  for (let p = posi - 1; p < pose;) {
    p = utf8Decode(s, p);
    if (p < 0) throw new LuaFault("invalid UTF-8 code");
    out.push(decoded);
  }
  return out;
}

function utfOffset(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkString(args, 0);
  const len = s.length;
  let n = checkInt(args, 1);
  const def = n >= 0 ? 1 : len + 1;
  let posi = posrelat(args[2] === undefined ? def : checkInt(args, 2), len);
  if (!(1 <= posi && --posi <= len)) throw argError(2, "position out of range");
  const start = posi;
  if (n === 0) {
    // find the beginning of the current byte sequence
    while (posi > 0 && isCont(s, posi)) posi--;
  } else {
    if (isCont(s, posi)) throw new LuaFault("initial position is a continuation byte");
    if (n < 0) {
      while (n < 0 && posi > 0) {
        do {
          posi--;
        } while (posi > 0 && isCont(s, posi));
        n++;
      }
    } else {
      n--; // do not move for the first character
      while (n > 0 && posi < len) {
        do {
          posi++;
        } while (isCont(s, posi));
        n--;
      }
    }
  }
  L.charge(Math.abs(posi - start) >> 3);
  return n === 0 ? posi + 1 : undefined;
}

/** The iterator utf8.codes returns (iter_aux). */
const codesIterator = builtin("?", (_L, args) => {
  const s = checkString(args, 0);
  const len = s.length;
  const ctl = toInteger(args[1]); // lua_tointeger: 0 when not convertible
  let n = (ctl === undefined ? 0 : typeof ctl === "number" ? ctl : ctl > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER) - 1;
  if (n < 0) n = 0;
  else if (n < len) {
    n++; // skip the current byte
    while (isCont(s, n)) n++; // and its continuations
  }
  if (n >= len) return NONE;
  const next = utf8Decode(s, n);
  if (next < 0 || isCont(s, next)) throw new LuaFault("invalid UTF-8 code");
  return [n + 1, decoded];
});

function utfCodes(_L: LuaState, args: LuaValue[]): readonly LuaValue[] {
  const s = checkString(args, 0);
  return [codesIterator, s, 0];
}

export function createUtf8Library(): LuaTable {
  const lib = new LuaTable();
  const fns: Record<string, (L: LuaState, args: LuaValue[]) => LuaValue | readonly LuaValue[]> = {
    offset: utfOffset,
    codepoint: utfCodepoint,
    char: utfChar,
    len: utfLen,
    codes: utfCodes,
  };
  for (const [name, fn] of Object.entries(fns)) lib.setStr(name, builtin(`utf8.${name}`, fn));
  lib.setStr("charpattern", CHARPATTERN);
  return lib;
}
