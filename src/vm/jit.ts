// The compiled tier: a hot prototype becomes one JavaScript function (issue 11).
//
// The function runs one frame of the prototype on the interpreter's own register file
// (th.stack from ci.base) and keeps ci.pc at every point where it may leave, so a frame can
// move between the tiers at any basic-block boundary. It returns to the dispatcher in
// interpreter.ts (execute) whenever the frame changes — a Lua call, a return, a tail call —
// so Lua recursion never grows the JS stack, and whenever a block cannot be charged in full
// against the instruction budget (the interpreter then runs it instruction by instruction,
// with exact budget stops and tracing).
//
// Blocks: a case of `switch (pc)` per basic block, each charged its instruction count on
// entry. An error refunds the instructions of its block that did not run, so both tiers
// report the same counts.
//
// Safety: the generated source holds only our identifiers and numbers we computed (register
// numbers, pcs, counts, constant indices). Constants, names and chunk names are reached by
// index through arrays passed in; no value from a script is ever written into the text.

import { ArithOp } from "./arith.js";
import { LuaLimitError } from "./budget.js";
import { LuaRunError } from "./errors.js";
import { LuaBuiltin, LuaClosure } from "./function.js";
import { MEM, SIZE } from "./memory.js";
import { Op } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { NOSLOT, YIELD } from "./state.js";
import type { LuaState, CallInfo } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaFloat, mkFloat, mkIntBig } from "./value.js";
import { forPrep } from "./for-prep.js";
import { execute } from "./interpreter.js";

/** What a compiled frame tells the dispatcher. */
export const enum Exit {
  /** The frame the dispatcher was entered with returned, or a builtin yielded: stop. */
  Done = 0,
  /** The current frame changed (call, return, tail call): dispatch th.ci. */
  Switch = 1,
  /** Interpret the current frame from ci.pc (budget window nearly spent, or a pc with no block). */
  Interpret = 2,
}

export type CompiledFrame = (L: LuaState, ci: CallInfo) => Exit;

export type { JitMode } from "./jit-mode.js";

export { HOT_THRESHOLD } from "./jit-mode.js";
import { REGION_MIN_CODE } from "./jit-mode.js";

const MAXARG_SBX = 131071;
/** Compiled Lua-to-Lua calls made as direct JS calls before falling back to the dispatcher. */
const MAX_NEST = 48;
const LFIELDS_PER_FLUSH = 50;

let codegenAllowed: boolean | undefined;

/** Whether this runtime lets us create functions from source (a CSP may forbid it). Checked once. */
export function canCompile(): boolean {
  if (codegenAllowed === undefined) {
    try {
      codegenAllowed = new Function("return 1")() === 1;
    } catch {
      codegenAllowed = false;
    }
  }
  return codegenAllowed;
}

/** Compile p (once per process: the result is kept on the prototype, null if it cannot be). */
export function compileProto(p: Proto): CompiledFrame | null {
  if (p.jit !== undefined) return p.jit;
  let fn: CompiledFrame | null = null;
  if (canCompile()) {
    try {
      fn = build(p);
    } catch {
      fn = null; // a prototype we cannot translate stays interpreted
    }
  }
  p.jit = fn;
  return fn;
}

/** The generated source for p (for `moonrule disasm --js`). */
export function jitSource(p: Proto): string {
  return generate(p).source;
}

// ------------------------------------------------------------------------------ analysis

const A = (i: number): number => (i >>> 6) & 0xff;
const B = (i: number): number => i >>> 23;
const C = (i: number): number => (i >>> 14) & 0x1ff;
const BX = (i: number): number => i >>> 14;
const SBX = (i: number): number => (i >>> 14) - MAXARG_SBX;

function isTest(op: number): boolean {
  return op === Op.EQ || op === Op.LT || op === Op.LE || op === Op.TEST || op === Op.TESTSET;
}

