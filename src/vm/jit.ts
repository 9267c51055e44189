// The compiled tier: a hot prototype becomes one JavaScript function (issue 11).
//
// The function runs one frame of the prototype on the interpreter's own frame layout: the
// register file is th.stack from ci.base, kept in JS locals in between and written back
// wherever anything else may read it (see "registers" below), and ci.pc is kept at every
// point where the frame may leave, so it can move between the tiers at any basic-block
// boundary. A Lua call enters a compiled callee directly up to MAX_NEST deep and otherwise
// returns to the dispatcher in interpreter.ts (execute), so Lua recursion never grows the JS
// stack without bound; the function also leaves whenever a block cannot be charged in full
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
import { ChainCache, LuaTable, NOCACHE, SHAPES, shapeAnchor } from "./table.js";
import { LuaFloat, mkFloat, mkIntBig } from "./value.js";
import { forPrep } from "./for-prep.js";
import { execute } from "./interpreter.js";
import { ipairsAux } from "./lib/base.js";

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

// ------------------------------------------------------------------------------ registers
// Registers live in JavaScript locals (r0, r1, …), so V8 keeps them in machine registers,
// unboxed, across a loop. The stack stays the frame's truth wherever anything else may look
// at it: a register newer in its local ("dirty") is written back before a call, a slow path
// (a metamethod may run Lua code, yield or error), an allocation that may start a memory
// measurement (it walks the stack), and every exit from the function; locals are loaded
// again where the stack changed under them (call results, FORPREP). Registers a closure of
// the prototype captures stay in the stack: their upvalues point there.

/** Registers p keeps in JS locals: every register no closure of p captures. */
function localRegs(p: Proto): boolean[] {
  const local = new Array<boolean>(p.maxstacksize).fill(true);
  for (const np of p.p) for (const u of np.upvalues) if (u.instack) local[u.idx] = false;
  return local;
}

/** The pcs control may reach after the instruction at pc (a test's JMP and EXTRAARGs are skipped). */
function successors(code: ArrayLike<number>, pc: number): number[] {
  const i = code[pc]!;
  switch (i & 0x3f) {
    case Op.JMP: return [pc + 1 + SBX(i)];
    case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: return [pc + 2, pc + 2 + SBX(code[pc + 1]!)];
    case Op.LOADBOOL: return [C(i) !== 0 ? pc + 2 : pc + 1];
    case Op.FORLOOP: case Op.TFORLOOP: return [pc + 1 + SBX(i), pc + 1];
    case Op.FORPREP: return [pc + 1 + SBX(i)];
    case Op.RETURN: return [];
    case Op.LOADKX: return [pc + 2];
    case Op.SETLIST: return [C(i) === 0 ? pc + 2 : pc + 1];
    default: return [pc + 1];
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, j) => from + j);

/**
 * The registers the instruction at pc leaves newer in their locals than in the stack; null
 * when it writes every dirty register back and its own results land in the stack (a call).
 */
function localWrites(code: ArrayLike<number>, pc: number): number[] | null {
  const i = code[pc]!;
  const op = i & 0x3f;
  const a = A(i);
  switch (op) {
    case Op.CALL: case Op.TAILCALL: return null;
    case Op.VARARG: return B(i) === 0 ? null : range(a, a + B(i) - 2);
    case Op.LOADNIL: return range(a, a + B(i));
    case Op.SELF: return [a, a + 1];
    case Op.FORLOOP: return [a, a + 3];
    case Op.FORPREP: return []; // reloaded from the stack forPrep wrote
    case Op.TFORCALL: return range(a + 3, a + 2 + C(i));
    case Op.SETTABUP: case Op.SETUPVAL: case Op.SETTABLE: case Op.JMP: case Op.EQ: case Op.LT:
    case Op.LE: case Op.TEST: case Op.RETURN: case Op.SETLIST: case Op.EXTRAARG:
      return [];
    default:
      return [a];
  }
}

/**
 * dirty[pc * W + r] (W = maxstacksize): register r may be newer in its local than in the
 * stack when pc is reached. A forward may-analysis; entering from the dispatcher starts
 * clean (every local has just been loaded).
 */
function dirtyRegs(p: Proto, local: boolean[]): Uint8Array {
  const code = p.code;
  const n = code.length;
  const W = p.maxstacksize;
  const dirty = new Uint8Array((n + 2) * W);
  const queued = new Uint8Array(n).fill(1);
  const work: number[] = [];
  for (let pc = n - 1; pc >= 0; pc--) work.push(pc);
  const out = new Uint8Array(W);
  while (work.length > 0) {
    const pc = work.pop()!;
    queued[pc] = 0;
    const w = localWrites(code, pc);
    if (w === null) out.fill(0);
    else {
      out.set(dirty.subarray(pc * W, pc * W + W));
      for (const r of w) if (r < W && local[r]) out[r] = 1;
    }
    if ((code[pc]! & 0x3f) === Op.FORPREP) out.fill(0, A(code[pc]!), A(code[pc]!) + 3); // written back and reloaded
    for (const t of successors(code, pc)) {
      if (t >= n) continue;
      let changed = false;
      for (let r = 0; r < W; r++) {
        if (out[r] && !dirty[t * W + r]) {
          dirty[t * W + r] = 1;
          changed = true;
        }
      }
      if (changed && !queued[t]) {
        queued[t] = 1;
        work.push(t);
      }
    }
  }
  return dirty;
}

