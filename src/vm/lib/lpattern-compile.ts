// Lua patterns compiled to JavaScript: a short pattern used again is turned into one small
// function per backtracking point, with its character classes as table lookups, so V8 runs
// the match as straight code instead of re-reading the pattern item by item (lpattern.ts).
//
// Same semantics as MatchState.match, decision for decision: the same quantifier expansion
// and back-off order, the same capture bookkeeping and the same errors raised at the same
// moment. It also counts the same work: one unit for each call the interpreting matcher
// would make to `match`, and scanned bytes in eighths, so budgets charge the same either way.
// Patterns whose decoding raises an error somewhere (a missing ']', a '%' at the end, '%f'
// without a set, '%b' without its two characters) are not compiled: only the interpreting
// matcher raises those, when it reaches them.
//
// Safety: the generated text holds only our identifiers and numbers (character codes, set
// indices, capture kinds); the sets are reached by index in an array passed in. Patterns are
// at most CODE_PATTERN_MAX characters, so recursion stays far below MAXCCALLS (each level is
// a pattern item) and "pattern too complex" cannot arise.

import { canCompile } from "../jit-mode.js";
import type { MatchState } from "./lpattern.js";

/** What the compiler needs of a pattern's decoded tables (lpattern.ts PatternCode). */
export interface DecodedPattern {
  readonly ends: Int32Array;
  readonly sets: (Uint8Array | undefined)[];
  readonly lit: Int32Array;
}

/** A compiled pattern: the end of a match of it at s (or -1), as MatchState.match(s, p0). */
export type CompiledMatch = (ms: MatchState, s: number) => number;

const CHUNK8 = 8192; // lpattern.ts STEP_CHUNK * 8
const MAXCAPTURES = 32;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

type Item =
  | { kind: "char"; set: number; lit: number; q: number }
  | { kind: "open"; position: boolean }
  | { kind: "close" }
  | { kind: "end" }
  | { kind: "balance"; p: number }
  | { kind: "frontier"; set: number }
  | { kind: "backref"; ch: number };

/** Read the items of pat from p0 as MatchState.match would meet them; null if decoding one raises. */
function items(pat: string, p0: number, code: DecodedPattern, sets: Uint8Array[]): Item[] | null {
  const out: Item[] = [];
  const pend = pat.length;
  const setIndex = (t: Uint8Array): number => {
    const at = sets.indexOf(t);
    if (at >= 0) return at;
    sets.push(t);
    return sets.length - 1;
  };
  let p = p0;
  while (p < pend) {
    const c = pat.charCodeAt(p);
    if (c === 40) { // '('
      const position = pat.charCodeAt(p + 1) === 41;
      out.push({ kind: "open", position });
      p += position ? 2 : 1;
      continue;
    }
    if (c === 41) { // ')'
      out.push({ kind: "close" });
      p++;
      continue;
    }
    if (c === 36 && p + 1 === pend) { // '$' at the end
      out.push({ kind: "end" });
      p++;
      continue;
    }
    if (c === 37) { // '%'
      const nc = pat.charCodeAt(p + 1);
      if (nc === 98) { // %bxy
        if (p + 2 >= pend - 1) return null;
        out.push({ kind: "balance", p: p + 2 });
        p += 4;
        continue;
      }
      if (nc === 102) { // %f[set]
        const q = p + 2;
        if (pat.charCodeAt(q) !== 91 || code.ends[q]! < 0 || code.sets[q] === undefined) return null;
        out.push({ kind: "frontier", set: setIndex(code.sets[q]!) });
        p = code.ends[q]!;
        continue;
      }
      if (nc >= 48 && nc <= 57) { // %0-%9
        out.push({ kind: "backref", ch: nc });
        p += 2;
        continue;
      }
    }
    const ep = code.ends[p]!;
    if (ep < 0) return null;
    const t = code.sets[p];
    const q = pat.charCodeAt(ep);
    const quantified = q === 42 || q === 43 || q === 45 || q === 63;
    out.push({ kind: "char", set: t === undefined ? -1 : setIndex(t), lit: code.lit[p]!, q: quantified ? q : 0 });
    p = quantified ? ep + 1 : ep;
  }
  return out;
}

/** Source text testing the subject byte at position expression `at` (known to be < E). */
function test(it: { set: number; lit: number }, at: string): string {
  return it.set >= 0 ? `S${it.set}[X.charCodeAt(${at})]===1` : `X.charCodeAt(${at})===${it.lit}`;
}

