// The bytecode verifier: proves that a prototype tree — typically one decoded from a chunk file,
// so possibly crafted by hand — is safe for interpreter.ts, which trusts the code it runs the
// way lvm.c trusts lcode.c: it indexes registers, constants, upvalues and nested protos without
// checks, reads the word after a test as a JMP, and assumes types in a few places.
//
// What "safe" means here: running the code can end in values or a LuaError raised by the
// VM's own checks (type errors, budgets), never in a JS exception from a broken assumption, a
// read or write outside the frame's registers (a JS array write past the frame would grow the
// stack array behind the budget's back and break the frame layout), or a loop the instruction
// budget cannot stop. The verifier accepts what the compiler emits and refuses, conservatively,
// everything it cannot prove — including shapes that would be harmless but that the compiler
// never produces. Every refusal is a LuaError of kind "syntax" (a load-time failure) whose
// message starts "invalid chunk:".
//
// The checks, per function:
//   * shape: field types, maxstacksize ≤ 255 (MAXREGS), numparams ≤ maxstacksize, line and
//     column arrays as long as the code, local ranges within the code, constants only nil,
//     booleans, canonical numbers (see value.ts) and byte strings, at most 255 upvalues whose
//     descriptors point at a register or upvalue the enclosing function has; the main function
//     has exactly the `_ENV` upvalue the compiler gives it; nesting ≤ 200, bounded totals.
//   * operands: every opcode known; every register an instruction reads or writes, including
//     ranges (CALL arguments and results, RETURN values, LOADNIL, CONCAT, SETLIST, VARARG,
//     TFORCALL results, the four FORLOOP registers, SELF's A+1), below maxstacksize; RK and
//     LOADK/LOADKX constant indexes below the constant count; upvalue and CLOSURE indexes in
//     range; VARARG only in vararg functions.
//   * control flow: EQ/LT/LE/TEST/TESTSET are followed by a JMP (the interpreter performs that
//     jump itself), LOADKX and SETLIST with C=0 by EXTRAARG (which no path may reach on its own),
//     TFORCALL by its TFORLOOP; every jump, skip and fall-through of a reachable instruction
//     lands inside the code, so control can only leave through RETURN (the last instruction is
//     a RETURN).
//   * the open top: an instruction taking "everything up to top" (CALL/TAILCALL/RETURN/SETLIST
//     with B=0) must come right after the instruction that set top (CALL with C=0, VARARG with
//     B=0, TAILCALL), from nowhere else (it is no jump target), above that producer's base
//     register; and every producer is followed by such a consumer. So top is never stale, and
//     never below the consumer's base (which would make an argument count negative).
//   * types the interpreter assumes, by a dataflow analysis over the registers involved:
//     FORLOOP finds in A..A+2 what one FORPREP stored there (it adds them as numbers or
//     bigints without checks), and SETLIST finds in A the table a NEWTABLE made. A register's
//     fact is lost when anything may write it: an instruction's own results, a call's frame
//     (everything from the called function's register up), and — for registers that may have an
//     open upvalue (captured by a CLOSURE and not yet closed by a JMP) — any instruction that
//     can run Lua code (metamethods, calls), since a closure may assign the upvalue.
//
// A verified chunk has the powers of Lua source run in the same VM and no more: the profile's
// libraries and the budgets apply unchanged, globals are reached through _ENV, SETLIST can only
// fill a table the function just made. What it can do that compiled code does not (read a dead
// local's register, say) stays within those powers. The analysis is bounded: nesting, totals
// and the dataflow's work (refused as "too complex to verify" past the allowance below).

import { LuaError } from "./errors.js";
import { MAXARG_SBX, MAXREGS, OP_NAMES, Op } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { LuaFloat } from "./value.js";

/** Deepest function nesting accepted (the parser's own limit on nested levels). */
export const MAX_NESTING = 200;
/** Most functions in one tree. */
export const MAX_FUNCTIONS = 1 << 20;
/** Most instructions in one tree. */
export const MAX_INSTRUCTIONS = 1 << 24;
/** Most upvalues a function may have (lua's MAXUPVAL). */
const MAX_UPVALUES = 255;
/**
 * Dataflow work (instructions visited plus registers merged) allowed for a whole tree: a fixed
 * allowance plus so much per instruction. Compiled code needs about 1 per instruction (10 at
 * most in the test corpus); code built to make the analysis iterate is refused past this.
 */
const WORK_BASE = 20_000_000;
const WORK_PER_INSTRUCTION = 64;

/** "No successor" (a computed target is never this low: sBx is at least -131071). */
const NONE = -0x7fffffff;

