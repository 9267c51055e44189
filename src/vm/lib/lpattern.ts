// Lua 5.3 patterns (the matcher behind string.find / match / gmatch / gsub), with lstrlib.c's
// semantics: C-locale character classes over bytes, sets, anchors, captures (including
// position captures), back-references, %b, %f, the four quantifiers, and lua5.3's error
// messages for malformed patterns.
//
// Like the C matcher this one backtracks by recursion, one level per pattern item that needs
// it, and the depth is capped at lua's MAXCCALLS (200) with "pattern too complex": the JS stack
// use is bounded whatever the pattern and subject. Work is counted and reported through
// `onStep` in chunks, so a host can charge an instruction budget for pathological backtracking:
// one unit per `match` call (a pattern item tried) and one per eight subject characters scanned
// in bulk (repetitions, %b, back-references, skipping to a candidate start).
//
// Positions are indices into the subject; -1 stands for C's NULL (no match).

import { LuaFault } from "../errors.js";
import { env } from "../jit-mode.js";
import { compilePattern, type CompiledMatch, type DecodedPattern } from "./lpattern-compile.js";
import type { LuaValue } from "../value.js";

/** LUA_MAXCAPTURES */
export const MAXCAPTURES = 32;
/** lstrlib's MAXCCALLS: maximum recursion depth of the matcher. */
export const MAXCCALLS = 200;
/** Work units accumulated before `onStep` is called. */
export const STEP_CHUNK = 1024;
/** Internal counter resolution: eighths of a work unit. */
const CHUNK8 = STEP_CHUNK * 8;

const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

const PCT = 37; // '%'
const LBRACKET = 91; // '['
const RBRACKET = 93; // ']'
const CARET = 94; // '^'
const DASH = 45; // '-'

// ---------------------------------------------------------------------------------------------
// C-locale ctype

const C_ALPHA = 1;
const C_DIGIT = 2;
const C_LOWER = 4;
const C_UPPER = 8;
const C_SPACE = 16;
const C_CNTRL = 32;
const C_PUNCT = 64;
const C_XDIGIT = 128;
const C_ZERO = 256; // for the deprecated %z

/** Class bits of each byte. */
const CTYPE = new Uint16Array(256);
for (let c = 0; c < 256; c++) {
  let f = 0;
  if (c >= 65 && c <= 90) f |= C_UPPER | C_ALPHA;
  if (c >= 97 && c <= 122) f |= C_LOWER | C_ALPHA;
  if (c >= 48 && c <= 57) f |= C_DIGIT | C_XDIGIT;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) f |= C_XDIGIT;
  if (c === 32 || (c >= 9 && c <= 13)) f |= C_SPACE;
  if (c < 32 || c === 127) f |= C_CNTRL;
  if (c >= 33 && c <= 126 && !(f & (C_ALPHA | C_DIGIT))) f |= C_PUNCT;
  if (c === 0) f |= C_ZERO;
  CTYPE[c] = f;
}

const COMPLEMENT = 0x1000;
/**
 * For each character after a '%': the class bits it tests (with COMPLEMENT for the upper-case
 * letters), or 0 when it is not a class letter and stands for itself.
 */
const CLASS_OF = new Uint16Array(256);
for (const [letter, mask] of [
  ["a", C_ALPHA], ["c", C_CNTRL], ["d", C_DIGIT], ["g", C_ALPHA | C_DIGIT | C_PUNCT], ["l", C_LOWER],
  ["p", C_PUNCT], ["s", C_SPACE], ["u", C_UPPER], ["w", C_ALPHA | C_DIGIT], ["x", C_XDIGIT], ["z", C_ZERO],
] as const) {
  CLASS_OF[letter.charCodeAt(0)] = mask;
  CLASS_OF[letter.toUpperCase().charCodeAt(0)] = mask | COMPLEMENT;
}

/** Does byte c belong to class letter cl (%a, %D, ...; any other character stands for itself)? */
export function matchClass(c: number, cl: number): boolean {
  const k = CLASS_OF[cl & 0xff]!; // pattern characters are bytes
  if (k === 0) return cl === c;
  return ((CTYPE[c]! & k) !== 0) !== ((k & COMPLEMENT) !== 0);
}

/** True when p holds none of the characters that make a pattern special ("^$*+?.([%-"). */
export function noSpecials(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    switch (p.charCodeAt(i)) {
      case 94: case 36: case 42: case 43: case 63: case 46: case 40: case 91: case 37: case 45:
        return false;
    }
  }
  return true;
}

