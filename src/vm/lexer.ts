// Lexer for Lua 5.3 source held as a byte string (one JS char per byte, 0..255).
//
// It follows llex.c of lua 5.3.6 token for token, including what ends up in the "near ..."
// part of error messages, but works directly on charCodeAt with integer token codes and a
// single current token (plus the one-token lookahead llex offers), so the parser can pull
// tokens without any per-token allocation. Names are interned in a small hash table: every
// occurrence of a name yields the same JS string and an integer id the parser compares
// instead of strings when it resolves scopes.

import { syntaxError, type LuaError } from "./errors.js";
import { LuaFloat, mkFloat, mkIntBig } from "./value.js";

// ---------------------------------------------------------------- token codes
// Single-byte tokens are their byte value; the rest follow lua's ORDER RESERVED.

export const FIRST_RESERVED: number = 257;
export const TK_AND: number = 257;
export const TK_BREAK: number = 258;
export const TK_DO: number = 259;
export const TK_ELSE: number = 260;
export const TK_ELSEIF: number = 261;
export const TK_END: number = 262;
export const TK_FALSE: number = 263;
export const TK_FOR: number = 264;
export const TK_FUNCTION: number = 265;
export const TK_GOTO: number = 266;
export const TK_IF: number = 267;
export const TK_IN: number = 268;
export const TK_LOCAL: number = 269;
export const TK_NIL: number = 270;
export const TK_NOT: number = 271;
export const TK_OR: number = 272;
export const TK_REPEAT: number = 273;
export const TK_RETURN: number = 274;
export const TK_THEN: number = 275;
export const TK_TRUE: number = 276;
export const TK_UNTIL: number = 277;
export const TK_WHILE: number = 278;
export const TK_IDIV: number = 279;
export const TK_CONCAT: number = 280;
export const TK_DOTS: number = 281;
export const TK_EQ: number = 282;
export const TK_GE: number = 283;
export const TK_LE: number = 284;
export const TK_NE: number = 285;
export const TK_SHL: number = 286;
export const TK_SHR: number = 287;
export const TK_DBCOLON: number = 288;
export const TK_EOS: number = 289;
export const TK_FLT: number = 290;
export const TK_INT: number = 291;
export const TK_NAME: number = 292;
export const TK_STRING: number = 293;
/** One more than the largest token code (size for token-indexed tables). */
export const NUM_TOKENS: number = 294;

const NUM_RESERVED = 22;
const TOKEN_NAMES = [
  "and", "break", "do", "else", "elseif",
  "end", "false", "for", "function", "goto", "if",
  "in", "local", "nil", "not", "or", "repeat",
  "return", "then", "true", "until", "while",
  "//", "..", "...", "==", ">=", "<=", "~=",
  "<<", ">>", "::", "<eof>",
  "<number>", "<integer>", "<name>", "<string>",
];

/** luaX_token2str: how a token is shown in messages ("'x'", "'<\1>'", "<eof>", "<name>"...). */
export function token2str(token: number): string {
  if (token < FIRST_RESERVED) {
    if (token >= 32 && token <= 126) return `'${String.fromCharCode(token)}'`;
    return `'<\\${token}>'`;
  }
  const s = TOKEN_NAMES[token - FIRST_RESERVED]!;
  return token < TK_EOS ? `'${s}'` : s;
}

// ---------------------------------------------------------------- character classes (lctype)

const C_ALPHA = 1; // letters and '_' (lislalpha)
const C_DIGIT = 2;
const C_XDIGIT = 4;
const C_SPACE = 8; // lisspace: ' ' \t \n \v \f \r
const C_ALNUM = 16; // lislalnum

const CLS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  let k = 0;
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  if (alpha) k |= C_ALPHA | C_ALNUM;
  if (digit) k |= C_DIGIT | C_ALNUM | C_XDIGIT;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) k |= C_XDIGIT;
  if (c === 32 || (c >= 9 && c <= 13)) k |= C_SPACE;
  CLS[c] = k;
}

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** lua's MAX_INT: the line counter limit ("chunk has too many lines"). */
const MAX_INT = 2147483647;

// ---------------------------------------------------------------- numerals (luaO_str2num)

export type LuaNumber = number | bigint | LuaFloat;

function isSpaceCode(c: number): boolean {
  return c < 256 && (CLS[c]! & C_SPACE) !== 0;
}

const POW2_BUF = new DataView(new ArrayBuffer(8));
/** Exactly 2^e for -1074 <= e <= 1023. */
export function pow2(e: number): number {
  if (e >= -1022) {
    POW2_BUF.setUint32(0, (e + 1023) << 20);
    POW2_BUF.setUint32(4, 0);
    return POW2_BUF.getFloat64(0);
  }
  // subnormal: 2^-1022 * 2^(e+1022), both exact and the product is representable
  POW2_BUF.setUint32(0, (e + 1022 + 1023) << 20);
  POW2_BUF.setUint32(4, 0);
  return 2.2250738585072014e-308 * POW2_BUF.getFloat64(0);
}