/** First pcs of the basic blocks (and of every point where a frame may be resumed). */
function leaders(p: Proto): boolean[] {
  const code = p.code;
  const n = code.length;
  const lead = new Array<boolean>(n + 2).fill(false);
  lead[0] = true;
  for (let pc = 0; pc < n; pc++) {
    const i = code[pc]!;
    const op = i & 0x3f;
    switch (op) {
      case Op.JMP:
        lead[pc + 1 + SBX(i)] = true;
        lead[pc + 1] = true;
        break;
      case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: {
        const j = code[pc + 1]!;
        lead[pc + 2] = true;
        lead[pc + 2 + SBX(j)] = true;
        break;
      }
      case Op.LOADBOOL:
        if (C(i) !== 0) {
          lead[pc + 2] = true;
          lead[pc + 1] = true;
        }
        break;
      case Op.FORLOOP:
        lead[pc + 1 + SBX(i)] = true;
        lead[pc + 1] = true;
        break;
      case Op.FORPREP:
        lead[pc + 1 + SBX(i)] = true;
        lead[pc + 1] = true;
        break;
      case Op.TFORLOOP:
        lead[pc + 1 + SBX(i)] = true;
        lead[pc + 1] = true;
        break;
      case Op.CALL: case Op.TAILCALL: case Op.TFORCALL: case Op.RETURN:
        lead[pc + 1] = true; // a frame resumes after a call (or after a yield inside it)
        break;
      case Op.LOADKX:
        lead[pc + 2] = true;
        break;
      case Op.SETLIST:
        if (C(i) === 0) lead[pc + 2] = true;
        break;
      default:
        break;
    }
    // a metamethod that yields leaves the frame after this instruction: it resumes interpreted
  }
  return lead;
}

/**
 * The region of each pc: a prototype (not a tiny one) with several outermost loops is
 * compiled as one function per loop (and per stretch between loops). V8 optimises a long
 * function with on-stack replacement inside its hot loop and throws that code away when
 * control reaches a part that never ran (no type feedback there), so one function for a
 * script's successive phases was compiled again for each; separate functions are optimised
 * once each.
 */
function regions(p: Proto): Int32Array {
  const code = p.code;
  const n = code.length;
  const of = new Int32Array(n + 2);
  if (n < REGION_MIN_CODE) return of;
  const loops: [number, number][] = [];
  for (let pc = 0; pc < n; pc++) {
    const op = code[pc]! & 0x3f;
    if (op === Op.JMP || op === Op.FORLOOP || op === Op.TFORLOOP) {
      const target = pc + 1 + SBX(code[pc]!);
      if (target <= pc) loops.push([target, pc]);
    }
  }
  loops.sort((x, y) => x[0] - y[0]);
  const outer: [number, number][] = [];
  for (const l of loops) {
    const last = outer[outer.length - 1];
    if (last !== undefined && l[0] <= last[1]) last[1] = Math.max(last[1], l[1]);
    else outer.push([l[0], l[1]]);
  }
  if (outer.length < 2) return of;
  let r = 0;
  let pc = 0;
  for (const [start, end] of outer) {
    if (pc < start) {
      of.fill(r, pc, start);
      r++;
    }
    of.fill(r, start, end + 1);
    r++;
    pc = end + 1;
  }
  if (pc < n) of.fill(r, pc, n);
  of.fill(of[n - 1]!, n, n + 2);
  return of;
}

// ------------------------------------------------------------------------------ generation

interface Generated {
  source: string;
  /** The region (separately compiled function) of each pc; regionOf[n] is the last. */
  regionOf: Int32Array;
  /** refund[pc]: instructions of pc-1's block after pc-1 (not run when pc-1 fails). */
  refund: Int32Array;
}

/** A reentrant() slow path with its placeholder, filled in once the block's length is known. */
const REENTRANT = /pend = @REST(\d+)@; L\.steps \+= pend; (.*?) if \(L\.steps < pend\) \{ pend = 0; return 2; \} L\.steps -= pend; pend = 0;/gs;

/** The slow path `stmts` with `rest` instructions of its block after it (none: nothing to hand back). */
function withRest(rest: number, stmts: string): string {
  return rest === 0 ? stmts : `pend = ${rest}; L.steps += pend; ${stmts} if (L.steps < pend) { pend = 0; return 2; } L.steps -= pend; pend = 0;`;
}