/**
 * The generated source: function m<k>(s) matches items k.. at s, one per point where the
 * interpreting matcher calls `match` (each counts 8 eighths of work, as that call does).
 */
function generate(list: Item[], nsets: number): string {
  const fns: string[] = [];
  const made = new Set<number>();
  const want: number[] = [0];
  const COUNT = `if((M.work+=8)>=${CHUNK8})M.flush();`;
  // the rest of the pattern inline, at s, without a call (the interpreting matcher's loop)
  const inline = (k: number): string => {
    let body = "";
    for (; k < list.length; k++) {
      const it = list[k]!;
      const next = (): string => {
        want.push(k + 1);
        return `m${k + 1}`;
      };
      switch (it.kind) {
        case "open": {
          const f = next();
          return `${body}{const l=M.level;if(l>=${MAXCAPTURES})TOO_MANY();M.capInit[l]=s;M.capLen[l]=${it.position ? CAP_POSITION : CAP_UNFINISHED};M.level=l+1;const r=${f}(s);if(r===-1)M.level--;return r}`;
        }
        case "close": {
          const f = next();
          return `${body}{const l=M.captureToClose();M.capLen[l]=s-M.capInit[l];const r=${f}(s);if(r===-1)M.capLen[l]=${CAP_UNFINISHED};return r}`;
        }
        case "end":
          return `${body}return s===E?s:-1;`;
        case "balance":
          body += `s=M.matchBalance(s,${it.p});if(s===-1)return -1;`;
          continue;
        case "frontier":
          body += `if(!(S${it.set}[s===0?0:X.charCodeAt(s-1)]===0&&S${it.set}[s<E?X.charCodeAt(s):0]===1))return -1;`;
          continue;
        case "backref":
          body += `s=M.matchCapture(s,${it.ch});if(s===-1)return -1;`;
          continue;
        case "char": {
          const one = `s<E&&${test(it, "s")}`;
          if (it.q === 0) {
            body += `if(!(${one}))return -1;s++;`;
            continue;
          }
          const f = next();
          // no repetition at all: the interpreting matcher goes on without a call (-8 undoes f's count)
          const none = `{M.work-=8;return ${f}(s)}`;
          if (it.q === 63) { // '?'
            return `${body}if(${one}){const r=${f}(s+1);if(r!==-1)return r}M.work-=8;return ${f}(s);`;
          }
          if (it.q === 45) { // '-'
            return `${body}if(!(${one}))${none}for(;;){const r=${f}(s);if(r!==-1)return r;if(${one})s++;else return -1}`;
          }
          // '*' from s, '+' from s + 1 (after its one required byte): longest run first
          const from = it.q === 43 ? "s+1" : "s";
          return `${body}if(!(${one}))${it.q === 43 ? "return -1;" : none}`
            + `{const b=${from};let i=0;while(b+i<E&&${test(it, "b+i")})i++;if((M.work+=i)>=${CHUNK8})M.flush();`
            + `for(;i>=0;i--){const r=${f}(b+i);if(r!==-1)return r}return -1}`;
        }
      }
    }
    return `${body}return s;`;
  };
  while (want.length > 0) {
    const k = want.pop()!;
    if (made.has(k)) continue;
    made.add(k);
    fns.push(`function m${k}(s){${COUNT}${inline(k)}}`);
  }
  let decl = "";
  for (let i = 0; i < nsets; i++) decl += `const S${i}=SETS[${i}];`;
  return `${decl}let M,X,E;${fns.join("\n")}\nreturn function(ms,s){M=ms;X=ms.src;E=ms.srcEnd;return m0(s)};`;
}

/**
 * pat compiled from pattern position p0 (0, or 1 after an anchoring '^'), or null when it
 * cannot be (code generation forbidden, or an item whose decoding raises an error).
 * `tooMany` raises lua's "too many captures".
 */
export function compilePattern(pat: string, p0: number, code: DecodedPattern, tooMany: () => never): CompiledMatch | null {
  if (!canCompile()) return null;
  const sets: Uint8Array[] = [];
  const list = items(pat, p0, code, sets);
  if (list === null) return null;
  const make = new Function("SETS", "TOO_MANY", generate(list, sets.length)) as (sets: Uint8Array[], tooMany: () => never) => CompiledMatch;
  return make(sets, tooMany);
}