function bitLength(m: bigint): number {
  return m.toString(2).length;
}

/** m * 2^e rounded to the nearest double (ties to even), as glibc's strtod does for hex floats. */
function scaleRound(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const bl = bitLength(m);
  const top = bl - 1 + e; // floor(log2(value))
  if (top > 1023) return Infinity;
  if (top < -1076) return 0;
  const lowest = Math.max(top - 52, -1074); // weight of the last bit we can keep
  const shift = lowest - e;
  if (shift <= 0) return Number(m) * pow2(e);
  const sh = BigInt(shift);
  let q = m >> sh;
  const r = m - (q << sh);
  const half = 1n << (sh - 1n);
  if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
  if (q === 0n) return 0;
  const v = Number(q) * pow2(lowest);
  return v;
}

/** A hex float body s[i..end): hexdigits [. hexdigits] [p [+-] digits], as strtod reads it (undefined if malformed). */
function strx2number(s: string, i: number, end: number): number | undefined {
  let mant = "";
  let any = false;
  let frac = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (seenDot) break;
      seenDot = true;
    } else if (c < 256 && CLS[c]! & C_XDIGIT) {
      any = true;
      if (mant.length > 0 || c !== 48) mant += s[i];
      if (seenDot) frac++;
    } else break;
  }
  if (!any) return undefined;
  let exp = 0;
  if (i < end && (s.charCodeAt(i) | 32) === 112) {
    let j = i + 1;
    let neg = false;
    if (j < end && (s.charCodeAt(j) === 43 || s.charCodeAt(j) === 45)) {
      neg = s.charCodeAt(j) === 45;
      j++;
    }
    const ds = j;
    while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
      if (exp < 1e9) exp = exp * 10 + (s.charCodeAt(j) - 48);
      j++;
    }
    if (j > ds) {
      i = j;
      if (neg) exp = -exp;
    } else exp = 0; // 'p' without digits: strtod stops before the 'p'
  }
  if (i !== end) return undefined;
  if (mant.length === 0) return 0;
  const e = exp - 4 * frac;
  if (mant.length <= 13 && e >= -1074 && e <= 1023) {
    // mantissa exact in a double, 2^e exact: one correctly rounded multiplication
    return parseInt(mant, 16) * pow2(e);
  }
  return scaleRound(BigInt("0x" + mant), e);
}

/** A decimal float body s[i..end): digits [. digits] [e [+-] digits], as strtod reads it. */
function str2d(s: string, i: number, end: number): number | undefined {
  const start = i;
  let digits = 0;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  if (i < end && s.charCodeAt(i) === 46) {
    i++;
    while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  }
  if (digits === 0) return undefined;
  if (i < end && (s.charCodeAt(i) | 32) === 101) {
    let j = i + 1;
    if (j < end && (s.charCodeAt(j) === 43 || s.charCodeAt(j) === 45)) j++;
    const ds = j;
    while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j > ds) i = j; // else strtod stops before the 'e' (and we fail below)
  }
  if (i !== end) return undefined;
  return Number(s.slice(start, end));
}

/**
 * luaO_str2num of lua 5.3.6: the numeric value of a whole string (surrounding whitespace and a
 * sign allowed), an integer when it is written as one and fits (hex integers wrap modulo 2^64),
 * otherwise a float; undefined when the string is not a numeral. Also used by the lexer on the
 * text of a numeral.
 */
export function str2number(s: string): LuaNumber | undefined {
  let end = s.length;
  let i = 0;
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;
  if (i >= end) return undefined;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 45) { neg = true; i++; } else if (c0 === 43) i++;
  if (i >= end) return undefined;
  const isHex = s.charCodeAt(i) === 48 && i + 1 < end && (s.charCodeAt(i + 1) | 32) === 120;
  // l_str2int
  if (isHex) {
    let j = i + 2;
    while (j < end && s.charCodeAt(j) < 256 && CLS[s.charCodeAt(j)]! & C_XDIGIT) j++;
    if (j === end && j > i + 2) {
      let k = i + 2;
      while (k < end - 1 && s.charCodeAt(k) === 48) k++;
      if (end - k <= 13) {
        const v = parseInt(s.slice(k, end), 16);
        return neg ? 0 - v : v;
      }
      let b = BigInt("0x" + s.slice(k, end));
      if (neg) b = -b;
      return mkIntBig(b);
    }
  } else {
    let j = i;
    while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j === end) {
      if (end - i <= 15) {
        let v = 0;
        for (let k = i; k < end; k++) v = v * 10 + (s.charCodeAt(k) - 48);
        return neg ? 0 - v : v;
      }
      let b = BigInt(s.slice(i, end));
      if (neg) b = -b;
      if (b >= -0x8000000000000000n && b <= 0x7fffffffffffffffn) return mkIntBig(b);
      // overflow: falls through to the float conversion
    }
  }
  // l_str2d: reject 'inf'/'nan' (any 'n'), hex mode when an 'x' comes first
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k) | 32;
    if (c === 110) return undefined;
    if (c === 120 || c === 46) break;
  }
  let v: number | undefined;
  if (isHex) v = strx2number(s, i + 2, end);
  else v = str2d(s, i, end);
  if (v === undefined) return undefined;
  return mkFloat(neg ? -v : v);
}