class Refusal extends Error {}

function refuse(msg: string): never {
  throw new Refusal(msg);
}

function isInt(x: unknown, lo: number, hi: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= lo && x <= hi;
}

interface Totals {
  functions: number;
  instructions: number;
  work: number;
  /** Pseudo-address of the next function (preorder index), for messages. */
  next: number;
}

/**
 * Throws a LuaError (kind "syntax", message "invalid chunk: …") unless the prototype tree
 * rooted at the main function `p` is safe to run (see the module comment).
 */
export function verifyProto(p: Proto): void {
  const totals: Totals = { functions: 0, instructions: 0, work: 0, next: 0 };
  try {
    if (typeof p !== "object" || p === null) refuse("the main function is not a prototype");
    const ups = p.upvalues;
    if (!Array.isArray(ups) || ups.length !== 1 || typeof ups[0] !== "object" || ups[0] === null || ups[0].name !== "_ENV" || ups[0].instack !== true || ups[0].idx !== 0) {
      refuse("the main function must have exactly one upvalue, _ENV (in stack, index 0)");
    }
    verifyFunction(p, undefined, 0, totals);
  } catch (e) {
    if (e instanceof Refusal) throw new LuaError(`invalid chunk: ${e.message}`, { kind: "syntax" });
    if (e instanceof RangeError) throw new LuaError(`invalid chunk: too large or too deeply nested to verify`, { kind: "syntax" });
    throw e;
  } finally {
    cur = undefined;
  }
}

function isConstant(v: unknown): boolean {
  switch (typeof v) {
    case "undefined":
    case "boolean":
      return true;
    case "number":
      // a number is an integer only when safe (and never -0); otherwise a non-integral float
      return Number.isInteger(v) ? Number.isSafeInteger(v) && !Object.is(v, -0) : true;
    case "bigint":
      return v >= -0x8000000000000000n && v <= 0x7fffffffffffffffn && (v < -9007199254740991n || v > 9007199254740991n);
    case "string":
      for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 0xff) return false;
      return true;
    default:
      // an integral float (or the sign-cleared NaN) in its box
      return v instanceof LuaFloat && (Number.isInteger(v.n) || Number.isNaN(v.n));
  }
}

// ------------------------------------------------------------------------------ scratch
// The function being verified (for messages), and buffers reused from function to function:
// typed arrays cost about as much to create as verifying a small function does. A function is
// analysed completely before its nested functions are, so one set of buffers serves all.

let cur: Proto | undefined;
let curId = 0;
let cap = 0;
/** Per instruction: two successors (NONE for none). */
let SUCC = new Int32Array(0);
/** Per successor edge: the register a JMP closes upvalues from on that edge, or -1. */
let CLOSE = new Int32Array(0);
/** Per instruction: EXTRA | TARGET | REACHABLE. */
let FLAGS = new Uint8Array(0);
let STACK = new Int32Array(0);
/** Per instruction: its block number in the type analysis, or -1. */
let LEADER = new Int32Array(0);
let BLOCK_START = new Int32Array(0);
let BLOCK_QUEUED = new Uint8Array(0);
let BLOCK_SEEN = new Uint8Array(0);
let IN_TAGS = new Int32Array(0);
let IN_OPEN = new Uint8Array(0);
const SLOT_OF = new Int32Array(256).fill(-1);

/** Second word of LOADKX / SETLIST C=0: never executed. */
const EXTRA = 1;
/** Entered by something other than a plain fall-through from the instruction before. */
const TARGET = 2;
const REACHABLE = 4;

function scratch(n: number): void {
  if (n > cap) {
    cap = Math.max(n, cap * 2, 256);
    SUCC = new Int32Array(2 * cap);
    CLOSE = new Int32Array(2 * cap);
    FLAGS = new Uint8Array(cap);
    STACK = new Int32Array(cap);
    LEADER = new Int32Array(cap);
  }
  FLAGS.fill(0, 0, n);
}

function where(p: Proto, id: number): string {
  const kind = p.linedefined === 0 ? "main function" : "function";
  const src = typeof p.source === "string" ? p.source : "?";
  return `${kind} <${src}:${String(p.linedefined)}> (#${id})`;
}

function bad(msg: string): never {
  return refuse(`${where(cur!, curId)}: ${msg}`);
}

/** "pc 3 (MOVE)": where an instruction problem is. */
function at(pc: number): string {
  return `pc ${pc + 1} (${OP_NAMES[cur!.code[pc]! & 0x3f] ?? "?"})`;
}

