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
// Code shape: each instruction emits its fast path inline and, for everything else, the
// write-back of its dirty locals and one call of a shared slow-path helper ("slow paths"
// below) that reads its operand slots and destination from the prototype. The text stays
// small (V8 parses and compiles all of it, and building it is most of the compile time), and
// fast paths that depend only on the opcode and operand kinds are made once per process.
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
import { Continuation, NOSLOT, YIELD } from "./state.js";
import type { LuaState, CallInfo } from "./state.js";
import { ChainCache, LuaTable, NOCACHE, shapeAnchor } from "./table.js";
import { LuaFloat, mkFloat, mkIntBig } from "./value.js";
import type { LuaValue } from "./value.js";
import { forPrep } from "./for-prep.js";
import { numberToString } from "./numconv.js";
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
  /** (Between a region and byRegion's dispatcher only) enter the region of ci.pc. */
  Region = 3,
}

export type CompiledFrame = (L: LuaState, ci: CallInfo) => Exit;

export type { JitMode } from "./jit-mode.js";

export { HOT_THRESHOLD } from "./jit-mode.js";
import { canCompile, REGION_MAX_CODE, REGION_MIN_CODE } from "./jit-mode.js";
import { mayCompile, paced } from "./jit-pace.js";
export { canCompile } from "./jit-mode.js";

const MAXARG_SBX = 131071;
/** Compiled Lua-to-Lua calls made as direct JS calls before falling back to the dispatcher. */
const MAX_NEST = 48;
const LFIELDS_PER_FLUSH = 50;

/**
 * Compile p (once per process: the result is kept on the prototype, null if it cannot be).
 * `auto`: paced (jit-pace.ts), so undefined while the compile credit is spent: ask again later.
 */
export function compileProto(p: Proto, auto = false): CompiledFrame | null | undefined {
  if (p.jit !== undefined) return p.jit;
  if (auto && !mayCompile()) return undefined;
  let fn: CompiledFrame | null = null;
  if (canCompile()) {
    try {
      fn = auto ? paced(() => build(p)) : build(p);
    } catch {
      fn = null; // a prototype we cannot translate stays interpreted
    }
  }
  p.jit = fn;
  return fn;
}

/** The generated source for p (for `moonrule disasm --js`): each region's factory in turn. */
export function jitSource(p: Proto): string {
  const g = generate(p);
  let text = g.emit(0);
  for (let r = 1; r < g.nRegions; r++) text += `\n${g.emit(r)}`;
  return text;
}

/**
 * p analysed, its regions translated and compiled one by one on request, as build does on
 * their first entry (for bench/jit-compile.mjs, which times each step).
 */
export function jitRegions(p: Proto): { count: number; compile(r: number): CompiledFrame } {
  const g = generate(p);
  return { count: g.nRegions, compile: (r) => instantiate(p, g, r) };
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

/** Loop-head entries after which a compiled function leaves to be called again (see generate). */
const REENTER_AFTER = 500;

/** 1 at the first pc of each loop body (the target of a backward jump). */
function loopHeads(code: Int32Array): Uint8Array {
  const head = new Uint8Array(code.length + 1);
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]! & 0x3f;
    if (op === Op.JMP || op === Op.FORLOOP || op === Op.TFORLOOP) {
      const target = pc + 1 + SBX(code[pc]!);
      if (target <= pc) head[target] = 1;
    }
  }
  return head;
}

/**
 * The region of each pc: a prototype (not a tiny one) with several outermost loops is
 * compiled as one function per loop (and per stretch between loops). V8 optimises a long
 * function with on-stack replacement inside its hot loop and throws that code away when
 * control reaches a part that never ran (no type feedback there), so one function for a
 * script's successive phases was compiled again for each; separate functions are optimised
 * once each. A region longer than REGION_MAX_CODE is then cut at block boundaries.
 */
function regions(p: Proto): Int32Array {
  const of = loopRegions(p);
  const n = p.code.length;
  if (n <= REGION_MAX_CODE) return of;
  const code = p.code;
  const lead = leaders(p);
  const head = loopHeads(code);
  const cut = new Int32Array(n + 2);
  let r = 0;
  let start = 0;
  // a loop's body is cut only when much longer: each cut in it costs a trip through the
  // dispatcher per iteration
  let max = head[0] === 1 ? 4 * REGION_MAX_CODE : REGION_MAX_CODE;
  // cut at a block's start, or inside a long block (generate then starts a block there)
  for (let pc = 0; pc < n; ) {
    const next = pc > 0 && of[pc] !== of[pc - 1];
    if (next || (pc > 0 && pc - start >= max && (lead[pc] || pc - start >= 2 * max))) {
      r++;
      start = pc;
      if (next) max = head[pc] === 1 ? 4 * REGION_MAX_CODE : REGION_MAX_CODE;
    }
    // (an instruction and the JMP or EXTRAARG it consumes stay together)
    const w = width(code, pc);
    for (let j = 0; j < w && pc + j < n; j++) cut[pc + j] = r;
    pc += w;
  }
  cut[n] = cut[n + 1] = r;
  return cut;
}