// ---------------------------------------------------------------- the lexer

/** Append the UTF-8 encoding of x (<= 0x10FFFF) to b at n, as luaO_utf8esc does; returns new n. */
function utf8esc(b: Uint8Array, n: number, x: number): number {
  if (x < 0x80) {
    b[n] = x;
    return n + 1;
  }
  const tmp: number[] = [];
  let mfb = 0x3f; // maximum that fits in first byte
  do {
    tmp.push(0x80 | (x & 0x3f));
    x >>>= 6;
    mfb >>= 1;
  } while (x > mfb);
  b[n++] = ((~mfb << 1) & 0xff) | x;
  for (let i = tmp.length - 1; i >= 0; i--) b[n++] = tmp[i]!;
  return n;
}


// Name hashes are FNV-1a from a seed chosen at random per process: the name table is shared
// by all the chunks compiled (see NameTable), and a script must not be able to craft names that
// all land in one probe sequence and slow down the compilation of everybody else's code.
const HASH_SEED = (Math.random() * 0x100000000) | 0;

function hashChar(h: number, c: number): number {
  return Math.imul(h ^ c, 16777619);
}

function hashString(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = hashChar(h, s.charCodeAt(i));
  return h;
}

function slotOf(h: number, mask: number): number {
  return (h ^ (h >>> 15)) & mask;
}

// Names every lexer knows from the start, with fixed ids: the reserved words (ids 0..21 in
// ORDER RESERVED), then names the parser needs.
/** Name id of the reserved word "break" (lua resolves 'break' as a goto to this label). */
export const ID_BREAK = 1;
export const ID_ENV = NUM_RESERVED;
export const ID_SELF = NUM_RESERVED + 1;
/** Ids of lua's internal for-loop variables: "(for index)", "(for limit)", "(for step)",
 *  "(for generator)", "(for state)", "(for control)". */
export const ID_FOR = NUM_RESERVED + 2;
const PREDEFINED = [
  ...TOKEN_NAMES.slice(0, NUM_RESERVED),
  "_ENV", "self",
  "(for index)", "(for limit)", "(for step)", "(for generator)", "(for state)", "(for control)",
];

// ---------------------------------------------------------------- the name table
//
// One table interns the names of all chunks: every occurrence of a name, in any chunk, is the
// same JS string with the same integer id, which the parser and the compiler compare instead of
// strings. Sharing it saves building a table per chunk (most chunks are small, and most of their
// names have been seen before). It only grows; once it holds NAME_TABLE_MAX names a lexer starts
// a new one (trees made earlier keep the names array of the old one).

const NAME_TABLE_MAX = 1 << 16;

class NameTable {
  /** Open-addressing hash table of name ids + 1 (0: empty slot). */
  tab = new Int32Array(1024);
  mask = 1023;
  /** id -> the name's string. */
  readonly names: string[] = [];
  readonly hashes: number[] = [];
  /** id -> TK_NAME or the reserved word's token. */
  readonly toks: number[] = [];

  constructor() {
    for (const s of PREDEFINED) this.intern(s);
    for (let id = 0; id < NUM_RESERVED; id++) this.toks[id] = FIRST_RESERVED + id;
  }

  /** Id of a name given as a string (interning it if new). */
  intern(s: string): number {
    const h = hashString(s);
    const mask = this.mask;
    let i = slotOf(h, mask);
    for (;;) {
      const e = this.tab[i]!;
      if (e === 0) break;
      const id = e - 1;
      if (this.hashes[id] === h && this.names[id] === s) return id;
      i = (i + 1) & mask;
    }
    return this.add(s, h, i);
  }

  /** Add a name whose hash is h at the empty slot where its probe ended. */
  add(s: string, h: number, slot: number): number {
    // A slice of 13 chars or more is a view of the whole source: the table must not keep that
    // alive, so it keeps a copy (slicing a concatenation copies).
    if (s.length >= 13) s = (" " + s).slice(1);
    const id = this.names.length;
    this.names.push(s);
    this.hashes.push(h);
    this.toks.push(TK_NAME);
    this.tab[slot] = id + 1;
    if (this.names.length * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const tab = new Int32Array(size);
    for (let id = 0; id < this.names.length; id++) {
      let i = slotOf(this.hashes[id]!, mask);
      while (tab[i] !== 0) i = (i + 1) & mask;
      tab[i] = id + 1;
    }
    this.tab = tab;
    this.mask = mask;
  }
}

let sharedNames = new NameTable();

/** The byte buffer lexers build string literal values in (lexing never nests, so one will
 *  do): grown as needed, and kept unless it grew very large. */
let sharedBytes = new Uint8Array(256);
const SHARED_BYTES_MAX = 1 << 20;

export class Lexer {
  readonly src: string;
  readonly len: number;
  /** Display name used in messages ("input" gives "input:1: ..."). */
  readonly chunk: string;
  /** Whether the source has a '\r' (else only '\n' can end a line). */
  private readonly hasCR: boolean;