function generate(p: Proto): Generated {
  const code = p.code;
  const n = code.length;
  const lead = leaders(p);
  const refund = new Int32Array(n + 2);
  const usedK = new Set<number>();
  const K = (idx: number): string => {
    usedK.add(idx);
    return `k${idx}`;
  };
  const R = (r: number): string => `s[b + ${r}]`;
  const RK = (x: number): string => (x & 256 ? K(x & 255) : R(x));
  const slot = (x: number): string => (x & 256 ? "NOSLOT" : String(x));
  const kIsString = (x: number): boolean => (x & 256) !== 0 && typeof p.k[x & 255] === "string";

  const regionOf = regions(p);
  const nRegions = regionOf[n]! + 1;
  const outs: string[][] = Array.from({ length: nRegions }, () => []);
  let out = outs[0]!;
  const emit = (s: string): void => {
    out.push(s);
  };
  // a jump: within the region a switch case, to another region through the wrapper (Exit 3)
  let region = 0;
  const go = (target: number): string => (regionOf[target] === region ? `pc = ${target}; continue;` : `ci.pc = ${target}; return 3;`);

  let pc = 0;
  while (pc < n) {
    // one block: from this leader to the next
    const start = pc;
    region = regionOf[start]!;
    out = outs[region]!;
    const body: string[] = [];
    const counted: number[] = []; // pcs charged (consumed JMP/EXTRAARG are not instructions)
    let terminated = false;
    while (pc < n && (pc === start || !lead[pc]) && !terminated) {
      const i = code[pc]!;
      const op = i & 0x3f;
      const a = A(i);
      const next = pc + 1;
      const setPc = `ci.pc = ${next};`;
      // A slow path that may run Lua code (a metamethod) hands back the block's instructions
      // after this one first and charges them again on return, exiting to the interpreter
      // when they no longer fit: the budget then stops where the interpreter would stop.
      const reentrant = (stmts: string): string =>
        `pend = @REST${pc}@; L.steps += pend; ${stmts} if (L.steps < pend) { pend = 0; return 2; } L.steps -= pend; pend = 0;`;
      counted.push(pc);
      const line = (s: string): void => {
        body.push(s);
      };
      switch (op) {
        case Op.MOVE:
          line(`${R(a)} = ${R(B(i))};`);
          break;
        case Op.LOADK:
          line(`${R(a)} = ${K(BX(i))};`);
          break;
        case Op.LOADKX:
          line(`${R(a)} = ${K(code[pc + 1]! >>> 6)};`);
          pc++; // the EXTRAARG is not an instruction of its own
          break;
        case Op.LOADBOOL:
          line(`${R(a)} = ${B(i) !== 0 ? "true" : "false"};`);
          if (C(i) !== 0) {
            line(go(pc + 2));
            terminated = true;
          }
          break;
        case Op.LOADNIL:
          for (let j = 0; j <= B(i); j++) line(`${R(a + j)} = undefined;`);
          break;
        case Op.GETUPVAL:
          line(`{ const u = U[${B(i)}]; ${R(a)} = u.s[u.i]; }`);
          break;
        case Op.GETTABUP: {
          const c = C(i);
          line(`{ const u = U[${B(i)}]; const t = u.s[u.i]; const key = ${RK(c)}; ${setPc}
            let v; if (t instanceof LuaTable && ((v = ${kIsString(c) ? "t.getStr(key)" : "t.get(key)"}) !== undefined || t.metatable === undefined)) ${R(a)} = v;
            else { ${reentrant(`${R(a)} = L.index(t, key, ${-B(i) - 1});`)} } }`);
          break;
        }
        case Op.GETTABLE: {
          const c = C(i);
          line(`{ const t = ${R(B(i))}; const key = ${RK(c)}; ${setPc}
            let v; if (t instanceof LuaTable && ((v = ${kIsString(c) ? "t.getStr(key)" : "t.get(key)"}) !== undefined || t.metatable === undefined)) ${R(a)} = v;
            else { ${reentrant(`${R(a)} = L.index(t, key, ${B(i)});`)} } }`);
          break;
        }
        case Op.SETTABUP: {
          const bb = B(i);
          line(`{ const u = U[${a}]; const t = u.s[u.i]; const key = ${RK(bb)}; const v = ${RK(C(i))}; ${setPc}
            if (t instanceof LuaTable && t.metatable === undefined) ${kIsString(bb) ? "t.setStr(key, v)" : "t.set(key, v)"};
            else { ${reentrant(`L.setIndex(t, key, v, ${-a - 1});`)} } }`);
          break;
        }
        case Op.SETUPVAL:
          line(`{ const u = U[${B(i)}]; if (u.frozen) { ${setPc} throw new LuaRunError("attempt to modify a frozen upvalue"); } u.s[u.i] = ${R(a)}; }`);
          break;
        case Op.SETTABLE:
          line(`{ const t = ${R(a)}; const key = ${RK(B(i))}; const v = ${RK(C(i))}; ${setPc}
            if (t instanceof LuaTable && t.metatable === undefined) t.set(key, v); else { ${reentrant(`L.setIndex(t, key, v, ${a});`)} } }`);
          break;
        case Op.NEWTABLE:
          line(`${R(a)} = new LuaTable(); MEM.alloc += SIZE.table; if (MEM.alloc > MEM.threshold) { ${setPc} MEM.owner?.memoryPressure(0); }`);
          break;
        case Op.SELF: {
          const c = C(i);
          line(`{ const obj = ${R(B(i))}; const key = ${RK(c)}; ${R(a + 1)} = obj; ${setPc}
            let v; if (obj instanceof LuaTable && ((v = ${kIsString(c) ? "obj.getStr(key)" : "obj.get(key)"}) !== undefined || obj.metatable === undefined)) ${R(a)} = v;
            else { ${reentrant(`${R(a)} = L.index(obj, key, ${B(i)});`)} } }`);
          break;
        }
        case Op.ADD: case Op.SUB: case Op.MUL: {
          const sym = op === Op.ADD ? "+" : op === Op.SUB ? "-" : "*";
          const bb = B(i), c = C(i);
          // plain numbers: an integer result that stays safe, or a float result that is not
          // whole (a whole float needs its box); everything else takes the slow path
          line(`{ const x = ${RK(bb)}, y = ${RK(c)}; let r;
            if (typeof x === "number" && typeof y === "number" && (Number.isInteger(x) && Number.isInteger(y) ? Number.isSafeInteger(r = x ${sym} y) : !Number.isInteger(r = x ${sym} y))) ${R(a)} = r${op === Op.MUL ? " + 0" : ""};
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${op - Op.ADD}, x, y, ${slot(bb)}, ${slot(c)});`)} } }`);
          break;
        }
        case Op.DIV: {
          const bb = B(i), c = C(i);
          line(`{ const x = ${RK(bb)}, y = ${RK(c)}; let r;
            if (typeof x === "number" && typeof y === "number" && !Number.isInteger(r = x / y)) ${R(a)} = r;
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.DIV}, x, y, ${slot(bb)}, ${slot(c)});`)} } }`);
          break;
        }
        case Op.MOD: {
          const bb = B(i), c = C(i);
          line(`{ const x = ${RK(bb)}, y = ${RK(c)};
            if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) { const m = x % y; ${R(a)} = m !== 0 && (m < 0) !== (y < 0) ? m + y : m + 0; }
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.MOD}, x, y, ${slot(bb)}, ${slot(c)});`)} } }`);
          break;
        }
        case Op.IDIV: {
          const bb = B(i), c = C(i);
          line(`{ const x = ${RK(bb)}, y = ${RK(c)};
            if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) ${R(a)} = Math.floor(x / y) + 0;
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.IDIV}, x, y, ${slot(bb)}, ${slot(c)});`)} } }`);
          break;
        }
        case Op.BAND: case Op.BOR: case Op.BXOR: {
          const sym = op === Op.BAND ? "&" : op === Op.BOR ? "|" : "^";
          const bb = B(i), c = C(i);
          line(`{ const x = ${RK(bb)}, y = ${RK(c)};
            if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) ${R(a)} = x ${sym} y;
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${op - Op.ADD}, x, y, ${slot(bb)}, ${slot(c)});`)} } }`);
          break;
        }
        case Op.POW: case Op.SHL: case Op.SHR: {
          const bb = B(i), c = C(i);
          line(`${setPc} ${reentrant(`${R(a)} = L.arith(${op - Op.ADD}, ${RK(bb)}, ${RK(c)}, ${slot(bb)}, ${slot(c)});`)}`);
          break;
        }
        case Op.UNM: {
          const bb = B(i);
          line(`{ const x = ${R(bb)}; if (typeof x === "number" && x !== 0 && x === x) ${R(a)} = -x; else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.UNM}, x, x, ${bb}, ${bb});`)} } }`);
          break;
        }
        case Op.BNOT: {
          const bb = B(i);
          line(`${setPc} { const x = ${R(bb)}; ${reentrant(`${R(a)} = L.arith(${ArithOp.BNOT}, x, x, ${bb}, ${bb});`)} }`);
          break;
        }
        case Op.NOT:
          line(`{ const x = ${R(B(i))}; ${R(a)} = x === undefined || x === false; }`);
          break;
        case Op.LEN: {
          const bb = B(i);
          line(`{ const x = ${R(bb)}; if (typeof x === "string") ${R(a)} = x.length;
            else if (x instanceof LuaTable && x.metatable === undefined) ${R(a)} = x.length();
            else { ${setPc} ${reentrant(`${R(a)} = L.len(x, ${bb});`)} } }`);
          break;
        }
        case Op.CONCAT: {
          const bb = B(i), c = C(i);
          if (c === bb + 1) {
            line(`{ const x = ${R(bb)}, y = ${R(c)}; ${setPc}
              if (typeof x === "string" && typeof y === "string") { const r = x + y; MEM.alloc += r.length + SIZE.string; if (MEM.alloc > MEM.threshold) MEM.owner?.memoryPressure(0); ${R(a)} = r; }
              else { ${reentrant(`L.concat(b + ${bb}, b + ${c}); ${R(a)} = ${R(bb)};`)} } }`);
          } else {
            line(`${setPc} ${reentrant(`L.concat(b + ${bb}, b + ${c}); ${R(a)} = ${R(bb)};`)}`);
          }
          break;
        }
        case Op.JMP: {
          if (a !== 0) line(`L.closeUpvals(b + ${a - 1});`);
          line(go(next + SBX(i)));
          terminated = true;
          break;
        }
        case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: {
          const j = code[pc + 1]!;
          const ja = A(j);
          const target = pc + 2 + SBX(j);
          const jump = `${ja !== 0 ? `L.closeUpvals(b + ${ja - 1}); ` : ""}${go(target)}`;
          const bb = B(i), c = C(i);
          let res: string;
          if (op === Op.EQ) {
            line(`{ const x = ${RK(bb)}, y = ${RK(c)}; let eq;
              if (x === y) eq = !(x instanceof LuaFloat) || x.n === x.n;
              else if (typeof x === typeof y && typeof x !== "object") eq = false;
              else { ${setPc} eq = L.equals(x, y); }`);
            res = `eq !== ${a !== 0}`;
          } else if (op === Op.LT || op === Op.LE) {
            const cmp = op === Op.LT ? "<" : "<=";
            line(`{ const x = ${RK(bb)}, y = ${RK(c)}; let r;
              if ((typeof x === "number" && typeof y === "number") || (typeof x === "string" && typeof y === "string")) r = x ${cmp} y;
              else { ${setPc} r = ${op === Op.LT ? "L.lessThan(x, y)" : "L.lessEqual(x, y)"}; }`);
            res = `r !== ${a !== 0}`;
          } else if (op === Op.TEST) {
            line(`{ const x = ${R(a)};`);
            res = c !== 0 ? "(x === undefined || x === false)" : "!(x === undefined || x === false)";
          } else {
            line(`{ const x = ${R(bb)};`);
            res = c !== 0 ? "(x === undefined || x === false)" : "!(x === undefined || x === false)";
            // TESTSET copies when the jump is taken
            line(`if (${res}) { ${go(pc + 2)} } else { ${R(a)} = x; ${jump} } }`);
            pc++; // the JMP is part of the test
            terminated = true;
            break;
          }
          line(`if (${res}) { ${go(pc + 2)} } else { ${jump} } }`);
          pc++;
          terminated = true;
          break;
        }
        case Op.CALL: {
          const bb = B(i);
          const nresults = C(i) - 1;
          line(`{ ${bb !== 0 ? `th.top = b + ${a + bb};` : ""} ${setPc} const r = callOp(L, th, ci, b + ${a}, ${nresults}); if (r >= 0) return r; }`);
          terminated = true;
          break;
        }
        case Op.TAILCALL: {
          const bb = B(i);
          // a builtin's results fall through to the RETURN that follows
          line(`{ ${bb !== 0 ? `th.top = b + ${a + bb};` : ""} ${setPc} const r = tailCallOp(L, th, ci, b + ${a}, ${p.p.length > 0}); if (r >= 0) return r; }`);
          terminated = true;
          break;
        }
        case Op.RETURN: {
          const bb = B(i);
          line(`${p.p.length > 0 ? "L.closeUpvals(b); " : ""}return returnOp(th, ci, b + ${a}, ${bb !== 0 ? String(bb - 1) : `th.top - b - ${a}`});`);
          terminated = true;
          break;
        }
        case Op.FORLOOP: {
          const target = next + SBX(i);
          line(`{ const ra = b + ${a}; const step = s[ra + 2];
            if (typeof step === "number") { const idx = s[ra] + step;
              if (step > 0 ? idx <= s[ra + 1] : s[ra + 1] <= idx) { s[ra] = idx; s[ra + 3] = idx; ${go(target)} } }
            else if (step instanceof LuaFloat) { const st = step.n; const idx = s[ra] + st; const limit = s[ra + 1];
              if (0 < st ? idx <= limit : limit <= idx) { s[ra] = idx; s[ra + 3] = mkFloat(idx); ${go(target)} } }
            else { const idx = BigInt.asIntN(64, s[ra] + step); const limit = s[ra + 1];
              if (0n < step ? idx <= limit : limit <= idx) { s[ra] = idx; s[ra + 3] = mkIntBig(idx); ${go(target)} } } }`);
          terminated = true;
          break;
        }
        case Op.FORPREP:
          line(`${setPc} forPrep(s, b + ${a}); ${go(next + SBX(i))}`);
          terminated = true;
          break;
        case Op.TFORCALL: {
          const nres = C(i);
          line(`{ const ra = b + ${a}; const cb = ra + 3; const f = s[ra]; ${setPc}
            if (f === L.nextFn && f !== undefined && s[ra + 1] instanceof LuaTable) {
              const out = L.pair;
              if (s[ra + 1].next(s[ra + 2], out)) { s[cb] = out[0]; s[cb + 1] = out[1]; } else { s[cb] = undefined; s[cb + 1] = undefined; }
              ${nres > 2 ? `for (let j = 2; j < ${nres}; j++) s[cb + j] = undefined;` : ""}
            } else {
              s[cb] = f; s[cb + 1] = s[ra + 1]; s[cb + 2] = s[ra + 2]; th.top = cb + 3;
              let fn = f;
              if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(cb);
              if (fn instanceof LuaClosure) { L.precallLua(fn, cb, th.top - cb - 1, ${nres}); return 1; }
              L.callBuiltin(fn, cb, th.top - cb - 1, ${nres});
              if (th.yieldedQuick) return 0;
              th.top = ci.top;
            } }`);
          terminated = true;
          break;
        }
        case Op.TFORLOOP:
          line(`{ const v = s[b + ${a + 1}]; if (v !== undefined) { s[b + ${a}] = v; ${go(next + SBX(i))} } }`);
          terminated = true;
          break;
        case Op.SETLIST: {
          const nb = B(i);
          let c = C(i);
          if (c === 0) {
            c = code[pc + 1]! >>> 6;
            pc++;
          }
          const first = (c - 1) * LFIELDS_PER_FLUSH + 1;
          line(`{ const ra = b + ${a}; const n = ${nb !== 0 ? String(nb) : "th.top - ra - 1"}; const t = s[ra];
            for (let j = 1; j <= n; j++) t.setInt(${first} + j - 1, s[ra + j]); th.top = ci.top; }`);
          break;
        }
        case Op.CLOSURE:
          line(`{ const np = ci.cl.p.p[${BX(i)}]; MEM.alloc += SIZE.closure + np.upvalues.length * SIZE.upvalue;
            if (MEM.alloc > MEM.threshold) { ${setPc} MEM.owner?.memoryPressure(0); }
            ${R(a)} = L.newClosure(np, ci.cl, b); }`);
          break;
        case Op.VARARG: {
          const want = B(i) - 1;
          line(`{ const ra = b + ${a}; let n = b - ci.func - ${p.numparams + 1}; if (n < 0) n = 0;
            ${want < 0 ? `const want = n; ${setPc} if (n > 16) L.charge(n >> 3); L.ensureStack(ra + n + 1); th.top = ra + n;` : `const want = ${want};`}
            let j = 0; for (; j < want && j < n; j++) s[ra + j] = s[b - n + j]; for (; j < want; j++) s[ra + j] = undefined; }`);
          break;
        }
        default:
          // EXTRAARG or an unknown opcode: the interpreter reports it
          counted.pop();
          line(`ci.pc = ${pc}; return 2;`);
          terminated = true;
          break;
      }
      body.push("");
      pc++;
      if (terminated) break;
    }
    // refunds: when the instruction at counted[j] fails, counted.length - j - 1 did not run
    for (let j = 0; j < counted.length; j++) refund[counted[j]! + 1] = counted.length - j - 1;
    const nIns = counted.length;
    emit(`case ${start}:`);
    if (nIns > 0) emit(`if (L.steps < ${nIns}) { ci.pc = ${start}; return 2; } L.steps -= ${nIns};`);
    for (const l of body) emit(l.replace(REENTRANT, (_, at: string, stmts: string) => withRest(refund[Number(at) + 1]!, stmts)));
    // a block that ends without a terminator falls through into the next case
  }
  const kDecls = [...usedK].sort((x, y) => x - y).map((idx) => `const k${idx} = K[${idx}];`).join("\n");
  // one function per region; a region's end falls through to the next region
  const fns = outs.map((cases, r) => {
    const end = r + 1 < nRegions ? regionOf.indexOf(r + 1) : n;
    return `function compiled${nRegions > 1 ? r : ""}(L, ci) {
  const th = L.th; const s = th.stack; const b = ci.base; const U = ci.cl.upvals;
  const nest = L.jitNest;
  let pc = ci.pc;
  let pend = 0; // instructions handed back around a slow path that may run Lua code
  try {
    for (;;) {
      switch (pc) {
${cases.join("\n")}
      ${nRegions > 1 ? `ci.pc = ${end}; return 3;` : ""}
      case ${n}:
      default: ci.pc = pc; return 2;
      }
    }
  } catch (e) {
    // the rest of the block did not run (a limit error has already settled the count)
    // (around a slow path they were handed back already)
    if (!(e instanceof LuaLimitError)) L.steps += pend !== 0 ? 0 : RF[ci.pc] | 0;
    L.jitNest = nest;
    if (e === YIELD) throw e;
    throw L.toLuaError(e);
  }
}`;
  });
  const source = nRegions === 1
    ? `${kDecls}\nreturn ${fns[0]};`
    : `${kDecls}\nconst F = [${fns.join(",\n")}];
return function compiled(L, ci) {
  // a frame moves between the regions' functions at their boundaries
  for (;;) { const r = F[RO[ci.pc]](L, ci); if (r !== 3) return r; }
};`;
  return { source, refund, regionOf };
}