function badReg(pc: number, what: string, r: number, max: number): never {
  return bad(`${at(pc)}: ${what} register ${r} out of range (maxstacksize ${max})`);
}

function badK(pc: number, what: string, idx: number, nk: number): never {
  return bad(`${at(pc)}: ${what}constant ${idx + 1} out of range (${nk} constants)`);
}

function badJump(pc: number, t: number, n: number): never {
  return bad(`${at(pc)}: jump to ${t + 1}, outside the code (1..${n})`);
}

function badFollow(pc: number, what: string): never {
  return bad(`${at(pc)} must be followed by ${what}`);
}

function checkUpvalueShapes(p: Proto, label: string): void {
  if (!Array.isArray(p.upvalues)) refuse(`${label}: upvalues are not an array`);
  const ups = p.upvalues;
  if (ups.length > MAX_UPVALUES) refuse(`${label}: ${ups.length} upvalues (at most ${MAX_UPVALUES})`);
  for (let i = 0; i < ups.length; i++) {
    const u = ups[i];
    if (typeof u !== "object" || u === null || typeof u.name !== "string" || typeof u.instack !== "boolean" || !isInt(u.idx, 0, 255)) {
      refuse(`${label}: upvalue ${i} is malformed`);
    }
  }
}

function verifyFunction(p: Proto, parent: Proto | undefined, depth: number, totals: Totals): void {
  const id = totals.next++;
  if (depth > MAX_NESTING) refuse(`functions nested more than ${MAX_NESTING} deep`);
  if (++totals.functions > MAX_FUNCTIONS) refuse(`more than ${MAX_FUNCTIONS} functions`);
  if (typeof p !== "object" || p === null) refuse(`function #${id} is not a prototype`);
  cur = p;
  curId = id;

  // ---------------------------------------------------------------- shape
  const { code, k, upvalues, lineinfo, colinfo, locvars, numparams, maxstacksize } = p;
  if (typeof p.source !== "string") bad("source name is not a string");
  if (!isInt(p.linedefined, 0, 0x7fffffff) || !isInt(p.lastlinedefined, 0, 0x7fffffff)) bad("bad linedefined/lastlinedefined");
  if (!(code instanceof Int32Array) || !(lineinfo instanceof Int32Array) || !(colinfo instanceof Int32Array)) bad("code, lineinfo and colinfo must be Int32Arrays");
  const n = code.length;
  if (n === 0) bad("no instructions");
  totals.instructions += n;
  if (totals.instructions > MAX_INSTRUCTIONS) refuse(`more than ${MAX_INSTRUCTIONS} instructions`);
  if (lineinfo.length !== n || colinfo.length !== n) bad(`lineinfo/colinfo lengths (${lineinfo.length}/${colinfo.length}) differ from the code length (${n})`);
  for (let i = 0; i < n; i++) if ((lineinfo[i]! | colinfo[i]!) < 0) bad(`negative line or column at pc ${i + 1}`);
  const ms = maxstacksize;
  if (!isInt(ms, 2, MAXREGS)) bad(`maxstacksize ${String(ms)} is outside 2..${MAXREGS}`);
  if (!isInt(numparams, 0, ms)) bad(`numparams ${String(numparams)} exceeds maxstacksize ${ms}`);
  if (typeof p.isVararg !== "boolean") bad("isVararg is not a boolean");
  if (!Array.isArray(k)) bad("constants are not an array");
  const nk = k.length;
  for (let i = 0; i < nk; i++) if (!isConstant(k[i])) bad(`constant ${i + 1} is not nil, a boolean, a canonical number or a byte string`);
  checkUpvalueShapes(p, where(p, id));
  const nup = upvalues.length;
  if (parent !== undefined) {
    for (let i = 0; i < nup; i++) {
      const u = upvalues[i]!;
      if (u.instack ? u.idx >= parent.maxstacksize : u.idx >= parent.upvalues.length) {
        bad(`upvalue ${i} captures ${u.instack ? "register" : "upvalue"} ${u.idx}, which the enclosing function does not have`);
      }
    }
  }
  if (!Array.isArray(locvars)) bad("locals are not an array");
  for (let i = 0; i < locvars.length; i++) {
    const lv = locvars[i];
    if (typeof lv !== "object" || lv === null || typeof lv.name !== "string" || !isInt(lv.startpc, 0, n) || !isInt(lv.endpc, lv.startpc, n)) {
      bad(`local ${i} is malformed or its pc range is outside the code`);
    }
  }
  if (!Array.isArray(p.p)) bad("nested functions are not an array");
  const np = p.p.length;
  // the type analysis reads the nested functions' upvalue descriptors before they are verified
  for (let j = 0; j < np; j++) {
    const c = p.p[j];
    if (typeof c !== "object" || c === null) bad(`nested function ${j} is not a prototype`);
    checkUpvalueShapes(c!, `${where(p, id)}: nested function ${j}`);
  }

  // ---------------------------------------------------------------- operands and successors
  scratch(n);
  const succ = SUCC;
  const close = CLOSE;
  const flags = FLAGS;
  let hasFor = false;
  let hasSetlist = false;
  for (let pc = 0; pc < n; pc++) {
    const i = code[pc]!;
    const op = i & 0x3f;
    const a = (i >>> 6) & 0xff;
    const b = i >>> 23;
    const c = (i >>> 14) & 0x1ff;
    const bx = i >>> 14;
    let s0 = pc + 1;
    let s1 = NONE;
    let c0 = -1;
    let c1 = -1;
    switch (op as Op) {
      case Op.MOVE: case Op.UNM: case Op.BNOT: case Op.NOT: case Op.LEN:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b >= ms) badReg(pc, "B", b, ms);
        break;
      case Op.LOADK:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (bx >= nk) badK(pc, "", bx, nk);
        break;
      case Op.LOADKX: {
        if (a >= ms) badReg(pc, "A", a, ms);
        const x = code[pc + 1];
        if (x === undefined || (x & 0x3f) !== Op.EXTRAARG) badFollow(pc, "EXTRAARG");
        if (x! >>> 6 >= nk) badK(pc, "", x! >>> 6, nk);
        flags[pc + 1] = EXTRA;
        s0 = pc + 2;
        break;
      }
      case Op.LOADBOOL:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b > 1 || c > 1) bad(`${at(pc)}: B and C must be 0 or 1`);
        if (c !== 0) {
          s0 = pc + 2;
          if (s0 >= n) badJump(pc, s0, n);
        }
        break;
      case Op.LOADNIL:
        if (a + b >= ms) badReg(pc, "A+B", a + b, ms);
        break;
      case Op.GETUPVAL: case Op.SETUPVAL:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b >= nup) bad(`${at(pc)}: upvalue ${b} out of range (${nup} upvalues)`);
        break;
      case Op.GETTABUP:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b >= nup) bad(`${at(pc)}: upvalue ${b} out of range (${nup} upvalues)`);
        if (c & 256 ? (c & 255) >= nk : c >= ms) c & 256 ? badK(pc, "C ", c & 255, nk) : badReg(pc, "C", c, ms);
        break;
      case Op.SETTABUP:
        if (a >= nup) bad(`${at(pc)}: upvalue ${a} out of range (${nup} upvalues)`);
        if (b & 256 ? (b & 255) >= nk : b >= ms) b & 256 ? badK(pc, "B ", b & 255, nk) : badReg(pc, "B", b, ms);
        if (c & 256 ? (c & 255) >= nk : c >= ms) c & 256 ? badK(pc, "C ", c & 255, nk) : badReg(pc, "C", c, ms);
        break;
      case Op.GETTABLE: case Op.SELF:
        if (op === Op.SELF ? a + 1 >= ms : a >= ms) op === Op.SELF ? badReg(pc, "A+1", a + 1, ms) : badReg(pc, "A", a, ms);
        if (b >= ms) badReg(pc, "B", b, ms);
        if (c & 256 ? (c & 255) >= nk : c >= ms) c & 256 ? badK(pc, "C ", c & 255, nk) : badReg(pc, "C", c, ms);
        break;
      case Op.SETTABLE:
      case Op.ADD: case Op.SUB: case Op.MUL: case Op.MOD: case Op.POW: case Op.DIV: case Op.IDIV:
      case Op.BAND: case Op.BOR: case Op.BXOR: case Op.SHL: case Op.SHR:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b & 256 ? (b & 255) >= nk : b >= ms) b & 256 ? badK(pc, "B ", b & 255, nk) : badReg(pc, "B", b, ms);
        if (c & 256 ? (c & 255) >= nk : c >= ms) c & 256 ? badK(pc, "C ", c & 255, nk) : badReg(pc, "C", c, ms);
        break;
      case Op.NEWTABLE:
        if (a >= ms) badReg(pc, "A", a, ms);
        break;
      case Op.CONCAT:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b >= c) bad(`${at(pc)}: B (${b}) must be below C (${c})`);
        if (c >= ms) badReg(pc, "C", c, ms);
        break;
      case Op.JMP:
        if (a > ms) bad(`${at(pc)}: closes from register ${a - 1}, out of range (maxstacksize ${ms})`);
        s0 = pc + 1 + bx - MAXARG_SBX;
        if (s0 < 0 || s0 >= n) badJump(pc, s0, n);
        if (a !== 0) c0 = a - 1;
        break;
      case Op.EQ: case Op.LT: case Op.LE: case Op.TEST: case Op.TESTSET: {
        if (op === Op.TEST) {
          if (a >= ms) badReg(pc, "A", a, ms);
          if (b !== 0 || c > 1) bad(`${at(pc)}: B must be 0 and C 0 or 1`);
        } else if (op === Op.TESTSET) {
          if (a >= ms) badReg(pc, "A", a, ms);
          if (b >= ms) badReg(pc, "B", b, ms);
          if (c > 1) bad(`${at(pc)}: C must be 0 or 1`);
        } else {
          if (a > 1) bad(`${at(pc)}: A must be 0 or 1`);
          if (b & 256 ? (b & 255) >= nk : b >= ms) b & 256 ? badK(pc, "B ", b & 255, nk) : badReg(pc, "B", b, ms);
          if (c & 256 ? (c & 255) >= nk : c >= ms) c & 256 ? badK(pc, "C ", c & 255, nk) : badReg(pc, "C", c, ms);
        }
        // the interpreter performs the JMP after a test itself (closing its upvalues)
        const j = code[pc + 1];
        if (j === undefined || (j & 0x3f) !== Op.JMP) badFollow(pc, "a JMP");
        const ja = (j! >>> 6) & 0xff;
        s0 = pc + 2;
        s1 = pc + 2 + (j! >>> 14) - MAXARG_SBX;
        if (ja !== 0) c1 = ja - 1;
        break;
      }
      case Op.CALL:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b !== 0 && a + b - 1 >= ms) badReg(pc, "last argument", a + b - 1, ms);
        if (c >= 2 && a + c - 2 >= ms) badReg(pc, "last result", a + c - 2, ms);
        break;
      case Op.TAILCALL: {
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b !== 0 && a + b - 1 >= ms) badReg(pc, "last argument", a + b - 1, ms);
        if (c !== 0) bad(`${at(pc)}: C must be 0`);
        const ret = code[pc + 1];
        if (ret === undefined || (ret & 0x3f) !== Op.RETURN) badFollow(pc, "a RETURN");
        if (ret! >>> 23 !== 0 || ((ret! >>> 6) & 0xff) > a) bad(`${at(pc)}: the RETURN after it must return everything from register ${a} or below`);
        break;
      }
      case Op.RETURN:
        if (b >= 2 ? a + b - 2 >= ms : a > ms) badReg(pc, b >= 2 ? "last value" : "A", b >= 2 ? a + b - 2 : a, ms);
        s0 = NONE;
        break;
      case Op.FORLOOP: case Op.FORPREP: case Op.TFORLOOP: {
        if (op === Op.FORLOOP) {
          if (a + 3 >= ms) badReg(pc, "A+3", a + 3, ms);
          hasFor = true;
        } else if (op === Op.FORPREP) {
          if (a + 2 >= ms) badReg(pc, "A+2", a + 2, ms);
        } else {
          if (a + 1 >= ms) badReg(pc, "A+1", a + 1, ms);
          if (pc === 0 || (code[pc - 1]! & 0x3f) !== Op.TFORCALL) bad(`${at(pc)} must come right after a TFORCALL`);
        }
        const t = pc + 1 + bx - MAXARG_SBX;
        if (t < 0 || t >= n) badJump(pc, t, n);
        if (op === Op.FORPREP) s0 = t;
        else s1 = t;
        break;
      }
      case Op.TFORCALL: {
        if (c < 1) bad(`${at(pc)}: C must be at least 1`);
        // the call's three arguments and its results both start at A+3
        const last = a + 3 + Math.max(c, 3) - 1;
        if (last >= ms) badReg(pc, "last result", last, ms);
        const loop = code[pc + 1];
        if (loop === undefined || (loop & 0x3f) !== Op.TFORLOOP) badFollow(pc, "its TFORLOOP");
        if (((loop! >>> 6) & 0xff) !== a + 2) bad(`${at(pc)}: its TFORLOOP must use register ${a + 2}`);
        break;
      }
      case Op.SETLIST:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b !== 0 && a + b >= ms) badReg(pc, "last item", a + b, ms);
        if (c === 0) {
          const x = code[pc + 1];
          if (x === undefined || (x & 0x3f) !== Op.EXTRAARG) badFollow(pc, "EXTRAARG");
          if (x! >>> 6 === 0) bad(`${at(pc)}: block number 0`);
          flags[pc + 1] = EXTRA;
          s0 = pc + 2;
        }
        hasSetlist = true;
        break;
      case Op.CLOSURE:
        if (a >= ms) badReg(pc, "A", a, ms);
        if (bx >= np) bad(`${at(pc)}: function ${bx} out of range (${np} nested functions)`);
        break;
      case Op.VARARG:
        if (!p.isVararg) bad(`${at(pc)}: the function is not vararg`);
        if (a >= ms) badReg(pc, "A", a, ms);
        if (b >= 2 && a + b - 2 >= ms) badReg(pc, "last value", a + b - 2, ms);
        break;
      case Op.EXTRAARG:
        // only as the second word of LOADKX or SETLIST C=0 (marked by the instruction before)
        if (!(flags[pc]! & EXTRA)) bad(`pc ${pc + 1}: EXTRAARG on its own (not after LOADKX or SETLIST with C=0)`);
        s0 = NONE;
        break;
      default:
        bad(`pc ${pc + 1}: unknown opcode ${op}`);
    }
    succ[2 * pc] = s0;
    succ[2 * pc + 1] = s1;
    close[2 * pc] = c0;
    close[2 * pc + 1] = c1;
  }
  if ((code[n - 1]! & 0x3f) !== Op.RETURN) bad("the last instruction is not a RETURN");

  // ---------------------------------------------------------------- control flow
  for (let pc = 0; pc < n; pc++) {
    const s0 = succ[2 * pc]!;
    const s1 = succ[2 * pc + 1]!;
    if (s0 >= 0 && s0 < n && (s0 !== pc + 1 || s1 !== NONE || close[2 * pc]! >= 0 || (code[pc]! & 0x3f) === Op.JMP)) flags[s0] |= TARGET;
    if (s1 >= 0 && s1 < n) flags[s1] |= TARGET;
  }
  const stack = STACK;
  let sp = 0;
  stack[sp++] = 0;
  flags[0] |= REACHABLE;
  while (sp > 0) {
    const pc = stack[--sp]!;
    for (let e = 0; e < 2; e++) {
      const s = succ[2 * pc + e]!;
      if (s === NONE) continue;
      if (s < 0 || s >= n) bad(`${at(pc)}: control reaches ${s + 1}, outside the code (1..${n})`);
      const f = flags[s]!;
      if (f & EXTRA) bad(`${at(pc)}: control reaches the EXTRAARG at ${s + 1}`);
      if (!(f & REACHABLE)) {
        flags[s] = f | REACHABLE;
        stack[sp++] = s;
      }
    }
  }

  // ---------------------------------------------------------------- the open top
  for (let pc = 0; pc < n; pc++) {
    const i = code[pc]!;
    const op = i & 0x3f;
    const b = i >>> 23;
    const consumer = b === 0 && (op === Op.CALL || op === Op.TAILCALL || op === Op.RETURN || op === Op.SETLIST);
    if (consumer) {
      const a = (i >>> 6) & 0xff;
      const prev = pc > 0 ? code[pc - 1]! : 0;
      const pop = prev & 0x3f;
      const pa = (prev >>> 6) & 0xff;
      const producer = pc > 0 && ((pop === Op.CALL && ((prev >>> 14) & 0x1ff) === 0) || (pop === Op.VARARG && prev >>> 23 === 0) || pop === Op.TAILCALL);
      if (!producer) bad(`${at(pc)}: uses the values up to top, but the instruction before it does not set top`);
      if (flags[pc]! & TARGET) bad(`${at(pc)}: uses the values up to top, but is a jump target`);
      if (op === Op.RETURN ? pa < a : pa <= a) bad(`${at(pc)}: the values up to top start at register ${pa}, ${op === Op.RETURN ? "below" : "not above"} its own (${a})`);
    }
    if ((op === Op.CALL && ((i >>> 14) & 0x1ff) === 0) || (op === Op.VARARG && b === 0) || op === Op.TAILCALL) {
      const next = code[pc + 1];
      const nop = next === undefined ? -1 : next & 0x3f;
      const ok = next !== undefined && next >>> 23 === 0 && (nop === Op.CALL || nop === Op.TAILCALL || nop === Op.RETURN || nop === Op.SETLIST);
      if (!ok) bad(`${at(pc)}: sets top, but the next instruction does not use it`);
    }
  }

  // ---------------------------------------------------------------- assumed types
  if (hasFor || hasSetlist) checkTypes(p, totals);

  // ---------------------------------------------------------------- nested functions
  for (let j = 0; j < np; j++) verifyFunction(p.p[j]!, p, depth + 1, totals);
}