  /** Offset of the next unread byte. */
  pos = 0;
  /** lua's ls->linenumber: the line the lexer is on (after the last token read). */
  line = 1;
  /** Offset of the first byte of the current line (columns are pos - lineStart + 1). */
  lineStart = 0;

  // ---- current token
  t = 0;
  /** Value of a TK_NAME (interned) or TK_STRING token. */
  sv = "";
  /** Value of a TK_INT / TK_FLT token. */
  nv: LuaNumber = 0;
  /** Name id of a TK_NAME token (see nameOf). */
  id = -1;
  /** Line and column where the token starts. */
  tLine = 1;
  tCol = 1;
  /** Source span of the token. */
  tStart = 0;
  tEnd = 0;
  /** After a lexical error: the end of the text its "near" part quotes (-1 when it quotes none). */
  errEnd = -1;

  // ---- lookahead token (la < 0: none)
  private la = -1;
  private laSv = "";
  private laNv: LuaNumber = 0;
  private laId = -1;
  private laLine = 1;
  private laCol = 1;
  private laStart = 0;
  private laEnd = 0;

  // ---- names (see NameTable)
  private readonly nameTable: NameTable;
  /** id -> the name's string. */
  readonly names: string[];

  constructor(src: string, chunk: string) {
    // A source built by concatenation is a rope; reading it char by char is much slower than
    // reading a flat string, and join() always produces a flat one.
    if (src.length > 4096) src = [src.slice(0, src.length >> 1), src.slice(src.length >> 1)].join("");
    this.src = src;
    this.len = src.length;
    this.hasCR = src.indexOf("\r") >= 0;
    this.chunk = chunk;
    if (sharedNames.names.length >= NAME_TABLE_MAX) sharedNames = new NameTable();
    this.nameTable = sharedNames;
    this.names = sharedNames.names;
  }

  // ---------------------------------------------------------------- names

  /** Id of a name given as a string (interning it if new). */
  intern(s: string): number {
    return this.nameTable.intern(s);
  }

  /** Read a name starting at pos (its first char already known to be alphabetic). */
  private readName(pos: number): void {
    const src = this.src;
    const len = this.len;
    const start = pos;
    let h = hashChar(HASH_SEED, src.charCodeAt(pos++));
    while (pos < len) {
      const c = src.charCodeAt(pos);
      if (c > 127 || (CLS[c]! & C_ALNUM) === 0) break;
      h = hashChar(h, c);
      pos++;
    }
    const n = pos - start;
    const nt = this.nameTable;
    const mask = nt.mask;
    const tab = nt.tab;
    const names = nt.names;
    const hashes = nt.hashes;
    let i = slotOf(h, mask);
    let id: number;
    for (;;) {
      const e = tab[i]!;
      if (e === 0) {
        id = nt.add(src.slice(start, pos), h, i);
        break;
      }
      const cand = e - 1;
      if (hashes[cand] === h) {
        const s = names[cand]!;
        if (s.length === n) {
          let k = 0;
          while (k < n && s.charCodeAt(k) === src.charCodeAt(start + k)) k++;
          if (k === n) {
            id = cand;
            break;
          }
        }
      }
      i = (i + 1) & mask;
    }
    this.pos = pos;
    this.tEnd = pos;
    this.t = nt.toks[id]!;
    this.id = id;
    this.sv = names[id]!;
  }

  // ---------------------------------------------------------------- errors

  /** Throw a syntax error "chunk:line: msg [near ...]" at the lexer's current line. */
  protected fail(msg: string, near: string | null, col: number): never {
    let m = `${this.chunk}:${this.line}: ${msg}`;
    if (near !== null) m += ` near ${near}`;
    const e: LuaError = syntaxError(m, this.chunk, this.line, col);
    e.source = this.src;
    throw e;
  }

  /** Column to blame for an error about the token being read, given the failing offset. */
  protected errCol(pos: number): number {
    return this.tLine === this.line ? this.tCol : pos - this.lineStart + 1;
  }

  /** End of the text an escape error quotes when it shows the byte at pos too (not a newline). */
  private quotedEnd(pos: number): number {
    if (pos >= this.len) return pos;
    const c = this.src.charCodeAt(pos);
    return c === 10 || c === 13 ? pos : pos + 1;
  }

  /** lexerror with the contents of llex's buffer (as lua shows it: cut at a '\0'). The quoted
   *  text ends where reading stopped (pos), or after the byte there when `withByte` (escapes). */
  private lexFail(msg: string, buf: string, pos: number, withByte = false): never {
    this.errEnd = withByte ? this.quotedEnd(pos) : pos;
    const z = buf.indexOf("\0");
    if (z >= 0) buf = buf.slice(0, z);
    this.fail(msg, `'${buf}'`, this.errCol(pos));
  }