function fault(msg: string): LuaFault {
  return new LuaFault(msg);
}

function tooManyCaptures(): never {
  throw fault("too many captures");
}

/** The class every match must start with (see MatchState.firstClass). */
export interface FirstClass {
  /** Its span in the pattern. */
  p: number;
  ep: number;
  /** A literal character (its code, and as a string), or -1. */
  lit: number;
  litStr: string;
  /** Membership table, built on first use for a long scan. */
  table: Uint8Array | undefined;
}

/** What a search needs to know about a pattern, computed once per pattern text. */
export interface PatternInfo {
  anchor: boolean;
  /** Where matching starts (after a '^' anchor). */
  pstart: number;
  /** First-class filter for unanchored searches; null until computed. */
  fc: FirstClass | undefined | null;
}

const infoCache = new Map<string, PatternInfo>(); // find, match, gsub
const gmatchInfoCache = new Map<string, PatternInfo>();
const INFO_CACHE_MAX = 128;
const INFO_PATTERN_MAX = 128;

/**
 * Facts about pattern p for searches (cached for short patterns). find/match/gsub anchor at a
 * leading '^'; gmatch never does (`anchored` false).
 */
export function patternInfo(p: string, anchored: boolean): PatternInfo {
  const cache = anchored ? infoCache : gmatchInfoCache;
  let info = cache.get(p);
  if (info !== undefined) return info;
  const anchor = anchored && p.charCodeAt(0) === CARET;
  info = { anchor, pstart: anchor ? 1 : 0, fc: anchor ? undefined : null };
  if (p.length <= INFO_PATTERN_MAX) {
    if (cache.size >= INFO_CACHE_MAX) cache.clear();
    cache.set(p, info);
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// Pattern tables: what matching a pattern decodes again and again, decoded once per pattern

/**
 * For each pattern position an item may start at: where its single-character class ends
 * (-1 when reading it raises an error, which classEnd then raises at the same moment), and
 * the class as a 256-byte membership table (undefined for a literal character, whose code
 * is in `lit`). Made for patterns up to CODE_PATTERN_MAX characters (the tables cost 256
 * bytes per set); longer ones are decoded as they are matched.
 */
interface PatternCode extends DecodedPattern {
  /** The pattern compiled from position 0 and from 1 (after '^'): null if it cannot be, undefined until asked. */
  readonly fns: (CompiledMatch | null | undefined)[];
}

const CODE_PATTERN_MAX = 128;
/** MOONRULE_PATTERNS=eager: tables and compiled code from a pattern's first use (tests use it). */
const PATTERNS_EAGER = env("MOONRULE_PATTERNS") === "eager";
const codeCache = new Map<string, PatternEntry>();

/** Membership tables of the class letters (%a …, %A …), shared by every pattern. */
const CLASS_TABLES = new Map<number, Uint8Array>();
/** '.': every byte. */
const ANY_BYTE = new Uint8Array(256).fill(1);

function classTableOf(letter: number): Uint8Array {
  let t = CLASS_TABLES.get(letter);
  if (t === undefined) {
    t = new Uint8Array(256);
    for (let c = 0; c < 256; c++) t[c] = matchClass(c, letter) ? 1 : 0;
    CLASS_TABLES.set(letter, t);
  }
  return t;
}

/** What the process knows of a short pattern: how often it was tried, and its tables once built. */
interface PatternEntry {
  attempts: number;
  code: PatternCode | undefined;
}

/**
 * Match attempts (each charged to the script as a unit of work) after which a pattern's
 * tables and compiled code are made. Making them costs about what a few hundred attempts do
 * and is not charged, so a script cycling through fresh patterns cannot make its calls cost
 * far more than the work it is charged for (test/security string-attacks).
 */
const BUILD_AFTER = PATTERNS_EAGER ? 0 : 256;

function patternEntry(pat: string): PatternEntry | undefined {
  if (pat.length > CODE_PATTERN_MAX || pat === "") return undefined;
  let entry = codeCache.get(pat);
  if (entry === undefined) {
    if (codeCache.size >= INFO_CACHE_MAX) codeCache.clear();
    entry = { attempts: 0, code: undefined };
    codeCache.set(pat, entry);
  }
  return entry;
}

function buildCode(ms: MatchState, pat: string): PatternCode {
  const n = pat.length;
  const ends = new Int32Array(n + 1).fill(-1);
  const sets = new Array<Uint8Array | undefined>(n + 1).fill(undefined);
  const lit = new Int32Array(n + 1).fill(-1);
  for (let p = 0; p < n; p++) {
    let ep: number;
    try {
      ep = ms.classEnd(p);
    } catch {
      continue; // stays -1: matching an item here raises the error
    }
    ends[p] = ep;
    const c = pat.charCodeAt(p);
    if (c === 46) sets[p] = ANY_BYTE;
    else if (c === PCT) {
      const cl = pat.charCodeAt(p + 1);
      if (CLASS_OF[cl & 0xff] !== 0) sets[p] = classTableOf(cl);
      else lit[p] = cl;
    } else if (c === LBRACKET) {
      const t = new Uint8Array(256);
      for (let b = 0; b < 256; b++) t[b] = ms.matchBracketClass(b, p, ep - 1) ? 1 : 0;
      sets[p] = t;
    } else lit[p] = c;
  }
  return { ends, sets, lit, fns: [undefined, undefined] };
}

// ---------------------------------------------------------------------------------------------
// The matcher

export class MatchState {
  /** Subject. */
  src: string;
  srcEnd: number;
  /** Pattern text (matching starts at a position the caller gives, up to its end). */
  pat: string;
  pend: number;
  level = 0;
  private depth = MAXCCALLS;
  // full size from the start: a store past the end of a new state's arrays (gmatch makes
  // one per call) would deoptimise matching code V8 optimised on grown ones
  readonly capInit: number[] = new Array<number>(MAXCAPTURES).fill(0);
  readonly capLen: number[] = new Array<number>(MAXCAPTURES).fill(0);
  /** Work done since the last report, in eighths of a unit (a scanned character is one). */
  work = 0;
  private onStep: ((n: number) => void) | undefined;
  /** The pattern's tables, once made (see BUILD_AFTER). */
  private code: PatternCode | undefined = undefined;
  private entry: PatternEntry | undefined = undefined;

  constructor(src: string, pat: string, onStep?: (n: number) => void) {
    this.src = src;
    this.srcEnd = src.length;
    this.pat = pat;
    this.pend = pat.length;
    this.onStep = onStep;
    this.entry = patternEntry(pat);
    this.code = this.entry?.code;
  }

  /** Re-target this state at another subject and pattern (states are recycled). */
  reset(src: string, pat: string, onStep?: (n: number) => void): void {
    this.src = src;
    this.srcEnd = src.length;
    this.pat = pat;
    this.pend = pat.length;
    this.onStep = onStep;
    this.work = 0;
    this.level = 0;
    this.entry = patternEntry(pat);
    this.code = this.entry?.code;
  }

  /** Reset before a new match attempt (reprepstate). */
  reprep(): void {
    this.level = 0;
    this.depth = MAXCCALLS;
  }

  /** Report outstanding whole units of work (call when an operation ends; cheap). */
  flush(): void {
    const units = this.work >> 3;
    this.work &= 7;
    if (units > 0 && this.onStep !== undefined) this.onStep(units);
  }

  /** Count n characters scanned outside `match` calls. */
  private scanned(n: number): void {
    this.work += n;
    if (this.work >= CHUNK8) this.flush();
  }

  /** Index just past the single-character class starting at p. */
  classEnd(p: number): number {
    const pat = this.pat;
    const c = pat.charCodeAt(p++);
    if (c === PCT) {
      if (p >= this.pend) throw fault("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === LBRACKET) {
      if (pat.charCodeAt(p) === CARET) p++;
      do {
        // look for the closing ']' (the first character is never it)
        if (p >= this.pend) throw fault("malformed pattern (missing ']')");
        const d = pat.charCodeAt(p++);
        if (d === PCT && p < this.pend) p++; // skip escapes such as '%]'
      } while (pat.charCodeAt(p) !== RBRACKET);
      return p + 1;
    }
    return p;
  }

  /** Does byte c belong to the set [..] spanning p (at '[') to ec (at its ']')? */
  matchBracketClass(c: number, p: number, ec: number): boolean {
    const pat = this.pat;
    let sig = true;
    if (pat.charCodeAt(p + 1) === CARET) {
      sig = false;
      p++;
    }
    while (++p < ec) {
      const pc = pat.charCodeAt(p);
      if (pc === PCT) {
        p++;
        if (matchClass(c, pat.charCodeAt(p))) return sig;
      } else if (pat.charCodeAt(p + 1) === DASH && p + 2 < ec) {
        p += 2;
        if (pc <= c && c <= pat.charCodeAt(p)) return sig;
      } else if (pc === c) return sig;
    }
    return !sig;
  }

  /** Does the subject byte at s match the single-character class p..ep? */
  singleMatch(s: number, p: number, ep: number): boolean {
    if (s >= this.srcEnd) return false;
    const code = this.code;
    if (code !== undefined) {
      const set = code.sets[p];
      return set !== undefined ? set[this.src.charCodeAt(s)] === 1 : this.src.charCodeAt(s) === code.lit[p];
    }
    const c = this.src.charCodeAt(s);
    const pc = this.pat.charCodeAt(p);
    switch (pc) {
      case 46: return true; // '.'
      case PCT: return matchClass(c, this.pat.charCodeAt(p + 1));
      case LBRACKET: return this.matchBracketClass(c, p, ep - 1);
      default: return pc === c;
    }
  }

  /**
   * An attempt at s of the pattern from p (0, or 1 past an anchoring '^'): compiled for a
   * pattern used before (lpattern-compile.ts), else match. Call reprep() first.
   */
  attempt(s: number, p: number): number {
    let code = this.code;
    if (code === undefined) {
      const entry = this.entry;
      if (entry !== undefined && ++entry.attempts > BUILD_AFTER) code = this.code = entry.code ??= buildCode(this, this.pat);
    }
    if (code !== undefined && p <= 1) {
      let f = code.fns[p];
      if (f === undefined) f = code.fns[p] = compilePattern(this.pat, p, code, tooManyCaptures);
      if (f !== null) return f(this, s);
    }
    return this.match(s, p);
  }

  /** Match pattern from p against the subject from s; the end of the match or -1. */
  match(s: number, p: number): number {
    if (this.depth-- === 0) throw fault("pattern too complex");
    if ((this.work += 8) >= CHUNK8) this.flush();
    const pat = this.pat;
    const pend = this.pend;
    let r: number;
    loop: for (;;) {
      if (p === pend) {
        r = s;
        break;
      }
      const pc = pat.charCodeAt(p);
      switch (pc) {
        case 40: // '('
          if (pat.charCodeAt(p + 1) === 41) r = this.startCapture(s, p + 2, CAP_POSITION);
          else r = this.startCapture(s, p + 1, CAP_UNFINISHED);
          break loop;
        case 41: // ')'
          r = this.endCapture(s, p + 1);
          break loop;
        case 36: // '$'
          if (p + 1 === pend) {
            r = s === this.srcEnd ? s : -1;
            break loop;
          }
          break; // an ordinary '$'
        case PCT: {
          const nc = pat.charCodeAt(p + 1);
          if (nc === 98) { // %b
            s = this.matchBalance(s, p + 2);
            if (s !== -1) {
              p += 4;
              continue loop;
            }
            r = -1;
            break loop;
          }
          if (nc === 102) { // %f
            p += 2;
            if (pat.charCodeAt(p) !== LBRACKET) throw fault("missing '[' after '%f' in pattern");
            const ep = this.classEnd(p);
            const prev = s === 0 ? 0 : this.src.charCodeAt(s - 1);
            const cur = s < this.srcEnd ? this.src.charCodeAt(s) : 0;
            if (!this.matchBracketClass(prev, p, ep - 1) && this.matchBracketClass(cur, p, ep - 1)) {
              p = ep;
              continue loop;
            }
            r = -1;
            break loop;
          }
          if (nc >= 48 && nc <= 57) { // %0-%9: back-reference
            s = this.matchCapture(s, nc);
            if (s !== -1) {
              p += 2;
              continue loop;
            }
            r = -1;
            break loop;
          }
          break; // an ordinary class such as %d
        }
      }
      // a single-character class, with an optional quantifier
      const ends = this.code?.ends;
      const ep = ends !== undefined && ends[p]! >= 0 ? ends[p]! : this.classEnd(p);
      const q = pat.charCodeAt(ep);
      if (!this.singleMatch(s, p, ep)) {
        if (q === 42 || q === 63 || q === 45) { // '*' '?' '-' accept zero repetitions
          p = ep + 1;
          continue;
        }
        r = -1;
        break;
      }
      switch (q) {
        case 63: { // '?'
          const res = this.match(s + 1, ep + 1);
          if (res !== -1) {
            r = res;
            break loop;
          }
          p = ep + 1;
          continue loop;
        }
        case 43: // '+'
          r = this.maxExpand(s + 1, p, ep);
          break loop;
        case 42: // '*'
          r = this.maxExpand(s, p, ep);
          break loop;
        case 45: // '-'
          r = this.minExpand(s, p, ep);
          break loop;
        default:
          s++;
          p = ep;
          continue loop;
      }
    }
    this.depth++;
    return r;
  }

  private maxExpand(s: number, p: number, ep: number): number {
    let i = 0;
    const pc = this.pat.charCodeAt(p);
    const set = this.code?.sets[p];
    if (pc === 46) i = this.srcEnd > s ? this.srcEnd - s : 0; // '.*'
    else if (set !== undefined) {
      // the class's run, one table test per byte
      const src = this.src;
      const end = this.srcEnd;
      let e = s;
      while (e < end && set[src.charCodeAt(e)] === 1) e++;
      i = e - s;
    } else if (pc === PCT && CLASS_OF[this.pat.charCodeAt(p + 1) & 0xff]! !== 0) i = this.classRun(s, this.pat.charCodeAt(p + 1));
    else while (this.singleMatch(s + i, p, ep)) i++;
    this.scanned(i);
    // try the longest expansion first, backing off one repetition at a time
    while (i >= 0) {
      const res = this.match(s + i, ep + 1);
      if (res !== -1) return res;
      i--;
    }
    return -1;
  }

  /** How many subject bytes from s on belong to class letter cl (%a, %D, ...): `%a+`'s scan. */
  private classRun(s: number, cl: number): number {
    const k = CLASS_OF[cl & 0xff]!;
    const want = (k & COMPLEMENT) === 0;
    const src = this.src;
    const end = this.srcEnd;
    let e = s;
    while (e < end && ((CTYPE[src.charCodeAt(e)]! & k) !== 0) === want) e++;
    return e - s;
  }

  private minExpand(s: number, p: number, ep: number): number {
    for (;;) {
      const res = this.match(s, ep + 1);
      if (res !== -1) return res;
      if (this.singleMatch(s, p, ep)) s++;
      else return -1;
    }
  }

  private startCapture(s: number, p: number, what: number): number {
    const level = this.level;
    if (level >= MAXCAPTURES) throw fault("too many captures");
    this.capInit[level] = s;
    this.capLen[level] = what;
    this.level = level + 1;
    const res = this.match(s, p);
    if (res === -1) this.level--; // undo the capture
    return res;
  }

  private endCapture(s: number, p: number): number {
    const l = this.captureToClose();
    this.capLen[l] = s - this.capInit[l]!;
    const res = this.match(s, p);
    if (res === -1) this.capLen[l] = CAP_UNFINISHED;
    return res;
  }

  captureToClose(): number {
    for (let level = this.level - 1; level >= 0; level--) {
      if (this.capLen[level] === CAP_UNFINISHED) return level;
    }
    throw fault("invalid pattern capture");
  }

  private checkCapture(ch: number): number {
    const l = ch - 49; // '1'
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) {
      throw fault(`invalid capture index %${l + 1}`);
    }
    return l;
  }

  matchBalance(s: number, p: number): number {
    if (p >= this.pend - 1) throw fault("malformed pattern (missing arguments to '%b')");
    const src = this.src;
    const end = this.srcEnd;
    if (s >= end || src.charCodeAt(s) !== this.pat.charCodeAt(p)) return -1;
    const b = this.pat.charCodeAt(p);
    const e = this.pat.charCodeAt(p + 1);
    const start = s;
    let cont = 1;
    while (++s < end) {
      const c = src.charCodeAt(s);
      if (c === e) {
        if (--cont === 0) {
          this.scanned(s - start);
          return s + 1;
        }
      } else if (c === b) cont++;
    }
    this.scanned(s - start);
    return -1;
  }

  matchCapture(s: number, ch: number): number {
    const l = this.checkCapture(ch);
    const len = this.capLen[l]!;
    if (len === CAP_POSITION) return -1; // as C's (size_t)-2: never fits
    if (this.srcEnd - s < len) return -1;
    const init = this.capInit[l]!;
    const src = this.src;
    this.scanned(len);
    for (let k = 0; k < len; k++) {
      if (src.charCodeAt(init + k) !== src.charCodeAt(s + k)) return -1;
    }
    return s + len;
  }

  /** Capture i of a match s..e (i = 0 with no captures: the whole match). */
  getCapture(i: number, s: number, e: number): LuaValue {
    if (i >= this.level) {
      if (i === 0) return this.src.slice(s, e);
      throw fault(`invalid capture index %${i + 1}`);
    }
    const l = this.capLen[i]!;
    if (l === CAP_UNFINISHED) throw fault("unfinished capture");
    const init = this.capInit[i]!;
    if (l === CAP_POSITION) return init + 1;
    return this.src.slice(init, init + l);
  }

  /**
   * All captures of a match s..e; when there are none and `whole` is set, the whole match
   * (string.match / gmatch / a gsub function); find passes whole = false.
   */
  captures(s: number, e: number, whole: boolean): LuaValue[] {
    const n = this.level === 0 && whole ? 1 : this.level;
    const out = new Array<LuaValue>(n);
    for (let i = 0; i < n; i++) out[i] = this.getCapture(i, s, e);
    return out;
  }

  /**
   * A quick pre-filter for unanchored searches from pattern position p: when every match must
   * begin with a character accepted by one single-character class (the first item, after any
   * opening captures, carrying no quantifier or '+'), returns that class's span so a search can
   * skip positions where it fails without changing any outcome (such attempts fail before
   * anything could raise an error). Returns undefined when no such class exists, or when
   * reading it would raise an error — that error must surface from the real attempt.
   */
  firstClass(p: number): FirstClass | undefined {
    const pat = this.pat;
    const pend = this.pend;
    let opens = 0;
    while (p < pend && pat.charCodeAt(p) === 40) {
      p += pat.charCodeAt(p + 1) === 41 ? 2 : 1;
      if (++opens >= MAXCAPTURES) return undefined;
    }
    if (p >= pend) return undefined;
    const c = pat.charCodeAt(p);
    if (c === 41 || c === 46) return undefined; // ')' or '.'
    if (c === 36 && p + 1 === pend) return undefined;
    if (c === PCT) {
      const nc = pat.charCodeAt(p + 1);
      if (nc === 98 || nc === 102 || (nc >= 48 && nc <= 57)) return undefined;
    }
    let ep: number;
    try {
      ep = this.classEnd(p);
    } catch {
      return undefined;
    }
    const q = pat.charCodeAt(ep);
    if (q === 42 || q === 63 || q === 45) return undefined;
    const lit = c === PCT || c === LBRACKET ? -1 : c;
    return { p, ep, lit, litStr: lit >= 0 ? pat[p]! : "", table: undefined };
  }

  /**
   * The first position >= s (at most srcEnd) where the first class `fc` accepts the subject
   * byte, or srcEnd when there is none.
   */
  skipTo(s: number, fc: FirstClass): number {
    const start = s;
    const end = this.srcEnd;
    const src = this.src;
    if (fc.lit >= 0) {
      const i = src.indexOf(fc.litStr, s);
      s = i < 0 ? end : i;
    } else if (fc.table !== undefined || end - s > 48) {
      const t = fc.table ?? this.classTable(fc);
      while (s < end && t[src.charCodeAt(s)] === 0) s++;
    } else {
      while (s < end && !this.singleMatch(s, fc.p, fc.ep)) s++;
    }
    this.scanned(s - start);
    return s;
  }

  /** The 256-entry membership table of the class fc (built once per cached pattern). */
  private classTable(fc: FirstClass): Uint8Array {
    const t = new Uint8Array(256);
    const pc = this.pat.charCodeAt(fc.p);
    for (let c = 0; c < 256; c++) {
      let m: boolean;
      if (pc === PCT) m = matchClass(c, this.pat.charCodeAt(fc.p + 1));
      else if (pc === LBRACKET) m = this.matchBracketClass(c, fc.p, fc.ep - 1);
      else m = pc === c;
      t[c] = m ? 1 : 0;
    }
    fc.table = t;
    return t;
  }
}

let spare: MatchState | undefined;

/** A match state for src and pat, recycled when possible; give it back with releaseState. */
export function acquireState(src: string, pat: string, onStep?: (n: number) => void): MatchState {
  const ms = spare;
  if (ms === undefined) return new MatchState(src, pat, onStep);
  spare = undefined;
  ms.reset(src, pat, onStep);
  return ms;
}

/** Return a state that is no longer used (after an error it is simply dropped). */
export function releaseState(ms: MatchState): void {
  ms.reset("", "", undefined);
  spare = ms;
}