/** Tags of the register dataflow: anything, a table from NEWTABLE, or FOR(pc, slot). */
const ANY = 0;
const TABLE = 1;
const forTag = (pc: number, slot: number): number => 2 + pc * 3 + slot;

/** The dataflow analysis of assumed types (see the module comment), over SUCC/CLOSE/FLAGS. */
function checkTypes(p: Proto, totals: Totals): void {
  const code = p.code;
  const n = code.length;
  const succ = SUCC;
  const close = CLOSE;
  const flags = FLAGS;
  // the registers whose contents matter: FORLOOP's A..A+2, SETLIST's A
  const slotOf = SLOT_OF;
  const regs: number[] = [];
  const track = (r: number): void => {
    if (slotOf[r]! < 0) {
      slotOf[r] = regs.length;
      regs.push(r);
    }
  };
  try {
    for (let pc = 0; pc < n; pc++) {
      const i = code[pc]!;
      const op = i & 0x3f;
      const a = (i >>> 6) & 0xff;
      if (op === Op.FORLOOP) {
        track(a);
        track(a + 1);
        track(a + 2);
      } else if (op === Op.SETLIST) track(a);
    }
    flowTypes(p, totals, regs, succ, close, flags);
  } finally {
    for (const r of regs) slotOf[r] = -1;
  }
}