  /**
   * What llex's buffer holds for the most recently read token (the lookahead if one is pending),
   * which is what lua shows for names, strings and numerals in "near" messages.
   */
  protected bufText(): string {
    const pending = this.la >= 0;
    const tok = pending ? this.la : this.t;
    const start = pending ? this.laStart : this.tStart;
    const end = pending ? this.laEnd : this.tEnd;
    const src = this.src;
    switch (tok) {
      case TK_NAME: case TK_INT: case TK_FLT:
        return src.slice(start, end);
      case TK_STRING: {
        const sv = pending ? this.laSv : this.sv;
        const d = src.charCodeAt(start);
        if (d === 91) {
          let k = start + 1;
          while (src.charCodeAt(k) === 61) k++;
          const eqs = src.slice(start + 1, k);
          return `[${eqs}[${sv}]${eqs}]`;
        }
        return src[start]! + sv + src[start]!;
      }
      case 46: case TK_CONCAT: case TK_DOTS:
        return ".";
      case 91:
        return "[";
      default:
        if (tok >= FIRST_RESERVED && tok <= TK_WHILE) return src.slice(start, end); // reserved word
        return "";
    }
  }

  /** txtToken: the "near" text for a token. */
  protected txtToken(token: number): string {
    switch (token) {
      case TK_NAME: case TK_STRING: case TK_FLT: case TK_INT: {
        let b = this.bufText();
        const z = b.indexOf("\0");
        if (z >= 0) b = b.slice(0, z);
        return `'${b}'`;
      }
      default:
        return token2str(token);
    }
  }

  // ---------------------------------------------------------------- token stream

  /** luaX_next: advance to the next token. */
  next(): void {
    if (this.la >= 0) {
      this.t = this.la;
      this.sv = this.laSv;
      this.nv = this.laNv;
      this.id = this.laId;
      this.tLine = this.laLine;
      this.tCol = this.laCol;
      this.tStart = this.laStart;
      this.tEnd = this.laEnd;
      this.la = -1;
      return;
    }
    this.lex();
  }

  /** luaX_lookahead: read the token after the current one without consuming it. */
  lookahead(): number {
    const t = this.t, sv = this.sv, nv = this.nv, id = this.id;
    const tl = this.tLine, tc = this.tCol, ts = this.tStart, te = this.tEnd;
    this.lex();
    this.la = this.t;
    this.laSv = this.sv;
    this.laNv = this.nv;
    this.laId = this.id;
    this.laLine = this.tLine;
    this.laCol = this.tCol;
    this.laStart = this.tStart;
    this.laEnd = this.tEnd;
    this.t = t; this.sv = sv; this.nv = nv; this.id = id;
    this.tLine = tl; this.tCol = tc; this.tStart = ts; this.tEnd = te;
    return this.la;
  }

  /**
   * Move to offset pos (which must be where a token may start) on line `line` whose first byte
   * is at lineStart, dropping any lookahead; the next next() reads the token there. For the
   * recovering parse of diagnostics (parser.ts), which re-reads and skips tokens.
   */
  seek(pos: number, line: number, lineStart: number): void {
    this.pos = pos;
    this.line = line;
    this.lineStart = lineStart;
    this.la = -1;
  }

  /** inclinenumber: skip the newline sequence at pos (\n, \r, \r\n or \n\r); returns the new pos. */
  private newline(pos: number): number {
    const c = this.src.charCodeAt(pos++);
    if (pos < this.len) {
      const d = this.src.charCodeAt(pos);
      if ((d === 10 || d === 13) && d !== c) pos++;
    }
    if (++this.line >= MAX_INT) {
      this.pos = pos;
      this.fail("chunk has too many lines", null, 1);
    }
    this.lineStart = pos;
    return pos;
  }