/** regions() before the cut by size: one per outermost loop and per stretch between them. */
function loopRegions(p: Proto): Int32Array {
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

/** successors() of every pc, two entries per pc (-1: none; pcs past the code are left out). */
function successorTable(code: ArrayLike<number>): Int32Array {
  const n = code.length;
  const succ = new Int32Array(2 * n).fill(-1);
  for (let pc = 0; pc < n; pc++) {
    let j = 2 * pc;
    for (const t of successors(code, pc)) if (t < n) succ[j++] = t;
  }
  return succ;
}

/** from, from + 1, …, to (empty when to < from). */
function range(from: number, to: number): number[] {
  const regs: number[] = [];
  for (let r = from; r <= to; r++) regs.push(r);
  return regs;
}

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

// Register sets are bitmasks, nw 32-bit words per set (register r is bit r & 31 of word r >>> 5),
// one set per pc in one array: the analyses below are a few word operations per instruction.

/** Words per register set of a prototype with W registers. */
const setWords = (W: number): number => Math.max(1, (W + 31) >>> 5);

/** Add `regs` (those below W) to the set at word offset o of m. */
function addRegs(m: Int32Array, o: number, regs: readonly number[], W: number): void {
  for (const r of regs) if (r < W) m[o + (r >>> 5)]! |= 1 << (r & 31);
}

/** Whether register r is in the set at word offset o of m. */
const hasReg = (m: Int32Array, o: number, r: number): boolean => ((m[o + (r >>> 5)]! >>> (r & 31)) & 1) !== 0;

/** The registers in the set at word offset o of m, ascending. */
function regsOf(m: Int32Array, o: number, nw: number): number[] {
  const regs: number[] = [];
  for (let k = 0; k < nw; k++) {
    let w = m[o + k]!;
    while (w !== 0) {
      const bit = 31 - Math.clz32(w & -w);
      regs.push(k * 32 + bit);
      w &= w - 1;
    }
  }
  return regs;
}

/** The set of p's registers kept in JS locals (see localRegs). */
function localMask(p: Proto, local: readonly boolean[]): Int32Array {
  const m = new Int32Array(setWords(p.maxstacksize));
  addRegs(m, 0, range(0, p.maxstacksize - 1).filter((r) => local[r]), p.maxstacksize);
  return m;
}

/**
 * The set at pc * nw: the registers that may be newer in their locals than in the stack when
 * pc is reached. A forward may-analysis; entering from the dispatcher starts clean (every
 * local has just been loaded).
 */
function dirtyRegs(p: Proto, local: Int32Array, succ: Int32Array): Int32Array {
  const code = p.code;
  const n = code.length;
  const W = p.maxstacksize;
  const nw = local.length;
  const dirty = new Int32Array((n + 2) * nw);
  // what each instruction leaves dirty (none after a call) and cleans (FORPREP writes back)
  const writes = new Int32Array(n * nw);
  const cleans = new Int32Array(n * nw);
  for (let pc = 0; pc < n; pc++) {
    const w = localWrites(code, pc);
    if (w === null) cleans.fill(-1, pc * nw, pc * nw + nw);
    else addRegs(writes, pc * nw, w, W);
    const i = code[pc]!;
    if ((i & 0x3f) === Op.FORPREP) addRegs(cleans, pc * nw, range(A(i), A(i) + 2), W); // written back and reloaded
  }
  const queued = new Uint8Array(n).fill(1);
  const work: number[] = [];
  for (let pc = n - 1; pc >= 0; pc--) work.push(pc);
  const out = new Int32Array(nw);
  while (work.length > 0) {
    const pc = work.pop()!;
    queued[pc] = 0;
    const o = pc * nw;
    for (let k = 0; k < nw; k++) out[k] = (dirty[o + k]! | (writes[o + k]! & local[k]!)) & ~cleans[o + k]!;
    for (let j = 2 * pc; j < 2 * pc + 2; j++) {
      const t = succ[j]!;
      if (t < 0) continue;
      let changed = false;
      for (let k = 0; k < nw; k++) {
        const was = dirty[t * nw + k]!;
        if ((out[k]! & ~was) !== 0) {
          dirty[t * nw + k] = was | out[k]!;
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

/** Add registers from..to (those below W) to the set at word offset o of m. */
function addRange(m: Int32Array, o: number, from: number, to: number, W: number): void {
  for (let r = from; r <= to && r < W; r++) m[o + (r >>> 5)]! |= 1 << (r & 31);
}

/** Add the registers the instruction at pc may read (conservatively: a variable count reads every register above). */
function addUses(m: Int32Array, o: number, code: ArrayLike<number>, pc: number, W: number): void {
  const i = code[pc]!;
  const op = i & 0x3f;
  const a = A(i), b = B(i), c = C(i);
  const one = (r: number): void => addRange(m, o, r, r, W);
  const rk = (x: number): void => {
    if ((x & 256) === 0) one(x);
  };
  switch (op) {
    case Op.MOVE: case Op.UNM: case Op.BNOT: case Op.NOT: case Op.LEN: case Op.TESTSET: return one(b);
    case Op.LOADK: case Op.LOADKX: case Op.LOADBOOL: case Op.LOADNIL: case Op.GETUPVAL: case Op.NEWTABLE:
    case Op.CLOSURE: case Op.VARARG: case Op.JMP: case Op.EXTRAARG:
      return; // (closures and JMP's upvalue closing use captured registers, which live in the stack)
    case Op.GETTABUP: return rk(c);
    case Op.GETTABLE: case Op.SELF: one(b); return rk(c);
    case Op.SETTABUP: rk(b); return rk(c);
    case Op.SETUPVAL: case Op.TEST: return one(a);
    case Op.SETTABLE: one(a); rk(b); return rk(c);
    case Op.CONCAT: return addRange(m, o, b, c, W);
    case Op.CALL: case Op.TAILCALL: return addRange(m, o, a, b === 0 ? W - 1 : a + b - 1, W);
    case Op.RETURN: return addRange(m, o, a, b === 0 ? W - 1 : a + b - 2, W);
    case Op.FORLOOP: case Op.FORPREP: case Op.TFORCALL: return addRange(m, o, a, a + 2, W);
    case Op.TFORLOOP: return one(a + 1);
    case Op.SETLIST: return addRange(m, o, a, b === 0 ? W - 1 : a + b, W);
    default:
      if ((op >= Op.ADD && op <= Op.SHR) || op === Op.EQ || op === Op.LT || op === Op.LE) {
        rk(b);
        return rk(c);
      }
      return addRange(m, o, 0, W - 1, W);
  }
}

/** Add the registers the instruction at pc certainly writes (conditional writes kill nothing). */
function addKills(m: Int32Array, o: number, code: ArrayLike<number>, pc: number, W: number): void {
  const i = code[pc]!;
  const op = i & 0x3f;
  const a = A(i);
  switch (op) {
    case Op.MOVE: case Op.LOADK: case Op.LOADKX: case Op.LOADBOOL: case Op.GETUPVAL: case Op.GETTABUP:
    case Op.GETTABLE: case Op.NEWTABLE: case Op.UNM: case Op.BNOT: case Op.NOT: case Op.LEN: case Op.CONCAT:
    case Op.CLOSURE:
      return addRange(m, o, a, a, W);
    case Op.LOADNIL: return addRange(m, o, a, a + B(i), W);
    case Op.SELF: return addRange(m, o, a, a + 1, W);
    case Op.VARARG: return addRange(m, o, a, B(i) === 0 ? a - 1 : a + B(i) - 2, W);
    case Op.CALL: return addRange(m, o, a, C(i) === 0 ? a - 1 : a + C(i) - 2, W);
    case Op.TFORCALL: return addRange(m, o, a + 3, a + 2 + C(i), W);
    default:
      if (op >= Op.ADD && op <= Op.SHR) addRange(m, o, a, a, W);
  }
}

/**
 * The set at pc * nw: the registers that may be read at pc or later before they are written
 * (a backward may-analysis). A dead register need not be written back: nothing will read it.
 */
function liveRegs(p: Proto, nw: number, succ: Int32Array): Int32Array {
  const code = p.code;
  const n = code.length;
  const W = p.maxstacksize;
  const live = new Int32Array((n + 2) * nw);
  const uses = new Int32Array(n * nw);
  const kills = new Int32Array(n * nw);
  // predecessors, grouped by pc: those of pc at preds[first[pc]] up to preds[first[pc + 1]]
  const first = new Int32Array(n + 1);
  for (let pc = 0; pc < n; pc++) {
    addUses(uses, pc * nw, code, pc, W);
    addKills(kills, pc * nw, code, pc, W);
    for (let j = 2 * pc; j < 2 * pc + 2; j++) if (succ[j]! >= 0) first[succ[j]! + 1]!++;
  }
  for (let pc = 0; pc < n; pc++) first[pc + 1]! += first[pc]!;
  const preds = new Int32Array(first[n]!);
  const fill = first.slice(0, n);
  for (let pc = 0; pc < n; pc++) for (let j = 2 * pc; j < 2 * pc + 2; j++) if (succ[j]! >= 0) preds[fill[succ[j]!]!++] = pc;
  const queued = new Uint8Array(n).fill(1);
  const work: number[] = [];
  for (let pc = 0; pc < n; pc++) work.push(pc); // popped from the end: the last pc first
  const inSet = new Int32Array(nw);
  while (work.length > 0) {
    const pc = work.pop()!;
    queued[pc] = 0;
    const o = pc * nw;
    inSet.fill(0);
    for (let j = 2 * pc; j < 2 * pc + 2; j++) {
      const t = succ[j]!;
      if (t >= 0) for (let k = 0; k < nw; k++) inSet[k]! |= live[t * nw + k]!;
    }
    let changed = false;
    for (let k = 0; k < nw; k++) {
      const v = (inSet[k]! & ~kills[o + k]!) | uses[o + k]!;
      if ((v & ~live[o + k]!) !== 0) {
        live[o + k]! |= v;
        changed = true;
      }
    }
    if (changed) {
      for (let j = first[pc]!; j < first[pc + 1]!; j++) {
        const q = preds[j]!;
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
// The text is kept small: V8 parses it (twice: a pre-parse when the factory is made, a full
// parse on the first call) and optimises it, and building it is most of the compile time. Each
// instruction emits its fast path and, for everything else, one call to a slow-path helper
// below ("slow paths"), which reads its operands' slots, names and count from the prototype.
// Only what a helper cannot do stays inline: writing the register locals back to the stack.

/**
 * A prototype analysed for translation, its regions translated one at a time: each region is
 * a function of its own, compiled when control first reaches it (see build).
 */
interface Generated {
  nRegions: number;
  /** The region of each pc; regionOf[n] is the last. */
  regionOf: Int32Array;
  /** refund[pc]: instructions of pc-1's block after pc-1 (not run when pc-1 fails); a region's part is filled by emit. */
  refund: Int32Array;
  /** The source of region r's factory: its constants and sites' state, then its function, returned. */
  emit(r: number): string;
}

/** `and` of conditions, where "true" and "false" are already decided ones. */
function and(x: string, y: string, z = "true"): string {
  if (x === "false" || y === "false" || z === "false") return "false";
  let t = x === "true" ? "" : x;
  if (y !== "true") t = t === "" ? y : `${t}&&${y}`;
  if (z !== "true") t = t === "" ? z : `${t}&&${z}`;
  return t === "" ? "true" : t;
}

/** `or` of two conditions, where "true" and "false" are already decided ones. */
function or(x: string, y: string): string {
  if (x === "true" || y === "true") return "true";
  if (x === "false") return y === "false" ? "false" : `(${y})`;
  return y === "false" ? `(${x})` : `(${x}||${y})`;
}

/** Text by register number (made once: the generator reuses these strings instead of making new ones). */
const byReg = (f: (r: number) => string): readonly string[] => Array.from({ length: 256 }, (_, r) => f(r));
const LOCAL = byReg((r) => `r${r}`);
const SLOT = byReg((r) => `s[b+${r}]`);
const STORE = byReg((r) => `s[b+${r}]=r${r};`);
const LOAD = byReg((r) => `r${r}=s[b+${r}];`);
const CLEAR = byReg((r) => `r${r}=void 0;`);

/** What the type tests of a fast path know about an operand: a register, or a constant's type. */
const enum Kind {
  Reg,
  /** An integer constant that fits in 32 bits. */
  Small,
  Int,
  Num,
  Boxed,
  Str,
  Other,
}

function kindOf(p: Proto, rk: number): Kind {
  if ((rk & 256) === 0) return Kind.Reg;
  const k = p.k[rk & 255];
  if (typeof k === "number") return (k | 0) === k ? Kind.Small : Number.isInteger(k) ? Kind.Int : Kind.Num;
  return k instanceof LuaFloat ? Kind.Boxed : typeof k === "string" ? Kind.Str : Kind.Other;
}

// an operand's type tests, decided here for a constant (V8 then drops the paths they close)
const isNum = (v: string, k: Kind): string => (k === Kind.Reg ? `typeof ${v}=="number"` : String(k === Kind.Small || k === Kind.Int || k === Kind.Num));
const isBoxed = (v: string, k: Kind): string => (k === Kind.Reg ? `${v} instanceof LuaFloat` : String(k === Kind.Boxed));
const isInt = (v: string, k: Kind): string => (k === Kind.Reg ? `I(${v})` : String(k === Kind.Small || k === Kind.Int));
/** Whether a number operand is an integer of 32 bits (the sum or difference of two is safe). */
const isSmall = (v: string, k: Kind): string => (k === Kind.Reg ? `(${v}|0)===${v}` : String(k === Kind.Small));
const isStr = (v: string, k: Kind): string => (k === Kind.Reg ? `typeof ${v}=="string"` : String(k === Kind.Str));

/**
 * Fast paths depend only on the opcode and the operands' kinds (the operands are in x and y, the
 * result goes to r or q), so each is made once per process and reused: the generator then
 * joins a few long strings per instruction instead of many short ones. Flattened when made
 * (an indexed read makes V8 flatten a string in place), so each use is one piece to copy.
 */
const fastPaths = new Map<number, string>();

function cached(key: number, make: () => string): string {
  let t = fastPaths.get(key);
  if (t === undefined) {
    t = make();
    t.charCodeAt(0);
    fastPaths.set(key, t);
  }
  return t;
}

/**
 * An arithmetic instruction's fast path, "if(test){...r=result;" (its caller writes r to the
 * destination and closes it), or "" when it has none.
 */
function arithFast(op: Op, kb: Kind, kc: Kind): string {
  return cached((op << 6) | (kb << 3) | kc, () => {
    const nums = and(isNum("x", kb), isNum("y", kc));
    const ints = and(isInt("x", kb), isInt("y", kc));
    if (op === Op.ADD || op === Op.SUB || op === Op.MUL || op === Op.DIV) {
      const sym = op === Op.ADD ? "+" : op === Op.SUB ? "-" : op === Op.MUL ? "*" : "/";
      // plain numbers: an integer result that stays safe, or a float result that is not whole
      // (a whole float needs its box); MUL adds 0: an integer -0 is 0, and 0 is no float result
      const rx = `r=x${sym}y${op === Op.MUL ? "+0" : ""}`;
      let res = op === Op.DIV ? `!I(${rx})` : ints === "true" ? `SI(${rx})` : ints === "false" ? `!I(${rx})` : `(${ints}?SI(${rx}):!I(${rx}))`;
      // two 32-bit integers (a loop counter, a small constant) add without the safety test
      // (only beside a constant: between two registers it costs more text than it saves time)
      const small = (op === Op.ADD || op === Op.SUB) && (kb === Kind.Small || kc === Kind.Small) ? and(isSmall("x", kb), isSmall("y", kc)) : "false";
      if (small === "true") res = `(${rx},true)`;
      else if (small !== "false") res = `(${small}?(${rx},true):${res})`;
      // or a boxed (whole) float operand: float arithmetic on the plain numbers (floatArith)
      const floats = and(or(isNum("x", kb), isBoxed("x", kb)), or(isNum("y", kc), isBoxed("y", kc)), or(isBoxed("x", kb), isBoxed("y", kc)));
      const boxed = floats === "false" ? "false" : `(r=FA(${op},x,y))!==void 0`;
      const plain = and(nums, res);
      const test = plain === "false" ? boxed : boxed === "false" ? plain : `${plain}||${boxed}`;
      return test === "false" ? "" : `if(${test}){`;
    }
    let test: string;
    let stmt: string;
    if (op === Op.MOD) {
      test = and(nums, ints, "y!==0");
      stmt = "r=x%y;if(r!==0&&(r<0)!==(y<0))r+=y;r+=0;";
    } else if (op === Op.IDIV) {
      test = and(nums, ints, "y!==0");
      stmt = "r=Math.floor(x/y)+0;";
    } else if (op === Op.BAND || op === Op.BOR || op === Op.BXOR) {
      test = and(nums, "(x|0)===x", "(y|0)===y");
      stmt = `r=x${op === Op.BAND ? "&" : op === Op.BOR ? "|" : "^"}y;`;
    } else {
      return ""; // POW, SHL, SHR
    }
    return test === "false" ? "" : `if(${test}){${stmt}`;
  });
}

/** EQ, LT or LE's fast paths, "if(...){q=...}else ...{" up to its slow path (q: the comparison's result). */
function compareFast(op: Op, kb: Kind, kc: Kind): string {
  return cached((op << 6) | (kb << 3) | kc, () => {
    let branches: [string, string][];
    if (op === Op.EQ) {
      const bx = isBoxed("x", kb);
      branches = [
        ["x===y", bx === "false" ? "q=true" : bx === "true" ? "q=x.n===x.n" : "q=!(x instanceof LuaFloat)||x.n===x.n"],
        ['typeof x===typeof y&&typeof x!=="object"', "q=false"],
      ];
    } else {
      const cmp = op === Op.LT ? "<" : "<=";
      const nx = isNum("x", kb), ny = isNum("y", kc);
      const num = (v: string, t: string): string => (t === "true" ? v : t === "false" ? `${v}.n` : `(${t}?${v}:${v}.n)`);
      branches = [
        [or(and(nx, ny), and(isStr("x", kb), isStr("y", kc))), `q=x${cmp}y`],
        [and(or(nx, isBoxed("x", kb)), or(ny, isBoxed("y", kc))), `q=${num("x", nx)}${cmp}${num("y", ny)}`],
      ];
    }
    let t = "";
    for (const [cond, stmt] of branches) if (cond !== "false") t += `if(${cond}){${stmt}}else `;
    return `${t}{`;
  });
}

/**
 * GETTABUP, GETTABLE and SELF's fast path (t, key: the table and key; the value to v), up to
 * "if(...)": a raw read, or a constant string key's read through an __index chain of tables
 * through the site's ChainCache c. A constant string key is read from the table's own
 * fields in place, `t.strs[key]`: each site is V8's own inline cache on the fields' hidden
 * class; only a table with a base (a fork's globals, a view of facts) takes getStr.
 */
function getFast(str: boolean, ic: boolean, self: boolean): string {
  return cached((Op.GETTABLE << 6) | (Number(self) << 2) | (Number(str) << 1) | Number(ic), () => {
    const raw = str
      ? "(v=(q=t.strs)!==void 0&&(v=q[key])!==void 0?v:t.base===void 0?void 0:t.getStr(key))!==void 0||t.metatable===void 0"
      : "(v=t.get(key))!==void 0||t.metatable===void 0";
    // s:method(...): the string metatable's __index chain, through the same cache
    const strSelf = self && ic ? "||typeof t==\"string\"&&(q=L.stringMeta)!==void 0&&(v=c.viaMeta(q,key))!==NOCACHE" : "";
    return `if(t instanceof LuaTable&&(${raw}${ic ? "||(v=c.lookup(t,key))!==NOCACHE" : ""})${strSelf})`;
  });
}

/**
 * SETTABUP and SETTABLE's fast path (t[key] = v), up to "else{": a raw write, away from a
 * memory measurement when `guard`. With `fields` (a constant string key other than
 * "__index" and "__newindex", whose cached copies setStr drops), two in-place writes come
 * first: rewriting an existing own field, and adding a new one to a table without cleared
 * keys (an undefined field is then absent, not a tombstone) whose metatable has no
 * __newindex. Each site is V8's own inline cache; a constructor's stores become hidden-class
 * transitions, and the site keeps a value-less copy of the first shape it builds in its
 * holder c (see table.ts shapeAnchor).
 */
function setFast(str: boolean, guard: boolean, fields: boolean): string {
  return cached((Op.SETTABLE << 6) | (Number(fields) << 2) | (Number(str) << 1) | Number(guard), () => {
    const g = guard ? "&&MEM.alloc<=MEM.threshold-64" : "";
    const own = fields
      ? "if(t instanceof LuaTable&&(q=t.strs)!==void 0&&q[key]!==void 0&&v!==void 0&&!t.shared&&!t.watched)q[key]=v;"
        + "else if(t instanceof LuaTable&&(t.metatable===void 0||t.metatable.metaNewindex()===void 0)&&t.strDead===0&&v!==void 0&&!t.shared&&!t.watched" + g
        + "){(t.strs??t.newStrs())[key]=v;t.added();if(c.s===void 0)c.s=SA(t.strs)}else "
      : "";
    return `${own}if(t instanceof LuaTable&&(t.metatable===void 0||t.${str ? "getStr" : "get"}(key)!==void 0)${g})t.${str ? "setStr" : "set"}(key,v);else{`;
  });
}

function generate(p: Proto): Generated {
  const code = p.code;
  const n = code.length;
  const W = p.maxstacksize;
  const lead = leaders(p);
  const refund = new Int32Array(n + 2);
  const kUsed = new Uint8Array(p.k.length);
  const local = localRegs(p);
  const locals = localMask(p, local);
  const nw = locals.length;
  const succ = successorTable(code);
  const dirty = dirtyRegs(p, locals, succ);
  const live = liveRegs(p, nw, succ);
  const regionOf = regions(p);
  const nRegions = regionOf[n]! + 1;
  // every region starts a block (regions() may cut a long one)
  for (let pc = 1; pc < n; pc++) if (regionOf[pc] !== regionOf[pc - 1]) lead[pc] = true;
  // the locals each region's function mentions: only those are declared and loaded there
  const usedIn = Array.from({ length: nRegions }, () => new Uint8Array(W));
  let used = usedIn[0]!;

  const K = (idx: number): string => {
    kUsed[idx] = 1;
    return `k${idx}`;
  };
  const isLocal = (r: number): boolean => r < W && local[r]!;
  const R = (r: number): string => {
    if (!isLocal(r)) return SLOT[r] ?? `s[b+${r}]`;
    used[r] = 1;
    return LOCAL[r]!;
  };
  const RK = (x: number): string => (x & 256 ? K(x & 255) : R(x));
  const kOf = (x: number): unknown => p.k[x & 255];
  const kIsString = (x: number): boolean => (x & 256) !== 0 && typeof kOf(x) === "string";

  /** Locals dirty on reaching pc. */
  const dirtyAt = (at: number): number[] => regsOf(dirty, at * nw, nw);
  const liveIn = (at: number, r: number): boolean => at < n && hasReg(live, at * nw, r);
  /**
   * Write the locals `regs` back to the stack, or (not in `keep`) drop them. Off the hot
   * paths (`compact`), two or more stores below register 31 are one call of WB with a mask:
   * a quarter of the tokens, and V8's parse of the generated text costs by the token.
   */
  const writeBack = (regs: readonly number[], keep: Int32Array | null, compact: boolean): string => {
    let t = "";
    let mask = 0;
    let stores = 0;
    for (const r of regs) {
      if (!isLocal(r)) continue;
      used[r] = 1;
      if (keep !== null && !hasReg(keep, 0, r)) t += CLEAR[r]!;
      else {
        stores++;
        mask = r < 31 && mask >= 0 ? mask | (1 << r) : -1;
      }
    }
    if (stores === 0) return t;
    if (compact && stores > 1 && mask > 0) {
      let args = "";
      for (let m = mask; m !== 0; m &= m - 1) args += `,${LOCAL[31 - Math.clz32(m & -m)]!}`;
      return `${t}WB(s,b,${mask}${args});`;
    }
    for (const r of regs) if (isLocal(r) && (keep === null || hasReg(keep, 0, r))) t += STORE[r]!;
    return t;
  };
  /** Write the locals `regs` back to the stack (`hot`: inline, on a path taken often). */
  const spill = (regs: readonly number[], hot = false): string => writeBack(regs, null, !hot);
  /** The ones of `regs` live on reaching `at`. */
  const liveAt = (at: number, regs: readonly number[]): number[] => regs.filter((r) => liveIn(at, r));
  /** Load the locals `regs` from the stack. */
  const reload = (regs: readonly number[]): string => {
    let t = "";
    for (const r of regs) {
      if (!isLocal(r)) continue;
      used[r] = 1;
      t += LOAD[r]!;
    }
    return t;
  };

  // per-site state in the factory's scope, beside the constants: the ChainCache of a
  // constant-key read through __index tables, the kept shape of a field store
  let icDecls = "";

  // a jump: within the region a switch case (the locals carry over), to another region
  // through the dispatcher (Exit.Region), writing the dirty locals back first
  let region = 0;
  const go = (target: number, dirtyNow: readonly number[]): string =>
    regionOf[target] === region ? `pc=${target};continue;` : `${spill(liveAt(target, dirtyNow))}ci.pc=${target};return 3;`;

  // the instruction being translated; its slow paths' write-back, made when first asked for
  let cur = 0;
  let flushed: string | undefined;
  const around = new Int32Array(nw);
  const mask = new Int32Array(nw);
  /** Write back the ones of `regs` live on reaching cur or after it (whoever looks next reads
   *  the stack) and drop the dead ones (so that no value hides in a local from a memory
   *  measurement, which walks the stack). */
  const flush = (regs: readonly number[], hot = false): string => {
    around.set(live.subarray(cur * nw, cur * nw + nw));
    for (let j = 2 * cur; j < 2 * cur + 2; j++) {
      const t = succ[j]!;
      if (t >= 0) for (let k = 0; k < nw; k++) around[k]! |= live[t * nw + k]!;
    }
    return writeBack(regs, around, !hot);
  };

  /** The registers dirty after the instruction at cur: those before, and its own writes. */
  const after = (): number[] => {
    mask.set(dirty.subarray(cur * nw, cur * nw + nw));
    addRegs(mask, 0, localWrites(code, cur) ?? [], W);
    for (let k = 0; k < nw; k++) mask[k]! &= locals[k]!;
    return regsOf(mask, 0, nw);
  };
  // A slow path writes the dirty locals back first (it may run Lua code, which may yield, or
  // measure memory); its helper does the rest (see "slow paths").
  const spillBefore = (): string => (flushed ??= flush(g.before));
  // the same before a call, a path taken often: inline stores
  const spillCall = (): string => flush(g.before, true);
  const g: Gen = {
    p, code, before: [], R, RK, K, spill, reload, flush, spillBefore, spillCall, after, go, liveAt, kIsString,
    inlineCache: (at) => {
      icDecls += `const c${at}=new ChainCache();`;
    },
    shapeSite: (at) => {
      icDecls += `const c${at}={s:void 0};`;
    },
  };

  const loopHead = loopHeads(code);
  // named after the function's first line (a number we read), for profiles
  const line = Math.max(0, Math.trunc(Number(p.linedefined))) || 0;
  const fnName = (r: number): string => (nRegions > 1 ? `lua${line}_${r}` : `lua${line}`);
  // each region's first pc (regions are consecutive runs of pcs); firstPc[nRegions] = n
  const firstPc = new Int32Array(nRegions + 1);
  for (let pc = n - 1; pc >= 0; pc--) firstPc[regionOf[pc]!] = pc;
  firstPc[nRegions] = n;

  const emit = (r: number): string => {
    region = r;
    used = usedIn[r]!;
    used.fill(0);
    kUsed.fill(0);
    icDecls = "";
    const end = firstPc[r + 1]!;
    // whether the region ends by falling through to the next (its exit is then a case of its own)
    const falls = r + 1 < nRegions;
    let cases = "";
    let pc = firstPc[r]!;
    while (pc < end) {
      // one block: from this leader to the next (a region's start is a leader)
      const start = pc;
      let body = "";
      const counted: number[] = []; // pcs charged (consumed JMP/EXTRAARG are not instructions)
      let terminated = false;
      while (pc < end && (pc === start || !lead[pc]) && !terminated) {
        cur = pc;
        g.before = dirtyAt(pc);
        flushed = undefined;
        if (charged(code, pc)) counted.push(pc);
        body += `${instruction(g, pc)}\n`;
        terminated = endsBlock(code, pc);
        pc += width(code, pc);
      }
      // refunds: when the instruction at counted[j] fails, counted.length - j - 1 did not run
      for (let j = 0; j < counted.length; j++) refund[counted[j]! + 1] = counted.length - j - 1;
      const nIns = counted.length;
      const exit = `${spill(liveAt(start, dirtyAt(start)))}ci.pc=${start};return`;
      // a loop head also leaves every REENTER_AFTER entries for the dispatcher to call this
      // function again at once: V8 optimises a function at its next call, and one entered once
      // per run (a script's main function, a loop region) would otherwise run on-stack-replaced
      // code until the next run and be optimised only then (two slow runs instead of none)
      const charge = loopHead[start] === 1
        ? `if(L.steps<${nIns}||--bud<0){${exit} bud>=0?2:${falls ? `(PX(${fnName(r)},L,ci,${start}),1)` : "1"}}L.steps-=${nIns};\n`
        : nIns > 0 ? `if(L.steps<${nIns}){${exit} 2}L.steps-=${nIns};\n` : "";
      // a block that ends without a terminator falls through into the next case
      cases += `case ${start}:${charge}${body}`;
    }
    // a region's end falls through to the next region: case -2 writes back and switches
    const leave = falls ? `case -2:${spill(liveAt(end, dirtyAt(end)))}ci.pc=${end};return 3;` : "";
    let kDecls = "";
    for (let idx = 0; idx < kUsed.length; idx++) if (kUsed[idx]) kDecls += `const k${idx}=K[${idx}];`;
    // A long region's body is a function of its own, called by a small one that holds the
    // frame's catch: V8 gives every call inside a try an exception edge, and optimising a long
    // body with them took it a third longer (a short one keeps its catch: one call less per entry)
    const name = fnName(r);
    const head = `const th=L.th,s=th.stack,b=ci.base,U=ci.cl.upvals;let pc=ci.pc,x,y,r,q,t,key,v,u,c,bud=${REENTER_AFTER};${prologue(p, used, r === 0)}`;
    const loop = `for(;;){switch(pc){\n${cases}${leave}default:ci.pc=pc;return 2}}`;
    const catcher = "catch(e){return XE(L,ci,RF,e,nest)}";
    const fns = end - firstPc[r]! > WRAP_BODY_FROM
      ? `function ${name}b(L,ci){${head}\n${loop}}\nfunction ${name}(L,ci){const nest=L.jitNest;try{return ${name}b(L,ci)}${catcher}}\n`
      : `function ${name}(L,ci){const nest=L.jitNest;${head}\ntry{${loop}}${catcher}}\n`;
    return `${kDecls}${icDecls}\n${fns}return ${name};`;
  };
  return { nRegions, regionOf, refund, emit };
}

/** Instructions from which a region's body is a function apart from its catch (see generate). */
const WRAP_BODY_FROM = 32;

/** The generator's view of the prototype it translates, for the instruction emitters below. */
interface Gen {
  readonly p: Proto;
  readonly code: Int32Array;
  /** The locals dirty on reaching the instruction being emitted. */
  before: number[];
  /** A register's text (its local, or its stack slot), a constant's, RK's. */
  R(r: number): string;
  K(idx: number): string;
  RK(x: number): string;
  kIsString(x: number): boolean;
  /** Write back (`hot`: with inline stores) / load the locals `regs`. */
  spill(regs: readonly number[], hot?: boolean): string;
  reload(regs: readonly number[]): string;
  /** Write back the live ones of `regs` and drop the dead ones (see generate). */
  flush(regs: readonly number[], hot?: boolean): string;
  /** flush(before), made once per instruction: a slow path's write-back. */
  spillBefore(): string;
  /** flush(before) with inline stores: a call's write-back. */
  spillCall(): string;
  /** The locals dirty after the instruction. */
  after(): number[];
  /** A jump to `target` with the locals `dirtyNow` dirty. */
  go(target: number, dirtyNow: readonly number[]): string;
  liveAt(at: number, regs: readonly number[]): number[];
  /** Declare the ChainCache of the read at pc (c<pc>, in the factory's scope). */
  inlineCache(pc: number): void;
  /** Declare the holder of the shape kept by the field store at pc (c<pc>: see setFast). */
  shapeSite(pc: number): void;
}

/** The pcs the instruction at pc takes: 2 with the JMP or EXTRAARG it consumes. */
function width(code: ArrayLike<number>, pc: number): number {
  const i = code[pc]!;
  switch (i & 0x3f) {
    case Op.LOADKX: case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: return 2;
    case Op.SETLIST: return C(i) === 0 ? 2 : 1;
    default: return 1;
  }
}

/** Whether the instruction at pc ends its block (its code leaves or jumps). */
function endsBlock(code: ArrayLike<number>, pc: number): boolean {
  const i = code[pc]!;
  switch (i & 0x3f) {
    case Op.LOADBOOL: return C(i) !== 0;
    case Op.JMP: case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: case Op.CALL:
    case Op.TAILCALL: case Op.RETURN: case Op.FORLOOP: case Op.FORPREP: case Op.TFORCALL: case Op.TFORLOOP:
      return true;
    default:
      return !charged(code, pc);
  }
}

/** Whether the instruction at pc is charged (not an EXTRAARG or unknown opcode, left to the interpreter). */
function charged(code: ArrayLike<number>, pc: number): boolean {
  return (code[pc]! & 0x3f) < Op.EXTRAARG;
}

/** The text of the instruction at pc. */
function instruction(g: Gen, pc: number): string {
  const i = g.code[pc]!;
  const op = i & 0x3f;
  if (op >= Op.ADD && op <= Op.SHR) return arithmetic(g, pc, i);
  switch (op) {
    case Op.GETTABUP: case Op.GETTABLE: case Op.SELF: return tableRead(g, pc, i);
    case Op.SETTABUP: case Op.SETTABLE: return tableWrite(g, pc, i);
    case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: return test(g, pc, i);
    case Op.CALL: case Op.TAILCALL: case Op.RETURN: case Op.VARARG: return callOrReturn(g, pc, i);
    case Op.FORLOOP: case Op.FORPREP: case Op.TFORCALL: case Op.TFORLOOP: return loop(g, pc, i);
    default: return simple(g, pc, i);
  }
}

/** MOVE, loads, upvalues, NEWTABLE, UNM … CONCAT, JMP, SETLIST, CLOSURE, and what the interpreter reports. */
function simple(g: Gen, pc: number, i: number): string {
  const { R, code } = g;
  const op = i & 0x3f;
  const a = A(i);
  const setPc = `ci.pc=${pc + 1};`;
  switch (op) {
    case Op.MOVE: return `${R(a)}=${R(B(i))};`;
    case Op.LOADK: return `${R(a)}=${g.K(BX(i))};`;
    case Op.LOADKX: return `${R(a)}=${g.K(code[pc + 1]! >>> 6)};`; // (the EXTRAARG is not an instruction of its own)
    case Op.LOADBOOL: return `${R(a)}=${B(i) !== 0};${C(i) !== 0 ? g.go(pc + 2, g.after()) : ""}`;
    case Op.LOADNIL: {
      let t = "";
      for (let j = 0; j <= B(i); j++) t += `${R(a + j)}=void 0;`;
      return t;
    }
    case Op.GETUPVAL: return `u=U[${B(i)}];${R(a)}=u.s[u.i];`;
    case Op.SETUPVAL: return `u=U[${B(i)}];if(u.frozen)XF(ci,${pc + 1});u.s[u.i]=${R(a)};`;
    case Op.NEWTABLE: return `${R(a)}=new LuaTable();MEM.alloc+=SIZE.table;if(MEM.alloc>MEM.threshold){${setPc}${g.flush(g.after())}MP()}`;
    case Op.UNM: return `x=${R(B(i))};if(typeof x=="number"&&x!==0&&x===x)${R(a)}=-x;else{${g.spillBefore()}${R(a)}=XA(L,ci,RF,${pc},x,x)}`;
    case Op.BNOT: return `x=${R(B(i))};${g.spillBefore()}${R(a)}=XA(L,ci,RF,${pc},x,x);`;
    case Op.NOT: return `x=${R(B(i))};${R(a)}=x===void 0||x===false;`;
    case Op.LEN:
      return `x=${R(B(i))};if(typeof x=="string")${R(a)}=x.length;else if(x instanceof LuaTable&&x.metatable===void 0)${R(a)}=x.length();`
        + `else{${g.spillBefore()}${R(a)}=XL(L,ci,RF,${pc},x)}`;
    case Op.CONCAT: {
      const bb = B(i), c = C(i);
      // the slow path concatenates in the stack (its operands are temporaries, dead after)
      const slow = `${g.spillBefore()}${g.spill(range(bb, c))}${R(a)}=XC(L,ci,RF,${pc})`;
      // strings and plain numbers (no metamethod can run): joined here, left to right
      let join = "";
      for (let r = bb; r <= c; r++) join += r === bb ? `(r=CS(${R(r)}))!==void 0` : `&&(x=CS(${R(r)}))!==void 0&&(r+=x,true)`;
      return `${setPc}if(${join}){MEM.alloc+=r.length+SIZE.string;if(MEM.alloc>MEM.threshold){${g.spillBefore()}MP()}${R(a)}=r}`
        + `else{${slow}}`;
    }
    case Op.JMP: return `${a !== 0 ? `L.closeUpvals(b+${a - 1});` : ""}${g.go(pc + 1 + SBX(i), g.after())}`;
    case Op.SETLIST: return setList(g, pc, i);
    case Op.CLOSURE: {
      // the new function's upvalues are known here: each is an open one of this frame
      // (findUpval) or one of this closure's own, listed in place (newClosure's loop, unrolled)
      const descs = g.p.p[BX(i)]!.upvalues;
      const ups = descs.map((d) => (d.instack ? `L.findUpval(b+${Number(d.idx)})` : `U[${Number(d.idx)}]`)).join(",");
      return `{MEM.alloc+=${SIZE.closure + descs.length * SIZE.upvalue};if(MEM.alloc>MEM.threshold){${setPc}${g.spillBefore()}MP()}${R(a)}=new LuaClosure(ci.cl.p.p[${BX(i)}],[${ups}])}`;
    }
    default:
      // EXTRAARG or an unknown opcode: the interpreter reports it
      return `${g.spill(g.liveAt(pc, g.before))}ci.pc=${pc};return 2;`;
  }
}

/** SETLIST, with its EXTRAARG when C is 0. */
function setList(g: Gen, pc: number, i: number): string {
  const a = A(i);
  const nb = B(i);
  const c = C(i) !== 0 ? C(i) : g.code[pc + 1]! >>> 6;
  const first = (c - 1) * LFIELDS_PER_FLUSH + 1;
  // before raw writes, which may start a memory measurement
  const guard = g.before.length > 0 ? `if(MEM.alloc>MEM.threshold-64){${g.spillBefore()}}` : "";
  if (nb === 0) {
    // the values up to th.top are in the stack (a call or VARARG just put them there)
    return `{const ra=b+${a},n=th.top-ra-1,t=${g.R(a)};${guard}for(let j=1;j<=n;j++)t.setInt(${first - 1}+j,s[ra+j]);th.top=ci.top}`;
  }
  let sets = "";
  for (let j = 1; j <= nb; j++) sets += `t.setInt(${first + j - 1},${g.R(a + j)});`;
  return `{const t=${g.R(a)};${guard}${sets}th.top=ci.top}`;
}

/** GETTABUP, GETTABLE, SELF: a raw read, an inline-cached read through __index tables, else xIndex. */
function tableRead(g: Gen, pc: number, i: number): string {
  const { R } = g;
  const op = i & 0x3f;
  const a = A(i), c = C(i);
  const str = g.kIsString(c);
  const t = op === Op.GETTABUP ? `u=U[${B(i)}];t=u.s[u.i];` : `t=${R(B(i))};`;
  // SELF: the slow path's helper also writes R(a + 1) back, set here
  const self = op === Op.SELF ? `${R(a + 1)}=t;` : "";
  if (str) g.inlineCache(pc);
  return `${t}key=${g.RK(c)};${str ? `c=c${pc};` : ""}${self}ci.pc=${pc + 1};${getFast(str, str, op === Op.SELF)}${R(a)}=v;else{${g.spillBefore()}${R(a)}=XI(L,ci,RF,${pc},t,key)}`;
}

/** SETTABUP, SETTABLE: a raw write, else xSetIndex (which also makes the raw write near a memory measurement, after the write-backs). */
function tableWrite(g: Gen, pc: number, i: number): string {
  const op = i & 0x3f;
  const a = A(i), bb = B(i);
  const t = op === Op.SETTABUP ? `u=U[${a}];t=u.s[u.i];` : `t=${g.R(a)};`;
  const str = g.kIsString(bb);
  const name = str ? g.p.k[bb & 255] : undefined;
  const fields = str && name !== "__index" && name !== "__newindex";
  if (fields) g.shapeSite(pc);
  return `${t}key=${g.RK(bb)};v=${g.RK(C(i))};${fields ? `c=c${pc};` : ""}ci.pc=${pc + 1};${setFast(str, g.before.length > 0, fields)}${g.spillBefore()}XS(L,ci,RF,${pc},t,key,v)}`;
}

/** ADD … SHR: the fast path made once per operand kinds (arithFast), else xArith. */
function arithmetic(g: Gen, pc: number, i: number): string {
  const bb = B(i), c = C(i);
  const ra = g.R(A(i));
  const fast = arithFast(i & 0x3f, kindOf(g.p, bb), kindOf(g.p, c));
  const slow = `${g.spillBefore()}${ra}=XA(L,ci,RF,${pc},x,y)`;
  return `x=${g.RK(bb)};y=${g.RK(c)};${fast === "" ? `${slow};` : `${fast}${ra}=r}else{${slow}}`}`;
}

/** EQ, LT, LE, TEST, TESTSET with the JMP that follows. */
function test(g: Gen, pc: number, i: number): string {
  const op = i & 0x3f;
  const a = A(i), bb = B(i), c = C(i);
  const j = g.code[pc + 1]!;
  const ja = A(j);
  const jump = `${ja !== 0 ? `L.closeUpvals(b+${ja - 1});` : ""}${g.go(pc + 2 + SBX(j), g.after())}`;
  // (taken: the condition under which the JMP runs)
  let head: string;
  let taken: string;
  if (op === Op.EQ || op === Op.LT || op === Op.LE) {
    head = `x=${g.RK(bb)};y=${g.RK(c)};${compareFast(op, kindOf(g.p, bb), kindOf(g.p, c))}${g.spillBefore()}q=XT(L,ci,${pc},x,y)}`;
    taken = `q===${a !== 0}`;
  } else {
    head = `x=${g.R(op === Op.TEST ? a : bb)};`;
    taken = c !== 0 ? "!(x===void 0||x===false)" : "(x===void 0||x===false)";
  }
  // TESTSET copies when the jump is taken
  const copy = op === Op.TESTSET ? `${g.R(a)}=x;` : "";
  // otherwise control falls through into the next block, pc + 2: the next case of this
  // region's switch, or the region's exit to the next region (case -2), without going round
  // the switch again (one indirect jump and one back-edge less per branch)
  return `${head}if(${taken}){${copy}${jump}}`;
}

/** CALL, TAILCALL, RETURN, VARARG. */
function callOrReturn(g: Gen, pc: number, i: number): string {
  const { R, p } = g;
  const op = i & 0x3f;
  const a = A(i), bb = B(i);
  const setPc = `ci.pc=${pc + 1};`;
  const top = bb !== 0 ? `th.top=b+${a + bb};` : "";
  switch (op) {
    case Op.CALL: {
      const nresults = C(i) - 1;
      // results land in the stack: fixed ones are loaded, multiple ones stay there for the
      // CALL, RETURN or SETLIST that follows (which read the stack)
      // A compiled callee is called right here (callOp's direct call, inline): the call
      // site's own feedback then lets V8 inline a small callee that is always the same.
      const reload = nresults > 0 ? g.reload(range(a, a + nresults - 1)) : "";
      return `{${g.spillCall()}${top}${setPc}const f=${R(a)};let j;`
        + `if(f instanceof LuaClosure&&(j=f.p.jit)&&th.nny!==0&&L.jitNest<${MAX_NEST}){const c=EF(L,th,f,b+${a},${bb !== 0 ? bb - 1 : `th.top-b-${a + 1}`},${nresults});L.jitNest++;`
        + `if(j(L,c)!==0)execute(L);L.jitNest--;${nresults >= 0 ? "th.top=ci.top;" : ""}}`
        + `else{const r=callOp(L,th,ci,b+${a},${nresults});if(r>=0)return r}${reload}}`;
    }
    case Op.TAILCALL:
      // a builtin's results fall through (in the stack) to the RETURN that follows
      return `{${g.spillCall()}${top}${setPc}const r=tailCallOp(L,th,ci,b+${a},${p.p.length > 0});if(r>=0)return r}`;
    case Op.RETURN: {
      const values = g.before.filter((r) => r >= a && (bb === 0 || r <= a + bb - 2));
      const close = p.p.length > 0 ? "L.closeUpvals(b);" : "";
      // one value to a compiled caller that wants one (the common case): returnOp inline
      const one = bb === 2 ? `if(ci.fresh&&ci.nresults===1){s[ci.func]=${R(a)};th.top=ci.func+1;th.ciIdx--;return 0}` : "";
      return `${close}${one}${g.spill(values, true)}return returnOp(th,ci,b+${a},${bb !== 0 ? String(bb - 1) : `th.top-b-${a}`});`;
    }
    default: {
      const want = bb - 1;
      if (want < 0) {
        // all of them, into the stack, for the CALL, RETURN or SETLIST that follows
        return `{${g.spillCall()}const ra=b+${a};let n=b-ci.func-${p.numparams + 1};if(n<0)n=0;${setPc}if(n>16)L.charge(n>>3);L.ensureStack(ra+n+1);th.top=ra+n;`
          + "for(let j=0;j<n;j++)s[ra+j]=s[b-n+j]}";
      }
      let sets = "";
      for (let j = 0; j < want; j++) sets += `${R(a + j)}=${j}<n?s[b-n+${j}]:void 0;`;
      return `{let n=b-ci.func-${p.numparams + 1};if(n<0)n=0;${sets}}`;
    }
  }
}

/** FORLOOP, FORPREP, TFORCALL, TFORLOOP. */
function loop(g: Gen, pc: number, i: number): string {
  const { R } = g;
  const op = i & 0x3f;
  const a = A(i);
  const next = pc + 1;
  switch (op) {
    case Op.FORLOOP: {
      const [idx, limit, step, v] = [R(a), R(a + 1), R(a + 2), R(a + 3)];
      const back = g.go(next + SBX(i), g.after());
      return `{const st=${step};if(typeof st=="number"){const i=${idx}+st;if(st>0?i<=${limit}:${limit}<=i){${idx}=i;${v}=i;${back}}}`
        + `else if(st instanceof LuaFloat){const i=${idx}+st.n;if(0<st.n?i<=${limit}:${limit}<=i){${idx}=i;${v}=mkFloat(i);${back}}}`
        + `else{const i=FB(${idx},${limit},st);if(i!==void 0){${idx}=i;${v}=mkIntBig(i);${back}}}}`;
    }
    case Op.FORPREP:
      return `ci.pc=${next};${g.spill(g.before.filter((r) => r >= a && r <= a + 2), true)}forPrep(s,b+${a});${g.reload(range(a, a + 2))}${g.go(next + SBX(i), g.before)}`;
    case Op.TFORCALL: {
      const nres = C(i);
      const cb = a + 3;
      const results = range(cb, cb + nres - 1);
      let clear = "";
      for (const r of results.slice(2)) clear += `${R(r)}=void 0;`;
      const none = `${R(cb)}=void 0;${R(cb + 1)}=void 0;`;
      return `{const f=${R(a)},st=${R(a + 1)},ctl=${R(a + 2)};ci.pc=${next};`
        + `if(f===L.nextFn&&f!==void 0&&st instanceof LuaTable){const o=L.pair;if(st.next(ctl,o)){${R(cb)}=o[0];${R(cb + 1)}=o[1]}else{${none}}${clear}}`
        + `else if(f===IPAIRS&&st instanceof LuaTable&&st.metatable===void 0&&I(ctl)){const v=st.getInt(ctl+1);if(v!==void 0){${R(cb)}=ctl+1;${R(cb + 1)}=v}else{${none}}${clear}}`
        + `else{${g.spillCall()}const r=XG(L,th,ci,b+${cb},f,st,ctl,${nres});if(r>=0)return r;${g.reload(results)}}}`;
    }
    default:
      return `{const v=${R(a + 1)};if(v!==void 0){${R(a)}=v;${g.go(next + SBX(i), g.after())}}}`;
  }
}

/**
 * Declarations of the locals a region's function uses, loaded from the stack. A frame starting
 * at pc 0 (only in the first region) has only its parameters to load: the compiler writes
 * every other register before reading it.
 */
function prologue(p: Proto, used: Uint8Array, first: boolean): string {
  const load: string[] = [];
  const later: string[] = [];
  for (let r = 0; r < used.length; r++) {
    if (!used[r]) continue;
    if (!first || r < p.numparams) load.push(`r${r}=s[b+${r}]`);
    else later.push(`r${r}`);
  }
  const decl = [...load, ...later];
  if (decl.length === 0) return "";
  return `let ${decl.join(",")};${later.length > 0 ? `if(pc!==0){${later.map((r) => `${r}=s[b+${r.slice(1)}];`).join("")}}` : ""}`;
}

/** The names the generated code reaches in its factory's scope, with their values (made once). */
let shared: [string[], unknown[]] | undefined;

function sharedScope(): [string[], unknown[]] {
  if (shared === undefined) {
    const scope: Record<string, unknown> = {
      LuaTable, LuaClosure, LuaFloat, MEM, SIZE, IPAIRS: ipairsAux,
      I: Number.isInteger, SI: Number.isSafeInteger, forPrep, mkFloat, mkIntBig, execute,
      callOp, tailCallOp, returnOp, EF: enterFrame, PX: primeExit, ChainCache, NOCACHE, SA: shapeAnchor, FA: floatArith, FB: forLoopBig, MP: memoryPressure,
      CS: concatString, WB: writeBackMask, XA: xArith, XI: xIndex, XS: xSetIndex, XL: xLen, XC: xConcat, XT: xTest, XF: xFrozen, XG: xTforCall, XE: xError,
    };
    shared = [Object.keys(scope), Object.values(scope)];
  }
  return shared;
}

/** Region r of g as a function (the factory's text is V8's to parse: the compile's main cost). */
function instantiate(p: Proto, g: Generated, r: number): CompiledFrame {
  const [names, values] = sharedScope();
  const factory = new Function(...names, "K", "RF", g.emit(r)) as (...args: unknown[]) => CompiledFrame;
  return factory(...values, p.k, g.refund);
}

function build(p: Proto): CompiledFrame {
  const g = generate(p);
  if (g.nRegions > 1) return byRegion(p, g);
  const fn = instantiate(p, g, 0);
  // fn is primed (below) after its first call, then the prototype holds fn itself
  return (L, ci) => {
    p.jit = fn;
    const r = fn(L, ci);
    prime(fn, L, ci);
    return r;
  };
}

/**
 * A function of several regions: each region is compiled when control first reaches it (a
 * region never reached is never compiled, and one compile holds a call up for a region's
 * worth at most; in mode auto at the pace of jit-pace.ts, the region interpreted meanwhile),
 * then primed. A region that leaves for another returns Exit.Region, and this dispatcher
 * enters that one.
 */
function byRegion(p: Proto, g: Generated): CompiledFrame {
  const { regionOf } = g;
  const F: CompiledFrame[] = [];
  let left = g.nRegions;
  let gen: Generated | undefined = g; // dropped once every region is compiled
  const compile = (i: number, auto: boolean): CompiledFrame => {
    let fn: CompiledFrame;
    try {
      fn = auto ? paced(() => instantiate(p, gen!, i)) : instantiate(p, gen!, i);
    } catch {
      fn = () => Exit.Interpret; // a region we cannot translate is interpreted (from ci.pc, its entry)
    }
    if (--left === 0) gen = undefined;
    return fn;
  };
  for (let i = 0; i < g.nRegions; i++) {
    F.push((L, ci) => {
      const auto = L.jitMode === 1;
      if (auto && !mayCompile()) return Exit.Interpret;
      const fn = (F[i] = compile(i, auto));
      const r = fn(L, ci);
      prime(fn, L, ci);
      return r;
    });
  }
  return (L, ci) => {
    for (;;) {
      const r = F[regionOf[ci.pc]!]!(L, ci);
      if (r !== Exit.Region) return r;
    }
  };
}

/**
 * Run the exit of fn's region (case -2: the write-back of its locals, loaded from the frame
 * just before, so nothing changes) from a loop head of it, ci.pc back to `pc` after. V8
 * compiles a loop region while the loop runs, before its exit ever ran, so the optimised code
 * had no feedback there and was thrown away when the loop ended; this gives it some first.
 */
function primeExit(fn: CompiledFrame, L: LuaState, ci: CallInfo, pc: number): void {
  ci.pc = -2;
  fn(L, ci);
  ci.pc = pc;
}

/** Calls that make V8 allocate a function's feedback vector (it does so lazily, after several). */
const PRIME_CALLS = 10;

/**
 * Run fn's entry (its locals' loads from the frame) a few times without running any of its
 * code (pc -1 is no block: it returns at once), after its first call. V8 records type feedback
 * only once a function has run a while (its feedback vector is allocated lazily), so the entry
 * of a function called once per run (a script's main function, each of its loop regions) had
 * none: the code V8 optimised during the first run met it in the next run and was thrown away
 * ("insufficient type feedback"), and a loop region, entered once per run, was optimised again
 * by on-stack replacement in the runs after. The frame (ci) may have returned by then: only
 * its fields are read, and ci.pc is restored.
 */
function prime(fn: CompiledFrame, L: LuaState, ci: CallInfo): void {
  const pc = ci.pc;
  ci.pc = -1;
  for (let i = 0; i < PRIME_CALLS; i++) fn(L, ci);
  ci.pc = pc;
}

// ------------------------------------------------------------------------------ slow paths
// One helper per kind of operation, shared by every compiled function: the generated code
// calls it, after writing its dirty locals back, when its inline fast path does not apply. A
// helper reads what it needs of the instruction (slots for error messages, its destination)
// from the prototype, so a call site is short. One that may run Lua code (a metamethod) hands
// the instructions of its block after this one back while it runs and charges them again
// after: the budget then stops where the interpreter would stop. When they no longer fit, it
// throws STOP, and the frame's catch leaves for the interpreter at ci.pc (the next
// instruction; every local it needs is in the stack by then, the result included).

/** A concatenation's operand as a string: a string, or a plain number by tostring's rules; else undefined. */
function concatString(v: LuaValue): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? numberToString(v) : undefined;
}

/** A slow path's write-back: the values `v`, in order, to the registers of the bits of m. */
function writeBackMask(s: LuaValue[], b: number, m: number, ...v: LuaValue[]): void {
  for (let j = 0; m !== 0; m &= m - 1) s[b + 31 - Math.clz32(m & -m)] = v[j++];
}

/** Thrown by a slow path when the rest of its block no longer fits the budget. */
const STOP = { stop: "interpret" };

/** Enter the slow path of the instruction at pc: ci.pc set past it, the rest of its block handed back. */
function handBack(L: LuaState, ci: CallInfo, RF: Int32Array, pc: number): number {
  ci.pc = pc + 1;
  const rest = RF[pc + 1]!;
  L.steps += rest;
  return rest;
}

/** The slow path failed: the frame's catch refunds the rest of the block, handed back already (a limit error has settled the count). */
function undoHandBack(L: LuaState, rest: number, e: unknown): void {
  if (!(e instanceof LuaLimitError)) L.steps -= rest;
}

/** Charge the rest of the block again, or leave for the interpreter. */
function chargeBack(L: LuaState, rest: number): void {
  if (rest === 0) return;
  if (L.steps < rest) throw STOP;
  L.steps -= rest;
}

/**
 * A slow path that may run Lua code: `run` with the rest of the block handed back around it
 * (handBack, undoHandBack on an error, chargeBack after), its value stored in R(A) of
 * instruction `i` first when one is given.
 */
function handed<T>(L: LuaState, ci: CallInfo, RF: Int32Array, pc: number, run: () => T, i?: number): T {
  const rest = handBack(L, ci, RF, pc);
  let v: T;
  try {
    v = run();
  } catch (e) {
    undoHandBack(L, rest, e);
    throw e;
  }
  if (i !== undefined) setA(L, ci, i, v as LuaValue);
  chargeBack(L, rest);
  return v;
}

/** The destination of the instruction at pc, in the stack, receives v (the frame may leave right after). */
function setA(L: LuaState, ci: CallInfo, i: number, v: LuaValue): LuaValue {
  L.th.stack[ci.base + A(i)] = v;
  return v;
}

/** Arithmetic (ADD … SHR, UNM, BNOT) by the full rules: coercions, metamethods, errors. */
function xArith(L: LuaState, ci: CallInfo, RF: Int32Array, pc: number, x: LuaValue, y: LuaValue): LuaValue {
  const i = ci.cl!.p.code[pc]!;
  const op = ((i & 0x3f) - Op.ADD) as ArithOp;
  const sb = op >= ArithOp.UNM ? B(i) : B(i) & 256 ? NOSLOT : B(i);
  const sc = op >= ArithOp.UNM ? B(i) : C(i) & 256 ? NOSLOT : C(i);
  return handed(L, ci, RF, pc, () => L.arith(op, x, y, sb, sc), i);
}

/** GETTABUP, GETTABLE, SELF (whose R(A+1) = t is written back here) through __index. */
function xIndex(L: LuaState, ci: CallInfo, RF: Int32Array, pc: number, t: LuaValue, key: LuaValue): LuaValue {
  const i = ci.cl!.p.code[pc]!;
  const op = i & 0x3f;
  if (op === Op.SELF) L.th.stack[ci.base + A(i) + 1] = t;
  return handed(L, ci, RF, pc, () => L.index(t, key, op === Op.GETTABUP ? -B(i) - 1 : B(i)), i);
}

/** SETTABUP, SETTABLE: the raw write the fast path left here near a memory measurement, else through __newindex. */
function xSetIndex(L: LuaState, ci: CallInfo, RF: Int32Array, pc: number, t: LuaValue, key: LuaValue, v: LuaValue): void {
  ci.pc = pc + 1;
  if (t instanceof LuaTable && (t.metatable === undefined || t.get(key) !== undefined)) {
    t.set(key, v);
    return;
  }
  const i = ci.cl!.p.code[pc]!;
  handed(L, ci, RF, pc, () => L.setIndex(t, key, v, (i & 0x3f) === Op.SETTABUP ? -A(i) - 1 : A(i)));
}

/** LEN through __len (or an error). */
function xLen(L: LuaState, ci: CallInfo, RF: Int32Array, pc: number, x: LuaValue): LuaValue {
  const i = ci.cl!.p.code[pc]!;
  return handed(L, ci, RF, pc, () => L.len(x, B(i)), i);
}

/** CONCAT in the stack (its operands written back by the caller): coercions, __concat, errors. */
function xConcat(L: LuaState, ci: CallInfo, RF: Int32Array, pc: number): LuaValue {
  const i = ci.cl!.p.code[pc]!;
  const from = ci.base + B(i);
  return handed(L, ci, RF, pc, () => {
    L.concat(from, ci.base + C(i));
    return L.th.stack[from];
  }, i);
}

/** EQ, LT, LE by the full rules (the test ends its block: nothing to hand back). */
function xTest(L: LuaState, ci: CallInfo, pc: number, x: LuaValue, y: LuaValue): boolean {
  ci.pc = pc + 1;
  const op = ci.cl!.p.code[pc]! & 0x3f;
  return op === Op.EQ ? L.equals(x, y) : op === Op.LT ? L.lessThan(x, y) : L.lessEqual(x, y);
}

/** SETUPVAL of a frozen upvalue. */
function xFrozen(ci: CallInfo, next: number): never {
  ci.pc = next;
  throw new LuaRunError("attempt to modify a frozen upvalue");
}

/** TFORCALL of anything but next and ipairs over a plain table: -1 to go on (results in the stack), else an Exit. */
function xTforCall(L: LuaState, th: LuaState["th"], ci: CallInfo, c: number, f: LuaValue, st: LuaValue, ctl: LuaValue, nres: number): number {
  const s = th.stack;
  s[c] = f;
  s[c + 1] = st;
  s[c + 2] = ctl;
  th.top = c + 3;
  let fn = f;
  if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(c);
  if (fn instanceof LuaClosure) {
    L.precallLua(fn, c, th.top - c - 1, nres);
    return Exit.Switch;
  }
  L.callBuiltin(fn as LuaBuiltin, c, th.top - c - 1, nres);
  if (th.yieldedQuick) return Exit.Done;
  th.top = ci.top;
  return -1;
}

/**
 * The frame's catch: leave for the interpreter after STOP, else refund the rest of the block
 * (see handBack) and throw the error on as a Lua one.
 */
function xError(L: LuaState, ci: CallInfo, RF: Int32Array, e: unknown, nest: number): Exit {
  if (e === STOP) return Exit.Interpret;
  // (a limit error has already settled the count)
  if (!(e instanceof LuaLimitError)) L.steps += RF[ci.pc]! | 0;
  L.jitNest = nest;
  throw e === YIELD ? e : L.toLuaError(e);
}

/** The next index of a FORLOOP over 64-bit integers (BigInt), or undefined when the loop ends. */
function forLoopBig(idx: bigint, limit: bigint, step: bigint): bigint | undefined {
  const i = BigInt.asIntN(64, idx + step);
  return (0n < step ? i <= limit : limit <= i) ? i : undefined;
}

/**
 * ADD, SUB, MUL or DIV with a boxed (whole) float operand: float arithmetic on the plain
 * numbers, undefined when it does not apply or a NaN is involved (a NaN's sign takes the slow
 * path's care).
 */
function floatArith(op: number, x: LuaValue, y: LuaValue): LuaValue | undefined {
  if (!(x instanceof LuaFloat || y instanceof LuaFloat)) return undefined;
  const a = typeof x === "number" ? x : x instanceof LuaFloat ? x.n : undefined;
  const b = typeof y === "number" ? y : y instanceof LuaFloat ? y.n : undefined;
  if (a === undefined || b === undefined) return undefined;
  const r = op === Op.ADD ? a + b : op === Op.SUB ? a - b : op === Op.MUL ? a * b : a / b;
  if (r !== r) return undefined;
  return Number.isInteger(r) ? new LuaFloat(r) : r;
}

/** An allocation crossed the memory threshold (the caller wrote its locals back): measure. */
function memoryPressure(): void {
  MEM.owner?.memoryPressure(0);
}

// ------------------------------------------------------------------------------ shared steps
// The call and return sequences, shared by every compiled function instead of written into
// each (smaller generated code is optimised sooner and more often by V8).

/**
 * A fresh frame for compiled closure f at `func` (nargs arguments, at least its parameters, no
 * varargs): precallLua's common case, small enough for V8 to inline into the call site (about
 * a sixth of a Lua-to-Lua call's cost went to precallLua's generality); the rest goes to it.
 */
function enterFrame(L: LuaState, th: LuaState["th"], f: LuaClosure, func: number, nargs: number, nresults: number): CallInfo {
  const p = f.p;
  const idx = th.ciIdx + 1;
  let ci = idx < th.cis.length ? th.cis[idx] : undefined;
  const top = func + 1 + p.maxstacksize;
  if (ci === undefined || p.isVararg || nargs < p.numparams || top + nargs + p.numparams > th.stack.length || idx > L.maxDepth) {
    ci = L.precallLua(f, func, nargs, nresults);
  } else {
    th.ciIdx = idx;
    ci.k = Continuation.None;
    ci.finishOp = false;
    ci.leq = false;
    ci.func = func;
    ci.base = func + 1;
    ci.top = th.top = top;
    ci.cl = f;
    ci.fn = null;
    ci.pc = 0;
    ci.nresults = nresults;
    ci.tail = false;
  }
  ci.fresh = true;
  return ci;
}

/** What pureCall returns when the builtin threw: the caller repeats the call through callOp. */
const NOCALL = { nocall: true };

/**
 * A pure builtin's first result, called without a frame (LuaBuiltin.pure), or NOCALL if it
 * raised an error, which callOp then repeats with the frame for its message. A limit error is
 * not repeated (the budget that raised it is spent): it is thrown, blamed as the builtin's
 * frame would have been (LuaState.framelessCall).
 */
function pureCall(L: LuaState, f: LuaBuiltin, args: LuaValue[]): LuaValue | typeof NOCALL {
  L.framelessCall = true;
  try {
    const r = f.fn(L, args);
    L.framelessCall = false;
    return Array.isArray(r) ? (r as readonly LuaValue[])[0] : (r as LuaValue);
  } catch (e) {
    L.framelessCall = false;
    if (e instanceof LuaLimitError) throw e;
    return NOCALL;
  }
}

/** OP_CALL of the value at `func` (arguments up to th.top, ci.pc saved): -1 to go on, else an Exit. */
function callOp(L: LuaState, th: LuaState["th"], ci: CallInfo, func: number, nresults: number): number {
  const callee = th.stack[func];
  // a builtin first: compiled code calls compiled closures itself, so callOp mostly sees builtins
  const fn: LuaClosure | LuaBuiltin = callee instanceof LuaBuiltin || callee instanceof LuaClosure ? callee : L.tryFuncTM(func);
  if (!(fn instanceof LuaBuiltin)) {
    // a thread that cannot yield runs compiled callees by a direct (bounded) JS call
    const jit = fn.p.jit;
    if (th.nny === 0 || L.jitNest >= MAX_NEST || !jit) {
      L.precallLua(fn, func, th.top - func - 1, nresults);
      return Exit.Switch;
    }
    const nci = enterFrame(L, th, fn, func, th.top - func - 1, nresults);
    L.jitNest++;
    // straight into the callee's code; the dispatcher only when it leaves its frame otherwise
    // than by returning (a call it trampolines, the interpreter for a budget stop)
    if (jit(L, nci) !== Exit.Done) execute(L);
    L.jitNest--;
  } else {
    const nargs = th.top - func - 1;
    // a pure builtin (LuaBuiltin.pure) with up to 3 arguments and at most one result is called
    // without a frame; if it raises an error, the call is repeated properly (pureCall)
    let v: LuaValue | typeof NOCALL = NOCALL;
    if (fn.pure && nresults <= 1 && nresults >= 0 && nargs <= 3 && th.ciIdx < L.maxDepth) {
      const s = th.stack;
      const a = func + 1;
      v = pureCall(L, fn, nargs === 1 ? [s[a]] : nargs === 2 ? [s[a], s[a + 1]] : nargs === 3 ? [s[a], s[a + 1], s[a + 2]] : []);
    }
    if (v !== NOCALL) th.stack[func] = v as LuaValue;
    else {
      L.callBuiltin(fn, func, nargs, nresults);
      if (th.yieldedQuick) return Exit.Done;
    }
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
    const p = fn.p;
    const top = dst + 1 + p.maxstacksize;
    if (!p.isVararg && top + nargs + p.numparams <= s.length) {
      // the frame itself becomes the callee's (precallLua's common case, as in enterFrame): same
      // depth, and a Lua frame at a TAILCALL has no continuation or metamethod pending
      for (let j = nargs; j < p.numparams; j++) s[dst + 1 + j] = undefined;
      ci.base = dst + 1;
      ci.top = th.top = top;
      ci.cl = fn;
      ci.pc = 0;
      ci.tail = true;
    } else L.retargetTail(ci, fn, nargs);
    // a compiled callee runs right here (bounded as a call is) rather than through the dispatcher
    const jit = p.jit;
    if (!jit || th.nny === 0 || L.jitNest >= MAX_NEST) return Exit.Switch;
    L.jitNest++;
    const r = jit(L, th.cis[th.ciIdx]!);
    L.jitNest--;
    return r;
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