function flowTypes(p: Proto, totals: Totals, regs: number[], succ: Int32Array, close: Int32Array, flags: Uint8Array): void {
  const code = p.code;
  const n = code.length;
  const slotOf = SLOT_OF;
  const m = regs.length;
  // blocks: an instruction starts one when something other than a plain fall-through enters it
  const leader = LEADER;
  leader.fill(-1, 0, n);
  let nb = 0;
  leader[0] = nb++;
  for (let pc = 0; pc < n; pc++) {
    if (!(flags[pc]! & REACHABLE)) continue;
    const s0 = succ[2 * pc]!;
    const s1 = succ[2 * pc + 1]!;
    const plain = s1 === NONE && s0 === pc + 1 && close[2 * pc]! < 0;
    if (!plain) {
      if (s0 >= 0 && leader[s0]! < 0) leader[s0] = nb++;
      if (s1 >= 0 && leader[s1]! < 0) leader[s1] = nb++;
    }
  }
  if (nb * m > 1 << 25) bad("too large to verify (blocks × tracked registers)");
  if (nb > BLOCK_START.length) {
    const size = Math.max(nb, BLOCK_START.length * 2, 64);
    BLOCK_START = new Int32Array(size);
    BLOCK_QUEUED = new Uint8Array(size);
    BLOCK_SEEN = new Uint8Array(size);
  }
  if (nb * m > IN_TAGS.length) {
    const size = Math.max(nb * m, IN_TAGS.length * 2, 1024);
    IN_TAGS = new Int32Array(size);
    IN_OPEN = new Uint8Array(size);
  }
  const inTags = IN_TAGS;
  const inOpen = IN_OPEN;
  const seen = BLOCK_SEEN;
  const queued = BLOCK_QUEUED;
  const startOf = BLOCK_START;
  seen.fill(0, 0, nb);
  queued.fill(0, 0, nb);
  for (let pc = 0; pc < n; pc++) if (leader[pc]! >= 0) startOf[leader[pc]!] = pc;
  // entry: every register ANY, no open upvalues
  inTags.fill(ANY, 0, m);
  inOpen.fill(0, 0, m);
  seen[0] = 1;
  queued[0] = 1;
  const work: number[] = [0];
  const tags = new Int32Array(m);
  const open = new Uint8Array(m);
  const edgeOpen = new Uint8Array(m);
  const limit = WORK_BASE + WORK_PER_INSTRUCTION * totals.instructions;

  const kill = (r: number): void => {
    if (r < 256) {
      const s = slotOf[r]!;
      if (s >= 0) tags[s] = ANY;
    }
  };
  const killFrom = (r: number): void => {
    for (let s = 0; s < m; s++) if (regs[s]! >= r) tags[s] = ANY;
  };
  const killOpen = (): void => {
    for (let s = 0; s < m; s++) if (open[s]) tags[s] = ANY;
  };
  /** Merge the current state (with `openState`) into block `blk`'s entry; queue it if it changed. */
  const mergeInto = (blk: number, openState: Uint8Array): void => {
    totals.work += m + 1;
    if (totals.work > limit) bad("too complex to verify");
    const base = blk * m;
    let changed = false;
    if (!seen[blk]) {
      seen[blk] = 1;
      inTags.set(tags, base);
      inOpen.set(openState, base);
      changed = true;
    } else {
      for (let s = 0; s < m; s++) {
        if (inTags[base + s] !== ANY && inTags[base + s] !== tags[s]) {
          inTags[base + s] = ANY;
          changed = true;
        }
        if (openState[s] && !inOpen[base + s]) {
          inOpen[base + s] = 1;
          changed = true;
        }
      }
    }
    if (changed && !queued[blk]) {
      queued[blk] = 1;
      work.push(blk);
    }
  };
  const flow = (s: number, from: number): void => {
    let st = open;
    if (from >= 0) {
      for (let j = 0; j < m; j++) edgeOpen[j] = regs[j]! >= from ? 0 : open[j]!;
      st = edgeOpen;
    }
    mergeInto(leader[s]!, st);
  };

  while (work.length > 0) {
    const blk = work.pop()!;
    queued[blk] = 0;
    totals.work += m;
    tags.set(inTags.subarray(blk * m, blk * m + m));
    open.set(inOpen.subarray(blk * m, blk * m + m));
    for (let pc = startOf[blk]!; ; pc++) {
      totals.work++;
      const i = code[pc]!;
      const op = (i & 0x3f) as Op;
      const a = (i >>> 6) & 0xff;
      const b = i >>> 23;
      switch (op) {
        case Op.MOVE: case Op.LOADK: case Op.LOADKX: case Op.LOADBOOL: case Op.GETUPVAL: case Op.NOT:
        case Op.TESTSET: case Op.TFORLOOP:
          kill(a);
          break;
        case Op.CLOSURE: {
          kill(a);
          for (const u of p.p[i >>> 14]!.upvalues) {
            if (u.instack) {
              const s = slotOf[u.idx]!;
              if (s >= 0) open[s] = 1;
            }
          }
          break;
        }
        case Op.NEWTABLE: {
          const s = slotOf[a]!;
          if (s >= 0) tags[s] = TABLE;
          break;
        }
        case Op.LOADNIL:
          for (let r = a; r <= a + b; r++) kill(r);
          break;
        case Op.GETTABUP: case Op.GETTABLE: case Op.ADD: case Op.SUB: case Op.MUL: case Op.MOD: case Op.POW:
        case Op.DIV: case Op.IDIV: case Op.BAND: case Op.BOR: case Op.BXOR: case Op.SHL: case Op.SHR:
        case Op.UNM: case Op.BNOT: case Op.LEN:
          killOpen();
          kill(a);
          break;
        case Op.SELF:
          killOpen();
          kill(a);
          kill(a + 1);
          break;
        case Op.SETTABUP: case Op.SETTABLE: case Op.EQ: case Op.LT: case Op.LE:
          killOpen();
          break;
        case Op.CONCAT:
          killOpen();
          killFrom(b);
          kill(a);
          break;
        case Op.CALL: case Op.TAILCALL:
          killOpen();
          killFrom(a);
          break;
        case Op.TFORCALL:
          killOpen();
          killFrom(a + 3);
          break;
        case Op.VARARG:
          if (b === 0) killFrom(a);
          else for (let r = a; r <= a + b - 2; r++) kill(r);
          break;
        case Op.FORPREP:
          for (let j = 0; j < 3; j++) {
            const s = slotOf[a + j]!;
            if (s >= 0) tags[s] = forTag(pc, j);
          }
          break;
        case Op.FORLOOP: {
          // FOR(prep, 0), FOR(prep, 1), FOR(prep, 2): the three values one FORPREP stored
          const t0 = tags[slotOf[a]!]!;
          if (t0 < 2 || (t0 - 2) % 3 !== 0 || tags[slotOf[a + 1]!] !== t0 + 1 || tags[slotOf[a + 2]!] !== t0 + 2) {
            bad(`${at(pc)}: registers ${a}..${a + 2} may not hold the loop state its FORPREP stored`);
          }
          kill(a + 3);
          break;
        }
        case Op.SETLIST:
          if (tags[slotOf[a]!] !== TABLE) bad(`${at(pc)}: register ${a} may not hold the table of a NEWTABLE`);
          break;
        default:
          break; // JMP, TEST, RETURN: no register written
      }
      const s0 = succ[2 * pc]!;
      const s1 = succ[2 * pc + 1]!;
      if (s1 === NONE && s0 === pc + 1 && close[2 * pc]! < 0 && leader[s0]! < 0) continue; // plain fall-through
      if (s0 !== NONE) flow(s0, close[2 * pc]!);
      if (s1 !== NONE) flow(s1, close[2 * pc + 1]!);
      break;
    }
  }
}