  /** llex: read one token into the current-token fields. */
  private lex(): void {
    const src = this.src;
    const len = this.len;
    let pos = this.pos;
    let c = 0;
    for (;;) {
      // whitespace and newlines
      for (;;) {
        if (pos >= len) {
          this.t = TK_EOS;
          this.tLine = this.line;
          this.tCol = pos - this.lineStart + 1;
          this.tStart = this.tEnd = this.pos = pos;
          return;
        }
        c = src.charCodeAt(pos);
        if (c === 32 || c === 9 || c === 11 || c === 12) pos++;
        else if (c === 10 || c === 13) pos = this.newline(pos);
        else break;
      }
      // comments
      if (c === 45 && pos + 1 < len && src.charCodeAt(pos + 1) === 45) {
        pos += 2;
        if (pos < len && src.charCodeAt(pos) === 91) {
          // long comment?
          let k = pos + 1;
          while (k < len && src.charCodeAt(k) === 61) k++;
          if (k < len && src.charCodeAt(k) === 91) {
            this.tLine = this.line;
            this.tCol = pos - 2 - this.lineStart + 1;
            this.tStart = pos - 2;
            pos = this.readLong(k + 1, k - pos - 1, true);
            continue;
          }
          pos = k;
        }
        pos = this.skipToLineEnd(pos);
        continue;
      }
      break;
    }

    this.tLine = this.line;
    this.tCol = pos - this.lineStart + 1;
    this.tStart = pos;

    if (c < 128 && CLS[c]! & C_ALPHA) {
      this.readName(pos);
      return;
    }
    switch (c) {
      case 48: case 49: case 50: case 51: case 52:
      case 53: case 54: case 55: case 56: case 57:
        this.readNumeral(pos, pos);
        return;
      case 34: case 39:
        this.readString(pos, c);
        return;
      case 46: { // '.', '..', '...' or a numeral
        const d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
        if (d === 46) {
          if (pos + 2 < len && src.charCodeAt(pos + 2) === 46) return this.tok(TK_DOTS, pos + 3);
          return this.tok(TK_CONCAT, pos + 2);
        }
        if (d >= 48 && d <= 57) {
          this.readNumeral(pos, pos + 1);
          return;
        }
        return this.tok(46, pos + 1);
      }
      case 91: { // '[' or a long string
        let k = pos + 1;
        while (k < len && src.charCodeAt(k) === 61) k++;
        if (k < len && src.charCodeAt(k) === 91) {
          this.readLong(k + 1, k - pos - 1, false);
          return;
        }
        if (k > pos + 1) {
          this.pos = k;
          this.lexFail("invalid long string delimiter", src.slice(pos, k), k);
        }
        return this.tok(91, pos + 1);
      }
      case 61: // '=' '=='
        if (pos + 1 < len && src.charCodeAt(pos + 1) === 61) return this.tok(TK_EQ, pos + 2);
        return this.tok(61, pos + 1);
      case 60: { // '<' '<=' '<<'
        const d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
        if (d === 61) return this.tok(TK_LE, pos + 2);
        if (d === 60) return this.tok(TK_SHL, pos + 2);
        return this.tok(60, pos + 1);
      }
      case 62: { // '>' '>=' '>>'
        const d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
        if (d === 61) return this.tok(TK_GE, pos + 2);
        if (d === 62) return this.tok(TK_SHR, pos + 2);
        return this.tok(62, pos + 1);
      }
      case 47: // '/' '//'
        if (pos + 1 < len && src.charCodeAt(pos + 1) === 47) return this.tok(TK_IDIV, pos + 2);
        return this.tok(47, pos + 1);
      case 126: // '~' '~='
        if (pos + 1 < len && src.charCodeAt(pos + 1) === 61) return this.tok(TK_NE, pos + 2);
        return this.tok(126, pos + 1);
      case 58: // ':' '::'
        if (pos + 1 < len && src.charCodeAt(pos + 1) === 58) return this.tok(TK_DBCOLON, pos + 2);
        return this.tok(58, pos + 1);
      default: // any other byte is a single-char token (a char above 255 is no byte: say 0xFF)
        return this.tok(c > 255 ? 255 : c, pos + 1);
    }
  }

  /** Offset of the newline ending the line that pos is on (or of the end of the source). */
  private skipToLineEnd(pos: number): number {
    const src = this.src;
    if (!this.hasCR) {
      // indexOf scans far faster than a loop; without '\r' in the source only '\n' ends a line
      const e = src.indexOf("\n", pos);
      return e < 0 ? this.len : e;
    }
    const len = this.len;
    while (pos < len) {
      const c = src.charCodeAt(pos);
      if (c === 10 || c === 13) break;
      pos++;
    }
    return pos;
  }

  private tok(t: number, end: number): void {
    this.t = t;
    this.pos = end;
    this.tEnd = end;
  }

  /**
   * read_numeral: lua reads greedily over hex digits, '.', and exponent marks followed by an
   * optional sign, then converts the whole text (failing with "malformed number").
   * start: where the token starts ('.' or a digit); pos: the first digit.
   */
  private readNumeral(start: number, pos: number): void {
    const src = this.src;
    const len = this.len;
    const first = src.charCodeAt(pos++);
    let expo = 101; // 'e' (compared after |32)
    let simple = start === pos - 1; // only decimal digits so far
    let v = first - 48;
    if (first === 48 && pos < len && (src.charCodeAt(pos) | 32) === 120) {
      pos++;
      expo = 112; // 'p'
      simple = false;
    }
    for (;;) {
      if (pos >= len) break;
      let c = src.charCodeAt(pos);
      if ((c | 32) === expo) {
        simple = false;
        pos++;
        if (pos >= len) break;
        c = src.charCodeAt(pos);
        if (c === 43 || c === 45) {
          pos++;
          if (pos >= len) break;
          c = src.charCodeAt(pos);
        }
      }
      if (c < 128 && CLS[c]! & C_XDIGIT) {
        if (simple) {
          if (c <= 57) v = v * 10 + (c - 48);
          else simple = false;
        }
        pos++;
      } else if (c === 46) {
        simple = false;
        pos++;
      } else break;
    }
    this.pos = pos;
    this.tEnd = pos;
    if (simple && pos - start <= 15) {
      this.t = TK_INT;
      this.nv = v;
      return;
    }
    const text = src.slice(start, pos);
    const n = str2number(text);
    if (n === undefined) this.lexFail("malformed number", text, pos);
    this.nv = n;
    this.t = typeof n === "number" ? (Number.isInteger(n) ? TK_INT : TK_FLT) : typeof n === "bigint" ? TK_INT : TK_FLT;
  }