function build(p: Proto): CompiledFrame {
  const { source, refund, regionOf } = generate(p);
  const factory = new Function(
    "K", "RF", "LuaTable", "LuaClosure", "LuaBuiltin", "LuaFloat", "LuaRunError", "MEM", "SIZE", "NOSLOT", "YIELD",
    "forPrep", "mkFloat", "mkIntBig", "LuaLimitError", "execute", "MAX_NEST", "callOp", "tailCallOp", "returnOp", "RO", source,
  ) as (...args: unknown[]) => CompiledFrame;
  return factory(p.k, refund, LuaTable, LuaClosure, LuaBuiltin, LuaFloat, LuaRunError, MEM, SIZE, NOSLOT, YIELD, forPrep, mkFloat, mkIntBig, LuaLimitError, execute, MAX_NEST,
    callOp, tailCallOp, returnOp, regionOf);
}

// ------------------------------------------------------------------------------ shared steps
// The call and return sequences, shared by every compiled function instead of written into
// each (smaller generated code is optimised sooner and more often by V8).

/** OP_CALL of the value at `func` (arguments up to th.top, ci.pc saved): -1 to go on, else an Exit. */
function callOp(L: LuaState, th: LuaState["th"], ci: CallInfo, func: number, nresults: number): number {
  let fn = th.stack[func];
  if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(func);
  if (fn instanceof LuaClosure) {
    const nci = L.precallLua(fn, func, th.top - func - 1, nresults);
    // a thread that cannot yield runs compiled callees by a direct (bounded) JS call
    const jit = fn.p.jit;
    if (th.nny === 0 || L.jitNest >= MAX_NEST || !jit) return Exit.Switch;
    nci.fresh = true;
    L.jitNest++;
    // straight into the callee's code; the dispatcher only when it leaves its frame otherwise
    // than by returning (a call it trampolines, the interpreter for a budget stop)
    if (jit(L, nci) !== Exit.Done) execute(L);
    L.jitNest--;
  } else {
    L.callBuiltin(fn as LuaBuiltin, func, th.top - func - 1, nresults);
    if (th.yieldedQuick) return Exit.Done;
  }
  if (nresults >= 0) th.top = ci.top;
  return -1;
}