/** The registers the instruction at pc may read (conservatively: a variable count reads every register above). */
function regUses(code: ArrayLike<number>, pc: number, W: number): number[] {
  const i = code[pc]!;
  const op = i & 0x3f;
  const a = A(i), b = B(i), c = C(i);
  const rk = (x: number): number[] => (x & 256 ? [] : [x]);
  const upTo = (from: number, count: number): number[] => (count === 0 ? range(from, W - 1) : range(from, from + count - 1));
  switch (op) {
    case Op.MOVE: case Op.UNM: case Op.BNOT: case Op.NOT: case Op.LEN: case Op.TESTSET: return [b];
    case Op.LOADK: case Op.LOADKX: case Op.LOADBOOL: case Op.LOADNIL: case Op.GETUPVAL: case Op.NEWTABLE:
    case Op.CLOSURE: case Op.VARARG: case Op.JMP: case Op.EXTRAARG:
      return []; // (closures and JMP's upvalue closing use captured registers, which live in the stack)
    case Op.GETTABUP: return rk(c);
    case Op.GETTABLE: case Op.SELF: return [b, ...rk(c)];
    case Op.SETTABUP: return [...rk(b), ...rk(c)];
    case Op.SETUPVAL: case Op.TEST: return [a];
    case Op.SETTABLE: return [a, ...rk(b), ...rk(c)];
    case Op.CONCAT: return range(b, c);
    case Op.CALL: case Op.TAILCALL: return upTo(a, b);
    case Op.RETURN: return b === 0 ? range(a, W - 1) : range(a, a + b - 2);
    case Op.FORLOOP: case Op.FORPREP: case Op.TFORCALL: return [a, a + 1, a + 2];
    case Op.TFORLOOP: return [a + 1];
    case Op.SETLIST: return b === 0 ? range(a, W - 1) : range(a, a + b);
    default:
      if (op >= Op.ADD && op <= Op.SHR) return [...rk(b), ...rk(c)];
      if (op === Op.EQ || op === Op.LT || op === Op.LE) return [...rk(b), ...rk(c)];
      return range(0, W - 1);
  }
}

/** The registers the instruction at pc certainly writes (conditional writes kill nothing). */
function regKills(code: ArrayLike<number>, pc: number): number[] {
  const i = code[pc]!;
  const op = i & 0x3f;
  const a = A(i);
  switch (op) {
    case Op.MOVE: case Op.LOADK: case Op.LOADKX: case Op.LOADBOOL: case Op.GETUPVAL: case Op.GETTABUP:
    case Op.GETTABLE: case Op.NEWTABLE: case Op.UNM: case Op.BNOT: case Op.NOT: case Op.LEN: case Op.CONCAT:
    case Op.CLOSURE:
      return [a];
    case Op.LOADNIL: return range(a, a + B(i));
    case Op.SELF: return [a, a + 1];
    case Op.VARARG: return B(i) === 0 ? [] : range(a, a + B(i) - 2);
    case Op.CALL: return C(i) === 0 ? [] : range(a, a + C(i) - 2);
    case Op.TFORCALL: return range(a + 3, a + 2 + C(i));
    default:
      return op >= Op.ADD && op <= Op.SHR ? [a] : [];
  }
}

/**
 * live[pc * W + r]: register r may be read at pc or later before it is written (a backward
 * may-analysis). A dead register need not be written back: nothing will read it.
 */