  // ---- byte buffer for string literals that are not a plain slice of the source
  private buf: Uint8Array = sharedBytes;

  /** Make room for at least n + extra bytes, keeping the first n. */
  private growBuf(n: number, extra: number): Uint8Array {
    let size = this.buf.length * 2;
    while (size < n + extra) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, n));
    this.buf = b;
    if (size <= SHARED_BYTES_MAX) sharedBytes = b;
    return b;
  }

  /** Append src[from..to) to the buffer holding n bytes; returns the new length. */
  private copyToBuf(n: number, from: number, to: number): number {
    let b = this.buf;
    if (n + (to - from) > b.length) b = this.growBuf(n, to - from);
    const src = this.src;
    for (let i = from; i < to; i++) b[n++] = src.charCodeAt(i);
    return n;
  }

  /** The first n bytes of the buffer as a byte string. */
  private bufString(n: number): string {
    const b = this.buf;
    if (n <= 4096) return String.fromCharCode.apply(null, b.subarray(0, n) as unknown as number[]);
    const parts: string[] = [];
    for (let i = 0; i < n; i += 4096) {
      parts.push(String.fromCharCode.apply(null, b.subarray(i, Math.min(n, i + 4096)) as unknown as number[]));
    }
    return parts.join("");
  }

  /**
   * read_long_string from just after the opening '[=*['; sep is the number of '='.
   * Sets a TK_STRING token unless it is a comment. Returns the position after the closing bracket.
   * lua stores every newline sequence (\n, \r, \r\n, \n\r) as one '\n': the value is a slice of
   * the source unless a '\r' is involved, in which case it is rebuilt in the byte buffer.
   */
  private readLong(pos: number, sep: number, isComment: boolean): number {
    const src = this.src;
    const len = this.len;
    const startLine = this.line;
    if (pos < len) {
      const c = src.charCodeAt(pos);
      if (c === 10 || c === 13) pos = this.newline(pos);
    }
    const contentStart = pos;
    let n = -1; // bytes in the buffer, -1 while the value is still a plain slice
    let chunkStart = pos;
    for (;;) {
      // fast scan for ']' or a newline
      let c = 0;
      while (pos < len) {
        c = src.charCodeAt(pos);
        if (c === 93 || c === 10 || c === 13) break;
        pos++;
      }
      if (pos >= len) {
        this.pos = pos;
        const what = isComment ? "comment" : "string";
        this.fail(`unfinished long ${what} (starting at line ${startLine})`, "<eof>", this.errCol(pos));
      }
      if (c === 93) {
        let k = pos + 1;
        while (k < len && src.charCodeAt(k) === 61) k++;
        if (k < len && src.charCodeAt(k) === 93 && k - pos - 1 === sep) {
          if (!isComment) {
            this.t = TK_STRING;
            if (n < 0) this.sv = src.slice(contentStart, pos);
            else this.sv = this.bufString(this.copyToBuf(n, chunkStart, pos));
            this.tEnd = k + 1;
            this.pos = k + 1;
          }
          return k + 1;
        }
        pos = k; // ']' and '=' are content
        continue;
      }
      if (!isComment && (c === 13 || (pos + 1 < len && src.charCodeAt(pos + 1) === 13))) {
        n = this.copyToBuf(n < 0 ? 0 : n, chunkStart, pos);
        if (n + 1 > this.buf.length) this.growBuf(n, 1);
        this.buf[n++] = 10;
        pos = this.newline(pos);
        chunkStart = pos;
      } else {
        pos = this.newline(pos); // a lone "\n" is stored as is
      }
    }
  }

  /** read_string: a short literal string delimited by del (at pos). */
  private readString(pos: number, del: number): void {
    const src = this.src;
    const len = this.len;
    const start = pos++;
    const delim = src[start]!;
    let c = 0;
    // fast path: no escape sequence, the value is a slice of the source
    while (pos < len) {
      c = src.charCodeAt(pos);
      if (c === del || c === 92 || c === 10 || c === 13) break;
      pos++;
    }
    if (pos >= len) {
      this.pos = pos;
      this.fail("unfinished string", "<eof>", this.errCol(pos));
    }
    if (c === del) {
      this.t = TK_STRING;
      this.sv = src.slice(start + 1, pos);
      this.pos = pos + 1;
      this.tEnd = pos + 1;
      return;
    }
    // slow path: build the value in the byte buffer
    let n = this.copyToBuf(0, start + 1, pos);
    let b = this.buf;
    for (;;) {
      if (pos >= len) {
        this.pos = pos;
        this.fail("unfinished string", "<eof>", this.errCol(pos));
      }
      c = src.charCodeAt(pos);
      if (c === del) break;
      if (n + 8 > b.length) b = this.growBuf(n, 8);
      if (c !== 92) {
        if (c === 10 || c === 13) {
          this.pos = pos;
          this.lexFail("unfinished string", delim + this.bufString(n), pos);
        }
        b[n++] = c;
        pos++;
        continue;
      }
      // escape sequence
      pos++; // skip '\\'
      if (pos >= len) continue; // lua keeps the '\\' and then fails on <eof>
      c = src.charCodeAt(pos);
      switch (c) {
        case 97: b[n++] = 7; pos++; break; // \a
        case 98: b[n++] = 8; pos++; break; // \b
        case 102: b[n++] = 12; pos++; break; // \f
        case 110: b[n++] = 10; pos++; break; // \n
        case 114: b[n++] = 13; pos++; break; // \r
        case 116: b[n++] = 9; pos++; break; // \t
        case 118: b[n++] = 11; pos++; break; // \v
        case 92: case 34: case 39: b[n++] = c; pos++; break; // \\ \" \'
        case 120: { // \xXX
          let r = 0;
          for (let i = 0; i < 2; i++) {
            pos++;
            const d = pos < len ? src.charCodeAt(pos) : -1;
            if (d < 0 || d > 127 || !(CLS[d]! & C_XDIGIT)) {
              this.pos = pos;
              this.lexFail("hexadecimal digit expected",
                delim + this.bufString(n) + src.slice(pos - 2 - i, pos) + (d >= 0 ? src[pos] : ""), pos, true);
            }
            r = (r << 4) + hexValue(d);
          }
          b[n++] = r;
          pos++;
          break;
        }
        case 117: { // \u{XXX}
          const escStart = pos - 1;
          pos++;
          let d = pos < len ? src.charCodeAt(pos) : -1;
          if (d !== 123) {
            this.pos = pos;
            this.lexFail("missing '{'",
              delim + this.bufString(n) + src.slice(escStart, pos) + (d >= 0 ? src[pos] : ""), pos, true);
          }
          pos++;
          d = pos < len ? src.charCodeAt(pos) : -1;
          if (d < 0 || d > 127 || !(CLS[d]! & C_XDIGIT)) {
            this.pos = pos;
            this.lexFail("hexadecimal digit expected",
              delim + this.bufString(n) + src.slice(escStart, pos) + (d >= 0 ? src[pos] : ""), pos, true);
          }
          let r = hexValue(d);
          for (;;) {
            pos++;
            d = pos < len ? src.charCodeAt(pos) : -1;
            if (d < 0 || d > 127 || !(CLS[d]! & C_XDIGIT)) break;
            r = r * 16 + hexValue(d);
            if (r > 0x10ffff) {
              this.pos = pos;
              this.lexFail("UTF-8 value too large", delim + this.bufString(n) + src.slice(escStart, pos + 1), pos,
                true);
            }
          }
          if (d !== 125) {
            this.pos = pos;
            this.lexFail("missing '}'",
              delim + this.bufString(n) + src.slice(escStart, pos) + (d >= 0 ? src[pos] : ""), pos, true);
          }
          pos++;
          n = utf8esc(b, n, r);
          break;
        }
        case 10: case 13: // escaped newline
          pos = this.newline(pos);
          b[n++] = 10;
          break;
        case 122: // \z: skip the following whitespace
          pos++;
          while (pos < len) {
            const e = src.charCodeAt(pos);
            if (e === 10 || e === 13) pos = this.newline(pos);
            else if (e < 128 && CLS[e]! & C_SPACE) pos++;
            else break;
          }
          break;
        default:
          if (c >= 48 && c <= 57) { // \ddd
            let r = 0;
            const ds = pos;
            for (let i = 0; i < 3 && pos < len; i++) {
              const e = src.charCodeAt(pos);
              if (e < 48 || e > 57) break;
              r = r * 10 + (e - 48);
              pos++;
            }
            if (r > 255) {
              this.pos = pos;
              this.lexFail("decimal escape too large",
                delim + this.bufString(n) + "\\" + src.slice(ds, pos) + (pos < len ? src[pos] : ""), pos, true);
            }
            b[n++] = r;
          } else {
            this.pos = pos;
            this.lexFail("invalid escape sequence", delim + this.bufString(n) + "\\" + src[pos], pos, true);
          }
      }
    }
    this.t = TK_STRING;
    this.sv = this.bufString(n);
    this.pos = pos + 1;
    this.tEnd = pos + 1;
  }
}