/** OP_TAILCALL (upvalues closed first when the prototype has closures): -1 to go on (a builtin was called), else an Exit. */
function tailCallOp(L: LuaState, th: LuaState["th"], ci: CallInfo, func: number, close: boolean): number {
  let fn = th.stack[func];
  if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(func);
  if (fn instanceof LuaClosure) {
    if (close) L.closeUpvals(ci.base);
    const s = th.stack;
    const nargs = th.top - func - 1;
    const dst = ci.func;
    for (let j = 0; j <= nargs; j++) s[dst + j] = s[func + j];
    L.retargetTail(ci, fn, nargs);
    return Exit.Switch;
  }
  L.callBuiltin(fn as LuaBuiltin, func, th.top - func - 1, -1);
  // the builtin's results are at func..th.top: the RETURN that follows hands them on
  return th.yieldedQuick ? Exit.Done : -1;
}

/** OP_RETURN of n values from ra (upvalues already closed): an Exit. */
function returnOp(th: LuaState["th"], ci: CallInfo, ra: number, n: number): Exit {
  const s = th.stack;
  const wanted = ci.nresults;
  const res = ci.func;
  if (wanted < 0) {
    for (let j = 0; j < n; j++) s[res + j] = s[ra + j];
    th.top = res + n;
  } else {
    let j = 0;
    for (; j < n && j < wanted; j++) s[res + j] = s[ra + j];
    for (; j < wanted; j++) s[res + j] = undefined;
    th.top = res + wanted;
  }
  th.ciIdx--;
  if (ci.fresh) return Exit.Done;
  if (wanted >= 0) th.top = th.cis[th.ciIdx]!.top;
  return Exit.Switch;
}