function liveRegs(p: Proto): Uint8Array {
  const code = p.code;
  const n = code.length;
  const W = p.maxstacksize;
  const live = new Uint8Array((n + 2) * W);
  const preds: number[][] = Array.from({ length: n + 2 }, () => []);
  for (let pc = 0; pc < n; pc++) for (const t of successors(code, pc)) if (t < n) preds[t]!.push(pc);
  const queued = new Uint8Array(n).fill(1);
  const work: number[] = [];
  for (let pc = 0; pc < n; pc++) work.push(pc); // popped from the end: the last pc first
  const inSet = new Uint8Array(W);
  while (work.length > 0) {
    const pc = work.pop()!;
    queued[pc] = 0;
    inSet.fill(0);
    for (const t of successors(code, pc)) if (t < n) for (let r = 0; r < W; r++) if (live[t * W + r]) inSet[r] = 1;
    for (const r of regKills(code, pc)) if (r < W) inSet[r] = 0;
    for (const r of regUses(code, pc, W)) if (r < W) inSet[r] = 1;
    let changed = false;
    for (let r = 0; r < W; r++) {
      if (inSet[r] && !live[pc * W + r]) {
        live[pc * W + r] = 1;
        changed = true;
      }
    }
    if (changed) {
      for (const q of preds[pc]!) {
        if (!queued[q]) {
          queued[q] = 1;
          work.push(q);
        }
      }
    }
  }
  return live;
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
  const W = p.maxstacksize;
  const lead = leaders(p);
  const refund = new Int32Array(n + 2);
  const usedK = new Set<number>();
  const K = (idx: number): string => {
    usedK.add(idx);
    return `k${idx}`;
  };
  const local = localRegs(p);
  const isLocal = (r: number): boolean => r < W && local[r]!;
  const R = (r: number): string => (isLocal(r) ? `r${r}` : `s[b + ${r}]`);
  const RK = (x: number): string => (x & 256 ? K(x & 255) : R(x));
  const slot = (x: number): string => (x & 256 ? "NOSLOT" : String(x));
  const kIsString = (x: number): boolean => (x & 256) !== 0 && typeof p.k[x & 255] === "string";
  /**
   * The operand tests of an instruction's code (its operands are `x` from RK(B) and `y` from
   * RK(C)) with those on a constant decided here: V8 then drops them and the paths they close.
   */
  const decided = (text: string, bb: number, c: number): string => {
    let out = text;
    for (const [name, rk] of [["x", bb], ["y", c]] as const) {
      if ((rk & 256) === 0) continue;
      const k = p.k[rk & 255];
      const num = typeof k === "number";
      out = out
        .replaceAll(`typeof ${name} === "number"`, String(num))
        .replaceAll(`${name} instanceof LuaFloat`, String(!num && k instanceof LuaFloat));
      if (num) out = out.replaceAll(`Number.isInteger(${name})`, String(Number.isInteger(k)));
    }
    return out;
  };

  const dirty = dirtyRegs(p, local);
  /** Locals dirty on reaching pc. */
  const dirtyAt = (at: number): number[] => {
    const regs: number[] = [];
    for (let r = 0; r < W; r++) if (dirty[at * W + r]) regs.push(r);
    return regs;
  };
  /** Write the locals `regs` back to the stack. */
  const spill = (regs: readonly number[]): string => regs.filter(isLocal).map((r) => `s[b + ${r}] = r${r};`).join(" ");
  const live = liveRegs(p);
  const liveIn = (at: number, r: number): boolean => at < n && live[at * W + r] === 1;
  /** Live on reaching pc or after it (pc's successors): what an exit or a call at pc must keep. */
  const liveAround = (at: number, r: number): boolean => liveIn(at, r) || successors(code, at).some((t) => liveIn(t, r));
  /** Write back the live ones of `regs` (whoever looks next reads the stack) and drop the dead
   *  ones (so that no value hides in a local from a memory measurement, which walks the stack). */
  const flush = (at: number, regs: readonly number[]): string =>
    regs.filter(isLocal).map((r) => (liveAround(at, r) ? `s[b + ${r}] = r${r};` : `r${r} = undefined;`)).join(" ");
  /** The ones of `regs` live on reaching `at`. */
  const liveAt = (at: number, regs: readonly number[]): number[] => regs.filter((r) => liveIn(at, r));
  /** Load the locals `regs` from the stack. */
  const reload = (regs: readonly number[]): string => regs.filter(isLocal).map((r) => `r${r} = s[b + ${r}];`).join(" ");

  // inline caches of constant-key reads through __index tables: the metatable, epoch and
  // value of the last answer, per site (kept in the factory's scope, beside the constants)
  const icDecls: string[] = [];
  /**
   * A raw read of the constant string `key` from LuaTable `t` into `v`: the own fields read
   * in place (each site gets V8's own inline cache on the fields' hidden class), the slow
   * getStr only for a table with a base (a fork's globals, a view of facts).
   */
  const strGet = (t: string): string =>
    `(v = (${t}.strs !== undefined && (v = ${t}.strs[key]) !== undefined) || ${t}.base === undefined ? v : ${t}.getStr(key))`;
  /** A raw read of `key` from LuaTable `t` into `v` (RK operand `rk`). */
  const rawGet = (t: string, rk: number): string => (kIsString(rk) ? strGet(t) : `(v = ${t}.get(key))`);
  /**
   * Raw writes of `v` to the constant string key `key` (operand `rk`) of LuaTable `t` that
   * need no metamethod and no setStr: rewriting an existing own field in place, and adding
   * a new one to a table without cleared keys (so an undefined field is absent, not a
   * tombstone) whose metatable, if any, has no __newindex. Each site's `s[key]` is its own V8
   * inline cache (a constructor's fields become hidden-class transitions). "__index" and
   * "__newindex" take setStr, which also drops the table's cached copies of them. `guard` writes registers back when `added` may measure memory.
   */
  const strSetFast = (t: string, rk: number, guard: string): string =>
    kIsString(rk) && p.k[rk & 255] !== "__index" && p.k[rk & 255] !== "__newindex"
      ? `let fs; if (${t} instanceof LuaTable && (fs = ${t}.strs) !== undefined && fs[key] !== undefined && v !== undefined && !${t}.shared && !${t}.watched) fs[key] = v;
            else if (${t} instanceof LuaTable && (${t}.metatable === undefined || ${t}.metatable.metaNewindex() === undefined) && ${t}.strDead === 0 && v !== undefined && !${t}.shared && !${t}.watched) { ${guard} (${t}.strs ?? ${t}.newStrs())[key] = v; ${t}.added(); ${anchorShape(t)} }
            else `
      : "";
  /** Keep the shape the first table a field store site adds to (see table.ts shapeAnchor). */
  const anchorShape = (t: string): string => {
    icDecls.push(`let sk${pc} = undefined;`);
    return `if (sk${pc} === undefined) sk${pc} = shapeAnchor(${t}.strs);`;
  };
  const inlineCache = (t: string, at: number, dst: number): string => {
    icDecls.push(`const ic${at} = new ChainCache();`);
    return `else if (${t} instanceof LuaTable && (v = ic${at}.lookup(${t}, key)) !== NOCACHE) ${R(dst)} = v;`;
  };

  const regionOf = regions(p);
  const nRegions = regionOf[n]! + 1;
  const outs: string[][] = Array.from({ length: nRegions }, () => []);
  let out = outs[0]!;
  const emit = (s: string): void => {
    out.push(s);
  };
  // a jump: within the region a switch case (the locals carry over), to another region
  // through the wrapper (Exit 3), writing the dirty locals back first
  let region = 0;
  const go = (target: number, dirtyNow: readonly number[]): string =>
    regionOf[target] === region ? `pc = ${target}; continue;` : `${spill(liveAt(target, dirtyNow))} ci.pc = ${target}; return 3;`;

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
      const before = dirtyAt(pc);
      const writes = localWrites(code, pc) ?? [];
      const after = [...new Set([...before, ...writes.filter(isLocal)])];
      const spillBefore = flush(pc, before);
      // A slow path writes the dirty locals back first (it may run Lua code, which may
      // yield, or measure memory) and its own result to the stack after (it may leave here).
      // When it may run Lua code it hands back the block's instructions after this one and
      // charges them again on return, exiting to the interpreter when they no longer fit:
      // the budget then stops where the interpreter would stop.
      const reentrant = (stmts: string, wrote: readonly number[] = []): string =>
        `${spillBefore} pend = @REST${pc}@; L.steps += pend; ${stmts} ${spill(wrote)} if (L.steps < pend) { pend = 0; return 2; } L.steps -= pend; pend = 0;`;
      // before a raw table write, which may start a memory measurement
      const memGuard = before.length > 0 ? `if (MEM.alloc > MEM.threshold - 64) { ${spillBefore} }` : "";
      // a boxed (whole) float operand: float arithmetic on the plain numbers, when no NaN is
      // involved (a NaN's sign takes the slow path's care)
      const floatCase = (sym: string): string =>
        `else if ((x instanceof LuaFloat || y instanceof LuaFloat) && (typeof x === "number" || x instanceof LuaFloat) && (typeof y === "number" || y instanceof LuaFloat)
              && (r = (typeof x === "number" ? x : x.n) ${sym} (typeof y === "number" ? y : y.n)) === r) ${R(a)} = Number.isInteger(r) ? new LuaFloat(r) : r;`;
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
            line(go(pc + 2, after));
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
            let v; if (t instanceof LuaTable && (${rawGet("t", c)} !== undefined || t.metatable === undefined)) ${R(a)} = v;
            ${kIsString(c) ? inlineCache("t", pc, a) : ""}
            else { ${reentrant(`${R(a)} = L.index(t, key, ${-B(i) - 1});`, [a])} } }`);
          break;
        }
        case Op.GETTABLE: {
          const c = C(i);
          line(`{ const t = ${R(B(i))}; const key = ${RK(c)}; ${setPc}
            let v; if (t instanceof LuaTable && (${rawGet("t", c)} !== undefined || t.metatable === undefined)) ${R(a)} = v;
            ${kIsString(c) ? inlineCache("t", pc, a) : ""}
            else { ${reentrant(`${R(a)} = L.index(t, key, ${B(i)});`, [a])} } }`);
          break;
        }
        case Op.SETTABUP: {
          const bb = B(i);
          line(`{ const u = U[${a}]; const t = u.s[u.i]; const key = ${RK(bb)}; const v = ${RK(C(i))}; ${setPc}
            ${strSetFast("t", bb, memGuard)}if (t instanceof LuaTable && (t.metatable === undefined || ${kIsString(bb) ? "t.getStr(key)" : "t.get(key)"} !== undefined)) { ${memGuard} ${kIsString(bb) ? "t.setStr(key, v)" : "t.set(key, v)"}; }
            else { ${reentrant(`L.setIndex(t, key, v, ${-a - 1});`)} } }`);
          break;
        }
        case Op.SETUPVAL:
          line(`{ const u = U[${B(i)}]; if (u.frozen) { ${setPc} throw new LuaRunError("attempt to modify a frozen upvalue"); } u.s[u.i] = ${R(a)}; }`);
          break;
        case Op.SETTABLE:
          line(`{ const t = ${R(a)}; const key = ${RK(B(i))}; const v = ${RK(C(i))}; ${setPc}
            ${strSetFast("t", B(i), memGuard)}if (t instanceof LuaTable && (t.metatable === undefined || ${kIsString(B(i)) ? "t.getStr(key)" : "t.get(key)"} !== undefined)) { ${memGuard} ${kIsString(B(i)) ? "t.setStr(key, v)" : "t.set(key, v)"}; } else { ${reentrant(`L.setIndex(t, key, v, ${a});`)} } }`);
          break;
        case Op.NEWTABLE:
          line(`${R(a)} = new LuaTable(); MEM.alloc += SIZE.table; if (MEM.alloc > MEM.threshold) { ${setPc} ${flush(pc, after)} MEM.owner?.memoryPressure(0); }`);
          break;
        case Op.SELF: {
          const c = C(i);
          // the slow path also writes back R(a + 1), already set
          line(`{ const obj = ${R(B(i))}; const key = ${RK(c)}; ${R(a + 1)} = obj; ${setPc}
            let v; if (obj instanceof LuaTable && (${rawGet("obj", c)} !== undefined || obj.metatable === undefined)) ${R(a)} = v;
            ${kIsString(c) ? inlineCache("obj", pc, a) : ""}
            else { ${spill([a + 1])} ${reentrant(`${R(a)} = L.index(obj, key, ${B(i)});`, [a])} } }`);
          break;
        }
        case Op.ADD: case Op.SUB: case Op.MUL: {
          const sym = op === Op.ADD ? "+" : op === Op.SUB ? "-" : "*";
          const bb = B(i), c = C(i);
          // plain numbers: an integer result that stays safe, or a float result that is not
          // whole (a whole float needs its box); everything else takes the slow path
          line(decided(`{ const x = ${RK(bb)}, y = ${RK(c)}; let r;
            if (typeof x === "number" && typeof y === "number" && (Number.isInteger(x) && Number.isInteger(y) ? Number.isSafeInteger(r = x ${sym} y) : !Number.isInteger(r = x ${sym} y))) ${R(a)} = r${op === Op.MUL ? " + 0" : ""};
            ${floatCase(sym)}
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${op - Op.ADD}, x, y, ${slot(bb)}, ${slot(c)});`, [a])} } }`, bb, c));
          break;
        }
        case Op.DIV: {
          const bb = B(i), c = C(i);
          line(decided(`{ const x = ${RK(bb)}, y = ${RK(c)}; let r;
            if (typeof x === "number" && typeof y === "number" && !Number.isInteger(r = x / y)) ${R(a)} = r;
            ${floatCase("/")}
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.DIV}, x, y, ${slot(bb)}, ${slot(c)});`, [a])} } }`, bb, c));
          break;
        }
        case Op.MOD: {
          const bb = B(i), c = C(i);
          line(decided(`{ const x = ${RK(bb)}, y = ${RK(c)};
            if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) { const m = x % y; ${R(a)} = m !== 0 && (m < 0) !== (y < 0) ? m + y : m + 0; }
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.MOD}, x, y, ${slot(bb)}, ${slot(c)});`, [a])} } }`, bb, c));
          break;
        }
        case Op.IDIV: {
          const bb = B(i), c = C(i);
          line(decided(`{ const x = ${RK(bb)}, y = ${RK(c)};
            if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) ${R(a)} = Math.floor(x / y) + 0;
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.IDIV}, x, y, ${slot(bb)}, ${slot(c)});`, [a])} } }`, bb, c));
          break;
        }
        case Op.BAND: case Op.BOR: case Op.BXOR: {
          const sym = op === Op.BAND ? "&" : op === Op.BOR ? "|" : "^";
          const bb = B(i), c = C(i);
          line(decided(`{ const x = ${RK(bb)}, y = ${RK(c)};
            if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) ${R(a)} = x ${sym} y;
            else { ${setPc} ${reentrant(`${R(a)} = L.arith(${op - Op.ADD}, x, y, ${slot(bb)}, ${slot(c)});`, [a])} } }`, bb, c));
          break;
        }
        case Op.POW: case Op.SHL: case Op.SHR: {
          const bb = B(i), c = C(i);
          line(`${setPc} ${reentrant(`${R(a)} = L.arith(${op - Op.ADD}, ${RK(bb)}, ${RK(c)}, ${slot(bb)}, ${slot(c)});`, [a])}`);
          break;
        }
        case Op.UNM: {
          const bb = B(i);
          line(`{ const x = ${R(bb)}; if (typeof x === "number" && x !== 0 && x === x) ${R(a)} = -x; else { ${setPc} ${reentrant(`${R(a)} = L.arith(${ArithOp.UNM}, x, x, ${bb}, ${bb});`, [a])} } }`);
          break;
        }
        case Op.BNOT: {
          const bb = B(i);
          line(`${setPc} { const x = ${R(bb)}; ${reentrant(`${R(a)} = L.arith(${ArithOp.BNOT}, x, x, ${bb}, ${bb});`, [a])} }`);
          break;
        }
        case Op.NOT:
          line(`{ const x = ${R(B(i))}; ${R(a)} = x === undefined || x === false; }`);
          break;
        case Op.LEN: {
          const bb = B(i);
          line(`{ const x = ${R(bb)}; if (typeof x === "string") ${R(a)} = x.length;
            else if (x instanceof LuaTable && x.metatable === undefined) ${R(a)} = x.length();
            else { ${setPc} ${reentrant(`${R(a)} = L.len(x, ${bb});`, [a])} } }`);
          break;
        }
        case Op.CONCAT: {
          const bb = B(i), c = C(i);
          // the slow path concatenates in the stack (its operands are temporaries, dead after)
          const slowConcat = reentrant(`${spill(range(bb, c))} L.concat(b + ${bb}, b + ${c}); ${R(a)} = s[b + ${bb}];`, [a]);
          if (c === bb + 1) {
            line(`{ const x = ${R(bb)}, y = ${R(c)}; ${setPc}
              if (typeof x === "string" && typeof y === "string") { const r = x + y; MEM.alloc += r.length + SIZE.string; if (MEM.alloc > MEM.threshold) { ${spillBefore} MEM.owner?.memoryPressure(0); } ${R(a)} = r; }
              else { ${slowConcat} } }`);
          } else {
            line(`${setPc} ${slowConcat}`);
          }
          break;
        }
        case Op.JMP: {
          if (a !== 0) line(`L.closeUpvals(b + ${a - 1});`);
          line(go(next + SBX(i), after));
          terminated = true;
          break;
        }
        case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: {
          const j = code[pc + 1]!;
          const ja = A(j);
          const target = pc + 2 + SBX(j);
          const jump = `${ja !== 0 ? `L.closeUpvals(b + ${ja - 1}); ` : ""}${go(target, after)}`;
          const bb = B(i), c = C(i);
          let res: string;
          if (op === Op.EQ) {
            line(decided(`{ const x = ${RK(bb)}, y = ${RK(c)}; let eq;
              if (x === y) eq = !(x instanceof LuaFloat) || x.n === x.n;
              else if (typeof x === typeof y && typeof x !== "object") eq = false;
              else { ${setPc} ${spillBefore} eq = L.equals(x, y); }`, bb, c));
            res = `eq !== ${a !== 0}`;
          } else if (op === Op.LT || op === Op.LE) {
            const cmp = op === Op.LT ? "<" : "<=";
            line(decided(`{ const x = ${RK(bb)}, y = ${RK(c)}; let r;
              if ((typeof x === "number" && typeof y === "number") || (typeof x === "string" && typeof y === "string")) r = x ${cmp} y;
              else if ((typeof x === "number" || x instanceof LuaFloat) && (typeof y === "number" || y instanceof LuaFloat)) r = (typeof x === "number" ? x : x.n) ${cmp} (typeof y === "number" ? y : y.n);
              else { ${setPc} ${spillBefore} r = ${op === Op.LT ? "L.lessThan(x, y)" : "L.lessEqual(x, y)"}; }`, bb, c));
            res = `r !== ${a !== 0}`;
          } else if (op === Op.TEST) {
            line(`{ const x = ${R(a)};`);
            res = c !== 0 ? "(x === undefined || x === false)" : "!(x === undefined || x === false)";
          } else {
            line(`{ const x = ${R(bb)};`);
            res = c !== 0 ? "(x === undefined || x === false)" : "!(x === undefined || x === false)";
            // TESTSET copies when the jump is taken
            line(`if (${res}) { ${go(pc + 2, before)} } else { ${R(a)} = x; ${jump} } }`);
            pc++; // the JMP is part of the test
            terminated = true;
            break;
          }
          line(`if (${res}) { ${go(pc + 2, before)} } else { ${jump} } }`);
          pc++;
          terminated = true;
          break;
        }
        case Op.CALL: {
          const bb = B(i);
          const nresults = C(i) - 1;
          // results land in the stack: fixed ones are loaded, multiple ones stay there for the
          // CALL, RETURN or SETLIST that follows (which read the stack)
          // A compiled callee is called right here (callOp's direct call, inline): the call
          // site's own feedback then lets V8 inline a small callee that is always the same.
          line(`{ ${spillBefore} ${bb !== 0 ? `th.top = b + ${a + bb};` : ""} ${setPc} const f = ${R(a)}; let jit;
            if (f instanceof LuaClosure && (jit = f.p.jit) && th.nny !== 0 && L.jitNest < MAX_NEST) {
              const nci = L.precallLua(f, b + ${a}, th.top - b - ${a + 1}, ${nresults}); nci.fresh = true; L.jitNest++;
              if (jit(L, nci) !== 0) execute(L);
              L.jitNest--; ${nresults >= 0 ? "th.top = ci.top;" : ""}
            } else { const r = callOp(L, th, ci, b + ${a}, ${nresults}); if (r >= 0) return r; }
            ${nresults > 0 ? reload(range(a, a + nresults - 1)) : ""} }`);
          terminated = true;
          break;
        }
        case Op.TAILCALL: {
          const bb = B(i);
          // a builtin's results fall through (in the stack) to the RETURN that follows
          line(`{ ${spillBefore} ${bb !== 0 ? `th.top = b + ${a + bb};` : ""} ${setPc} const r = tailCallOp(L, th, ci, b + ${a}, ${p.p.length > 0}); if (r >= 0) return r; }`);
          terminated = true;
          break;
        }
        case Op.RETURN: {
          const bb = B(i);
          const values = before.filter((r) => r >= a && (bb === 0 || r <= a + bb - 2));
          line(`${spill(values)} ${p.p.length > 0 ? "L.closeUpvals(b); " : ""}return returnOp(th, ci, b + ${a}, ${bb !== 0 ? String(bb - 1) : `th.top - b - ${a}`});`);
          terminated = true;
          break;
        }
        case Op.FORLOOP: {
          const target = next + SBX(i);
          const [idx, limit, step, v] = [R(a), R(a + 1), R(a + 2), R(a + 3)];
          line(`{ const step = ${step};
            if (typeof step === "number") { const idx = ${idx} + step;
              if (step > 0 ? idx <= ${limit} : ${limit} <= idx) { ${idx} = idx; ${v} = idx; ${go(target, after)} } }
            else if (step instanceof LuaFloat) { const st = step.n; const idx = ${idx} + st; const limit = ${limit};
              if (0 < st ? idx <= limit : limit <= idx) { ${idx} = idx; ${v} = mkFloat(idx); ${go(target, after)} } }
            else { const idx = BigInt.asIntN(64, ${idx} + step); const limit = ${limit};
              if (0n < step ? idx <= limit : limit <= idx) { ${idx} = idx; ${v} = mkIntBig(idx); ${go(target, after)} } } }`);
          terminated = true;
          break;
        }
        case Op.FORPREP: {
          const ctl = range(a, a + 2);
          line(`${setPc} ${spill(before.filter((r) => r >= a && r <= a + 2))} forPrep(s, b + ${a}); ${reload(ctl)} ${go(next + SBX(i), before)}`);
          terminated = true;
          break;
        }
        case Op.TFORCALL: {
          const nres = C(i);
          const cb = a + 3;
          const results = range(cb, cb + nres - 1);
          line(`{ const f = ${R(a)}, st = ${R(a + 1)}, ctl = ${R(a + 2)}; ${setPc}
            if (f === L.nextFn && f !== undefined && st instanceof LuaTable) {
              const out = L.pair;
              if (st.next(ctl, out)) { ${R(cb)} = out[0]; ${R(cb + 1)} = out[1]; } else { ${R(cb)} = undefined; ${R(cb + 1)} = undefined; }
              ${results.slice(2).map((r) => `${R(r)} = undefined;`).join(" ")}
            } else if (f === IPAIRS && st instanceof LuaTable && st.metatable === undefined && Number.isInteger(ctl)) {
              const v = st.getInt(ctl + 1);
              if (v !== undefined) { ${R(cb)} = ctl + 1; ${R(cb + 1)} = v; } else { ${R(cb)} = undefined; ${R(cb + 1)} = undefined; }
              ${results.slice(2).map((r) => `${R(r)} = undefined;`).join(" ")}
            } else {
              ${spillBefore}
              const c = b + ${cb}; s[c] = f; s[c + 1] = st; s[c + 2] = ctl; th.top = c + 3;
              let fn = f;
              if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(c);
              if (fn instanceof LuaClosure) { L.precallLua(fn, c, th.top - c - 1, ${nres}); return 1; }
              L.callBuiltin(fn, c, th.top - c - 1, ${nres});
              if (th.yieldedQuick) return 0;
              th.top = ci.top;
              ${reload(results)}
            } }`);
          terminated = true;
          break;
        }
        case Op.TFORLOOP:
          line(`{ const v = ${R(a + 1)}; if (v !== undefined) { ${R(a)} = v; ${go(next + SBX(i), after)} } }`);
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
          if (nb !== 0) {
            line(`{ const t = ${R(a)}; ${memGuard} ${range(1, nb).map((j) => `t.setInt(${first + j - 1}, ${R(a + j)});`).join(" ")} th.top = ci.top; }`);
          } else {
            // the values up to th.top are in the stack (a call or VARARG just put them there)
            line(`{ const ra = b + ${a}; const n = th.top - ra - 1; const t = ${R(a)}; ${memGuard}
              for (let j = 1; j <= n; j++) t.setInt(${first} + j - 1, s[ra + j]); th.top = ci.top; }`);
          }
          break;
        }
        case Op.CLOSURE:
          line(`{ const np = ci.cl.p.p[${BX(i)}]; MEM.alloc += SIZE.closure + np.upvalues.length * SIZE.upvalue;
            if (MEM.alloc > MEM.threshold) { ${setPc} ${spillBefore} MEM.owner?.memoryPressure(0); }
            ${R(a)} = L.newClosure(np, ci.cl, b); }`);
          break;
        case Op.VARARG: {
          const want = B(i) - 1;
          if (want < 0) {
            // all of them, into the stack, for the CALL, RETURN or SETLIST that follows
            line(`{ ${spillBefore} const ra = b + ${a}; let n = b - ci.func - ${p.numparams + 1}; if (n < 0) n = 0;
              ${setPc} if (n > 16) L.charge(n >> 3); L.ensureStack(ra + n + 1); th.top = ra + n;
              for (let j = 0; j < n; j++) s[ra + j] = s[b - n + j]; }`);
          } else {
            line(`{ let n = b - ci.func - ${p.numparams + 1}; if (n < 0) n = 0;
              ${range(0, want - 1).map((j) => `${R(a + j)} = ${j} < n ? s[b - n + ${j}] : undefined;`).join(" ")} }`);
          }
          break;
        }
        default:
          // EXTRAARG or an unknown opcode: the interpreter reports it
          counted.pop();
          line(`${spill(liveAt(pc, before))} ci.pc = ${pc}; return 2;`);
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
    if (nIns > 0) emit(`if (L.steps < ${nIns}) { ${spill(liveAt(start, dirtyAt(start)))} ci.pc = ${start}; return 2; } L.steps -= ${nIns};`);
    for (const l of body) emit(l.replace(REENTRANT, (_, at: string, stmts: string) => withRest(refund[Number(at) + 1]!, stmts)));
    // a block that ends without a terminator falls through into the next case
  }
  const kDecls = [...[...usedK].sort((x, y) => x - y).map((idx) => `const k${idx} = K[${idx}];`), ...icDecls].join("\n");
  const locals = range(0, W - 1).filter(isLocal);
  // a frame starting at pc 0 has only its parameters to load: the compiler writes every other
  // register before reading it
  const params = locals.filter((r) => r < p.numparams);
  const others = locals.filter((r) => r >= p.numparams);
  const load = [
    params.length > 0 ? `let ${params.map((r) => `r${r} = s[b + ${r}]`).join(", ")};` : "",
    others.length > 0 ? `let ${others.map((r) => `r${r}`).join(", ")}; if (pc !== 0) { ${reload(others)} }` : "",
  ].join(" ");
  // one function per region; a region's end falls through to the next region
  const fns = outs.map((cases, r) => {
    const end = r + 1 < nRegions ? regionOf.indexOf(r + 1) : n;
    return `function compiled${nRegions > 1 ? r : ""}(L, ci) {
  const th = L.th; const s = th.stack; const b = ci.base; const U = ci.cl.upvals;
  const nest = L.jitNest;
  let pc = ci.pc;
  let pend = 0; // instructions handed back around a slow path that may run Lua code
  ${load}
  try {
    for (;;) {
      switch (pc) {
${cases.join("\n")}
      ${nRegions > 1 ? `${spill(liveAt(end, dirtyAt(end)))} ci.pc = ${end}; return 3;` : ""}
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
    "forPrep", "mkFloat", "mkIntBig", "LuaLimitError", "execute", "MAX_NEST", "callOp", "tailCallOp", "returnOp", "RO", "SHAPES", "NOCACHE", "ChainCache", "IPAIRS", "shapeAnchor", source,
  ) as (...args: unknown[]) => CompiledFrame;
  return factory(p.k, refund, LuaTable, LuaClosure, LuaBuiltin, LuaFloat, LuaRunError, MEM, SIZE, NOSLOT, YIELD, forPrep, mkFloat, mkIntBig, LuaLimitError, execute, MAX_NEST,
    callOp, tailCallOp, returnOp, regionOf, SHAPES, NOCACHE, ChainCache, ipairsAux, shapeAnchor);
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
