// The state of one VM: its threads, globals and metatables, and the slow paths of the
// interpreter (metamethods, calls from TypeScript, errors). The fast paths live in
// interpreter.ts; everything here runs only when a value is not a plain number or table.

import { arith, ArithOp, lessEqual as primLessEqual, lessThan as primLessThan, numEquals } from "./arith.js";
import { funcNameFromCode, getObjName, upvalueName } from "./debug.js";
import { LuaLimitError, type Budget, type LimitPosition } from "./budget.js";
import { LuaArgError, LuaError, LuaFault, LuaRunError } from "./errors.js";
import type { Tracer } from "./trace.js";
import { chargeAlloc, MEM, measureLive, reserveAlloc, SIZE, type MemoryOwner } from "./memory.js";
import { LuaBuiltin, LuaClosure, UpVal, type LuaFunction } from "./function.js";
import { execute } from "./interpreter.js";
import { defaultJitMode } from "./jit-mode.js";
import { newCall } from "./jit-pace.js";
import { numberToString, tonumber, toInteger } from "./numconv.js";
import type { Proto } from "./proto.js";
import { LuaTable } from "./table.js";
import { isNumber, LuaFloat, type LuaValue } from "./value.js";

/** lua's LUAI_MAXSTACK: slots a thread may use before "stack overflow". */
export const MAX_STACK = 1_000_000;
/** lua's LUAI_MAXCCALLS: nested calls from TypeScript (metamethods, pcall, sort...) */
export const MAX_CCALLS = 200;
const MAXTAGLOOP = 2000;
/** Instructions between clock checks when a deadline or AbortSignal is set. */
const CLOCK_INTERVAL = 10_000;

// bound once: calling through the bound method is measurably cheaper than performance.now()
const now: () => number = typeof performance !== "undefined" ? performance.now.bind(performance) : Date.now;
const DEFAULT_JIT = defaultJitMode();

export const MULTRET = -1;
/** "No register to blame" for error messages. */
export const NOSLOT = -100000;

export class CallInfo {
  func = 0;
  base = 0;
  top = 0;
  /** Lua frames: index of the next instruction. */
  pc = 0;
  nresults = 0;
  cl: LuaClosure | null = null;
  fn: LuaBuiltin | null = null;
  /** Entered from TypeScript: execute() returns when this frame returns. */
  fresh = false;
  /** Reached by a tail call: its caller is gone, so it has no name. */
  tail = false;
  /**
   * Builtin frames that can be resumed after a yield (lua's continuations): pcall and xpcall
   * record here where their protected call starts, so that a coroutine resumed after a
   * yield inside it can finish them without their (long gone) JS frame.
   */
  k: Continuation = Continuation.None;
  /** Lua frame waiting in a metamethod call: after a yield, resume finishes the instruction. */
  finishOp = false;
  /** That metamethod is the `__lt` standing in for a missing `__le`: negate its result. */
  leq = false;
  kTop = 0;
  kCcalls = 0;
  kNny = 0;
  kHandler: LuaValue = undefined;
}

export const enum Continuation { None, Pcall, Xpcall }

/** Thrown by coroutine.yield to unwind the JS stack back to resume; never an error. */
export const YIELD: { readonly yield: true } = Object.freeze({ yield: true as const });

export type ThreadStatus = "suspended" | "running" | "normal" | "dead";

/**
 * An empty array whose elements kind is already "any value". A `[]` starts as small integers
 * and changes kind on its first push; code V8 optimised in an earlier VM, whose arrays had
 * changed long before, then deoptimises on the new VM's first push ("wrong map").
 */
/** A stack's first size, ready made (packed, like a stack grown slot by slot). */
const FIRST_STACK: LuaValue[] = Array.from({ length: 32 }, () => undefined);

function anyArray<T>(): T[] {
  const a: T[] = [undefined as T];
  a.pop();
  return a;
}

export class LuaThread {
  stack: LuaValue[];
  top = 0;
  readonly cis: CallInfo[] = anyArray();
  ciIdx = -1;
  /** Open upvalues, sorted by stack index ascending. */
  readonly openUpvals: UpVal[] = anyArray();
  nCcalls = 0;
  /** Non-yieldable calls in progress (lua's nny): a yield needs it at 0. */
  nny = 0;
  status: ThreadStatus = "suspended";
  /** Values passed by the last yield, for resume to return. */
  transfer: LuaValue[] = [];
  /** nCcalls when resume entered the thread: equal at a yield means no JS frames to unwind. */
  resumeCcalls = 0;
  /**
   * Set by a yield made straight from the thread's base dispatch loop: the loop just returns
   * (no exception), and the next resume writes its arguments as the results of that call.
   */
  yieldedQuick = false;
  /**
   * The thread of an evalAsync run: it suspends only for host Promises; to the script it is
   * the main thread (coroutine.yield at its top level is an error, as on the main thread).
   */
  isRoot = false;

  constructor() {
    // grown on first use by ensureStack: an idle VM costs no stack
    this.stack = anyArray();
  }

  get ci(): CallInfo {
    // no frame: undefined without reading cis[-1] (a negative index is a slow dictionary lookup)
    const i = this.ciIdx;
    return (i >= 0 ? this.cis[i] : undefined)!;
  }

  get luaType(): "thread" {
    return "thread";
  }
}

export interface LuaStateOptions {
  /** Where `print` writes (one call per line, without the newline). */
  print?: (line: string) => void;
}

const ARITH_EVENTS: readonly string[] = [
  "__add", "__sub", "__mul", "__mod", "__pow", "__div", "__idiv",
  "__band", "__bor", "__bxor", "__shl", "__shr", "__unm", "__bnot",
];

export function isFunction(v: LuaValue): v is LuaFunction {
  return v instanceof LuaClosure || v instanceof LuaBuiltin;
}

export function typeName(v: LuaValue): string {
  switch (typeof v) {
    case "undefined": return "nil";
    case "boolean": return "boolean";
    case "number": case "bigint": return "number";
    case "string": return "string";
    default:
      if (v instanceof LuaTable) return "table";
      if (v instanceof LuaFloat) return "number";
      if (v instanceof LuaClosure || v instanceof LuaBuiltin) return "function";
      if (v instanceof LuaThread) return "thread";
      return "userdata";
  }
}

/** Library tables searched for function names, as lua searches package.loaded. */
const LOADED_LIBS = new Set(["string", "table", "math", "utf8", "coroutine", "io", "os", "debug", "package"]);

let nextObjectId = 0x55a0c0de1000;
const objectIds = new WeakMap<object, number>();

/** tostring without metamethods (luaL_tolstring's default branch). */
export function rawToString(v: LuaValue): string {
  switch (typeof v) {
    case "undefined": return "nil";
    case "boolean": return v ? "true" : "false";
    case "number": case "bigint": return numberToString(v);
    case "string": return v;
    default: {
      if (v instanceof LuaFloat) return numberToString(v);
      let kind = typeName(v);
      if (v instanceof LuaTable && v.metatable !== undefined) {
        const n = v.metatable.getStr("__name");
        if (typeof n === "string") kind = n;
      }
      return `${kind}: ${objectAddress(v as object)}`;
    }
  }
}

/** A stable fake address for tostring(table) etc. */
export function objectAddress(o: object): string {
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId;
    nextObjectId += 0x40;
    objectIds.set(o, id);
  }
  return "0x" + id.toString(16).padStart(12, "0");
}

/** A call's budget while it is set aside (see suspendBudget). */
export interface BudgetState {
  used: number;
  insnLimit: number;
  deadline: number;
  signal: AbortSignal | undefined;
  maxDepth: number;
  memLimit: number;
  memPeak: number;
  alloc: number;
  threshold: number;
}

export class LuaState implements MemoryOwner {
  readonly globals = new LuaTable();
  stringMeta: LuaTable | undefined = undefined;
  th: LuaThread = new LuaThread();
  readonly mainThread = this.th;
  print: (line: string) => void;
  /** Countdown to the next budget check: the dispatch loop decrements it per instruction and
   *  libraries charge their work to it (see charge). */
  steps = Number.MAX_SAFE_INTEGER;
  /** Instructions accounted before the current window, and the window's size. */
  private insnUsed = 0;
  private window = Number.MAX_SAFE_INTEGER;
  private insnLimit = Infinity;
  private deadline = Infinity;
  private signal: AbortSignal | undefined = undefined;
  /** Deepest frame index allowed (th.ciIdx), from the depth budget. */
  maxDepth = Infinity;
  /** A pure builtin is running without a frame of its own (jit.ts pureCall). */
  framelessCall = false;
  private memLimit = Infinity;
  /** Largest live size measured during the call. */
  private memPeak = 0;
  /** Accountant state of an outer VM running when this one started (nested host calls). */
  private savedMem: { alloc: number; threshold: number; owner: MemoryOwner | undefined } | undefined;
  /** The `next` builtin, recognised by the generic-for fast path. */
  nextFn: LuaBuiltin | undefined = undefined;
  /** The compiled tier (jit.ts): 0 off, 1 auto (hot prototypes), 2 eager (every prototype). */
  jitMode: 0 | 1 | 2 = DEFAULT_JIT;
  /** Compiled frames running as direct JS calls inside compiled frames (bounded: jit.ts). */
  jitNest = 0;
  /** The execution trace being recorded, if any (see trace.ts). */
  tracer: Tracer | undefined = undefined;
  /** Threads of evalAsync runs in progress (memory accounting walks their stacks). */
  readonly extraThreads: LuaThread[] = [];
  /** The host's binding for host functions (the Lua object that owns this state). */
  host: unknown = undefined;
  /** Scratch pair for table.next(). */
  readonly pair: LuaValue[] = [undefined, undefined];

  constructor(opts: LuaStateOptions = {}) {
    this.print = opts.print ?? (() => {});
    this.mainThread.nny = 1; // the main thread can never yield
    this.mainThread.status = "running";
    if (shapeAnchors.length === 0) anchorVmShapes();
  }

  /** Start accounting a call under `b` (instruction counts restart from 0). */
  beginBudget(b: Budget): void {
    this.beginMemory(b.memoryBytes ?? Infinity);
    this.insnUsed = 0;
    this.insnLimit = b.instructions ?? Infinity;
    this.deadline = b.timeoutMs === undefined ? Infinity : now() + b.timeoutMs;
    this.signal = b.signal;
    this.maxDepth = b.depth ?? Infinity;
    this.openWindow();
    newCall(); // (the compiled tier's pace: each call may compile its share)
    if (b.signal?.aborted) throw new LuaLimitError("aborted", { where: "" });
  }

  /** Instructions executed (and charged) since beginBudget. */
  instructionsUsed(): number {
    return this.insnUsed + this.window - this.steps;
  }

  /** The budget window: how far `steps` may count before onSteps looks at the clock again. */
  private openWindow(): void {
    const needsClock = this.deadline !== Infinity || this.signal !== undefined;
    // tracing: a window of zero sends every instruction through onSteps (see trace.ts)
    const w = this.tracer !== undefined ? 0 : Math.min(this.insnLimit - this.insnUsed, needsClock ? CLOCK_INTERVAL : Number.MAX_SAFE_INTEGER);
    this.window = w;
    this.steps = w;
  }

  /** Charge library work proportional to its size (n "instructions"). */
  charge(n: number): void {
    this.steps -= n;
    if (this.steps < 0) this.onSteps(false);
  }

  /**
   * `steps` ran below zero: account the window, enforce instruction/time/abort budgets, and
   * record the instruction about to run when tracing (`beforeInstruction`: called by the
   * dispatch loop, not by a library's charge).
   */
  onSteps(beforeInstruction = true): void {
    const total = this.insnUsed + this.window - this.steps;
    if (total > this.insnLimit) {
      this.insnUsed = this.insnLimit;
      this.window = this.steps = 0;
      throw new LuaLimitError("instructions", this.limitPosition(), `${this.insnLimit}`);
    }
    this.insnUsed = total;
    if (this.deadline !== Infinity && now() > this.deadline) {
      this.window = this.steps = 0;
      throw new LuaLimitError("time", this.limitPosition());
    }
    if (this.signal?.aborted) {
      this.window = this.steps = 0;
      throw new LuaLimitError("aborted", this.limitPosition());
    }
    const tracer = this.tracer;
    if (tracer !== undefined && beforeInstruction) {
      const th = this.th;
      const ci = th.ci;
      if (ci !== undefined && ci.cl !== null) tracer.record(ci.cl.p, ci.pc - 1, th.stack, ci.base, th.ciIdx);
    }
    this.openWindow();
  }

  private beginMemory(limit: number): void {
    // nothing to save when no VM is running (the common case: no allocation per call)
    if (MEM.owner !== this) this.savedMem = MEM.owner === undefined ? undefined : { alloc: MEM.alloc, threshold: MEM.threshold, owner: MEM.owner };
    this.memLimit = limit;
    this.memPeak = 0;
    MEM.owner = this;
    MEM.alloc = 0;
    MEM.threshold = limit;
  }

  /**
   * Set the running call's budget aside (an evalAsync run awaiting a host Promise): other
   * calls, on this VM or others, may run meanwhile with their own budgets.
   */
  suspendBudget(): BudgetState {
    const s: BudgetState = {
      used: this.instructionsUsed(), insnLimit: this.insnLimit, deadline: this.deadline, signal: this.signal,
      maxDepth: this.maxDepth, memLimit: this.memLimit, memPeak: this.memPeak,
      alloc: MEM.owner === this ? MEM.alloc : 0, threshold: MEM.owner === this ? MEM.threshold : this.memLimit,
    };
    this.endBudget();
    return s;
  }

  /** Take a suspended call's budget back up where it was left. */
  resumeBudget(s: BudgetState): void {
    this.beginMemory(s.memLimit);
    MEM.alloc = s.alloc;
    MEM.threshold = s.threshold;
    this.memPeak = s.memPeak;
    this.insnUsed = s.used;
    this.insnLimit = s.insnLimit;
    this.deadline = s.deadline;
    this.signal = s.signal;
    this.maxDepth = s.maxDepth;
    this.openWindow();
  }

  /** The deadline (performance.now() time) and signal of the running call. */
  get callDeadline(): number {
    return this.deadline;
  }

  get callSignal(): AbortSignal | undefined {
    return this.signal;
  }

  /** Hand the accountant back to the VM that was running before this call. */
  endBudget(): void {
    const saved = this.savedMem;
    this.savedMem = undefined;
    if (saved) {
      MEM.alloc = saved.alloc;
      MEM.threshold = saved.threshold;
      MEM.owner = saved.owner;
    } else {
      MEM.owner = undefined;
      MEM.threshold = Infinity;
    }
  }

  /** Peak estimated memory of the call: measured live size, or allocations if never measured. */
  memoryUsed(): number {
    return Math.max(this.memPeak, MEM.owner === this ? MEM.alloc : 0);
  }

  /** Estimated bytes the script holds: everything reachable from globals and live stacks. */
  measureMemory(): number {
    const stacks: { stack: LuaValue[]; top: number }[] = [];
    for (const th of new Set([this.mainThread, this.th, ...this.extraThreads])) {
      const ci = th.ciIdx >= 0 ? th.cis[th.ciIdx]! : undefined;
      stacks.push({ stack: th.stack, top: Math.min(th.stack.length, Math.max(th.top, ci ? ci.top : 0)) });
    }
    return measureLive([this.globals], stacks);
  }

  memoryPressure(pending: number): void {
    const live = this.measureMemory();
    if (live > this.memPeak) this.memPeak = live;
    if (live + pending > this.memLimit) {
      MEM.threshold = Infinity; // do not re-enter while unwinding
      throw new LuaLimitError("memory", this.limitPosition(), `${this.memLimit} bytes`);
    }
    MEM.alloc = live;
    MEM.threshold = live + Math.max(this.memLimit - live, this.memLimit / 16);
  }

  private limitPosition(): LimitPosition {
    // a builtin called without a frame (jit.ts pureCall) is blamed as if it had one: no line
    if (this.framelessCall) return { where: "" };
    return { where: this.where(0), ...this.position(0) };
  }

  depthError(): LuaLimitError {
    return new LuaLimitError("depth", this.limitPosition(), `${this.maxDepth}`);
  }

  // ------------------------------------------------------------ stack and frames

  ensureStack(n: number): void {
    const stack = this.th.stack;
    if (n <= stack.length) return;
    if (n > MAX_STACK) throw new LuaRunError("stack overflow");
    // never grow past MAX_STACK, so asking for more always lands on the check above
    let size = Math.max(stack.length, 32);
    while (size < n) size *= 2;
    size = Math.min(size, MAX_STACK);
    chargeAlloc((size - stack.length) * SIZE.stackSlot);
    const th = this.th;
    if (th.ciIdx < 0 && size === FIRST_STACK.length) {
      // a thread's first frame (a coroutine's, a VM's): no one holds its stack yet, so it is
      // replaced by a copy of a ready one (a quarter of the time of growing it slot by slot)
      const fresh = FIRST_STACK.slice();
      for (let i = 0; i < stack.length; i++) fresh[i] = stack[i];
      th.stack = fresh;
      return;
    }
    for (let i = stack.length; i < size; i++) stack.push(undefined);
  }

  pushCI(): CallInfo {
    const th = this.th;
    const idx = ++th.ciIdx;
    const cis = th.cis;
    // no read past the end: optimised code that never saw one deoptimises on it (a new VM)
    let ci = idx < cis.length ? cis[idx] : undefined;
    if (ci === undefined) {
      ci = new CallInfo();
      cis.push(ci);
    } else {
      ci.k = Continuation.None;
      ci.finishOp = false;
      ci.leq = false;
    }
    return ci;
  }

  /** Set up a Lua frame for closure `cl` whose function slot is `func`, with nargs arguments. */
  precallLua(cl: LuaClosure, func: number, nargs: number, nresults: number): CallInfo {
    const p = cl.p;
    const th = this.th;
    this.ensureStack(func + 1 + nargs + p.numparams + p.maxstacksize);
    const stack = th.stack;
    let base: number;
    if (!p.isVararg) {
      for (let j = nargs; j < p.numparams; j++) stack[func + 1 + j] = undefined;
      base = func + 1;
    } else {
      // fixed parameters move above the actual arguments; the extra ones stay below base
      base = func + 1 + nargs;
      const np = p.numparams;
      for (let j = 0; j < np; j++) {
        if (j < nargs) {
          stack[base + j] = stack[func + 1 + j];
          stack[func + 1 + j] = undefined;
        } else stack[base + j] = undefined;
      }
    }
    if (th.ciIdx >= this.maxDepth) throw this.depthError();
    const ci = this.pushCI();
    ci.func = func;
    ci.base = base;
    ci.top = base + p.maxstacksize;
    ci.cl = cl;
    ci.fn = null;
    ci.pc = 0;
    ci.nresults = nresults;
    ci.fresh = false;
    ci.tail = false;
    th.top = ci.top;
    return ci;
  }

  /** Re-point a frame at a tail-called closure already moved to `ci.func`. */
  retargetTail(ci: CallInfo, cl: LuaClosure, nargs: number): void {
    const func = ci.func;
    const nresults = ci.nresults;
    const fresh = ci.fresh;
    this.th.ciIdx--;
    const nci = this.precallLua(cl, func, nargs, nresults);
    nci.fresh = fresh;
    nci.tail = true;
  }

  /** Call builtin f whose slot is func; results land at func (lua's precall for C). */
  callBuiltin(f: LuaBuiltin, func: number, nargs: number, nresults: number): number {
    const th = this.th;
    if (th.ciIdx >= this.maxDepth) throw this.depthError();
    const ci = this.pushCI();
    ci.func = func;
    ci.base = func + 1;
    ci.top = func + 1 + nargs;
    ci.cl = null;
    ci.fn = f;
    ci.nresults = nresults;
    ci.fresh = false;
    ci.tail = false;
    th.top = ci.top;
    if (f.direct !== undefined) return f.direct(this, func, nargs, nresults);
    const stack = th.stack;
    // small argument lists as literals: allocated inline, where slice is a builtin call
    const a = func + 1;
    const args = nargs === 1 ? [stack[a]] : nargs === 2 ? [stack[a], stack[a + 1]] : nargs === 3 ? [stack[a], stack[a + 1], stack[a + 2]]
      : nargs === 0 ? [] : stack.slice(a, a + nargs);
    const r = f.fn(this, args);
    if (th.yieldedQuick) return 0; // a yield's frame stays until resume finishes it, as in lua
    th.ciIdx--;
    let n: number;
    if (Array.isArray(r)) {
      n = r.length;
      this.ensureStack(func + n + 1);
      for (let j = 0; j < n; j++) stack[func + j] = r[j];
    } else {
      stack[func] = r as LuaValue;
      n = 1;
    }
    if (nresults < 0) th.top = func + n;
    else {
      for (let j = n; j < nresults; j++) stack[func + j] = undefined;
      th.top = func + nresults;
    }
    return n;
  }

  /** Replace a non-function at `func` by its __call handler, shifting the arguments up. */
  tryFuncTM(func: number): LuaFunction {
    const th = this.th;
    const stack = th.stack;
    const f = stack[func];
    const tm = this.getMetamethod(f, "__call");
    if (!isFunction(tm)) throw this.typeError(f, "call", func - (this.luaFrameBase() ?? 0));
    this.ensureStack(th.top + 1);
    for (let p = th.top; p > func; p--) stack[p] = stack[p - 1];
    th.top++;
    stack[func] = tm;
    return tm;
  }

  private luaFrameBase(): number | undefined {
    const ci = this.th.ci;
    return ci && ci.cl ? ci.base : undefined;
  }

  /**
   * Call the value at stack[func] with the arguments above it up to th.top (lua's luaD_call):
   * re-enters the interpreter for Lua functions. Results land at func.
   */
  callAt(func: number, nresults: number, yieldable = false): void {
    const th = this.th;
    if (++th.nCcalls >= MAX_CCALLS) this.cstackOverflow();
    if (!yieldable) th.nny++;
    const caller = th.ci;
    // a metamethod called by the interpreter may yield: the frame then finishes its instruction on resume
    if (yieldable && caller !== undefined && caller.cl !== null) caller.finishOp = true;
    let f = th.stack[func];
    if (!(f instanceof LuaClosure) && !(f instanceof LuaBuiltin)) f = this.tryFuncTM(func);
    const nargs = th.top - func - 1;
    if (f instanceof LuaClosure) {
      const ci = this.precallLua(f, func, nargs, nresults);
      ci.fresh = true;
      execute(this);
    } else {
      this.callBuiltin(f as LuaBuiltin, func, nargs, nresults);
    }
    th.nCcalls--;
    if (!yieldable) th.nny--;
    else if (caller !== undefined) caller.finishOp = false;
  }

  private cstackOverflow(): void {
    const th = this.th;
    if (th.nCcalls === MAX_CCALLS) throw new LuaRunError("C stack overflow");
    if (th.nCcalls >= MAX_CCALLS + (MAX_CCALLS >> 3)) {
      throw new LuaError("error in error handling", { kind: "runtime" });
    }
  }

  /** Call a Lua value from TypeScript; returns all its results. `yieldable` only for callers
   *  that registered a continuation (pcall, xpcall). */
  call(f: LuaValue, args: readonly LuaValue[], yieldable = false): LuaValue[] {
    const th = this.th;
    const func = th.top;
    this.ensureStack(func + args.length + 2);
    const stack = th.stack;
    stack[func] = f;
    for (let j = 0; j < args.length; j++) stack[func + 1 + j] = args[j];
    th.top = func + 1 + args.length;
    this.callAt(func, MULTRET, yieldable);
    const res = stack.slice(func, th.top);
    th.top = func;
    return res;
  }

  /** Call with up to three arguments, keeping only the first result. */
  call1(f: LuaValue, a: LuaValue, b?: LuaValue, c?: LuaValue, nargs = 2): LuaValue {
    const th = this.th;
    const func = th.top;
    this.ensureStack(func + 5);
    const stack = th.stack;
    stack[func] = f;
    stack[func + 1] = a;
    stack[func + 2] = b;
    stack[func + 3] = c;
    th.top = func + 1 + nargs;
    // from the interpreter (a Lua frame on top) metamethods may yield, as in lua 5.3
    const ci = th.ciIdx >= 0 ? th.cis[th.ciIdx]! : undefined;
    this.callAt(func, 1, ci !== undefined && ci.cl !== null);
    const r = stack[func];
    th.top = func;
    return r;
  }

  // ------------------------------------------------------------ upvalues

  findUpval(level: number): UpVal {
    const th = this.th;
    const open = th.openUpvals;
    let i = open.length - 1;
    while (i >= 0 && open[i]!.i > level) i--;
    if (i >= 0 && open[i]!.i === level) return open[i]!;
    const uv = new UpVal(th.stack, level);
    if (i + 1 === open.length) open.push(uv); // the usual case: above every open one
    else open.splice(i + 1, 0, uv);
    return uv;
  }

  closeUpvals(level: number): void {
    const open = this.th.openUpvals;
    while (open.length > 0 && open[open.length - 1]!.i >= level) open.pop()!.close();
  }

  newClosure(p: Proto, encl: LuaClosure, base: number): LuaClosure {
    const descs = p.upvalues;
    const n = descs.length;
    // pushed, not `new Array(n)`: a packed array, as the compiled tier's CLOSURE makes (a
    // holey one here gave closures made by the two tiers upvalue arrays of two maps, and
    // V8 deoptimised compiled code that met the other one)
    const ups: UpVal[] = [];
    for (let j = 0; j < n; j++) {
      const d = descs[j]!;
      ups.push(d.instack ? this.findUpval(base + d.idx) : encl.upvals[d.idx]!);
    }
    return new LuaClosure(p, ups);
  }

  // ------------------------------------------------------------ metatables and metamethods

  getMetatable(v: LuaValue): LuaTable | undefined {
    if (v instanceof LuaTable) return v.metatable;
    if (typeof v === "string") return this.stringMeta;
    return undefined;
  }

  getMetamethod(v: LuaValue, event: string): LuaValue {
    const mt = this.getMetatable(v);
    return mt === undefined ? undefined : mt.getStr(event);
  }

  /** Type name honouring a string __name in the metatable (luaT_objtypename). */
  objTypeName(v: LuaValue): string {
    if (v instanceof LuaTable && v.metatable !== undefined) {
      const n = v.metatable.getStr("__name");
      if (typeof n === "string") return n;
    }
    return typeName(v);
  }

  /** " (local 'x')" for a register (slot >= 0) or upvalue (slot < 0) of the current Lua frame. */
  varInfo(slot: number): string {
    if (slot === NOSLOT) return "";
    const ci = this.th.ci;
    if (!ci || !ci.cl) return "";
    const p = ci.cl.p;
    if (slot < 0) return ` (upvalue '${upvalueName(p, -slot - 1)}')`;
    const info = getObjName(p, ci.pc - 1, slot);
    return info ? ` (${info.kind} '${info.name}')` : "";
  }

  typeError(v: LuaValue, op: string, slot: number): LuaRunError {
    return new LuaRunError(`attempt to ${op} a ${this.objTypeName(v)} value${this.varInfo(slot)}`);
  }

  index(o: LuaValue, k: LuaValue, slot = NOSLOT): LuaValue {
    for (let loop = 0; loop < MAXTAGLOOP; loop++) {
      let tm: LuaValue;
      if (o instanceof LuaTable) {
        const v = o.get(k);
        if (v !== undefined) return v;
        const mt = o.metatable;
        if (mt === undefined) return undefined;
        tm = mt.metaIndex();
        if (tm === undefined) return undefined;
      } else {
        tm = this.getMetamethod(o, "__index");
        if (tm === undefined) throw this.typeError(o, "index", loop === 0 ? slot : NOSLOT);
      }
      if (tm instanceof LuaClosure || tm instanceof LuaBuiltin) return this.call1(tm, o, k);
      o = tm;
    }
    throw new LuaRunError("'__index' chain too long; possibly a loop");
  }

  setIndex(o: LuaValue, k: LuaValue, v: LuaValue, slot = NOSLOT): void {
    for (let loop = 0; loop < MAXTAGLOOP; loop++) {
      let tm: LuaValue;
      if (o instanceof LuaTable) {
        const mt = o.metatable;
        if (mt === undefined || o.get(k) !== undefined) {
          o.set(k, v);
          return;
        }
        tm = mt.getStr("__newindex");
        if (tm === undefined) {
          o.set(k, v);
          return;
        }
      } else {
        tm = this.getMetamethod(o, "__newindex");
        if (tm === undefined) throw this.typeError(o, "index", loop === 0 ? slot : NOSLOT);
      }
      if (tm instanceof LuaClosure || tm instanceof LuaBuiltin) {
        this.call1(tm, o, k, v, 3);
        return;
      }
      o = tm;
    }
    throw new LuaRunError("'__newindex' chain too long; possibly a loop");
  }

  /** Arithmetic and bitwise operators with coercions and metamethods (luaT_trybinTM). */
  arith(op: ArithOp, a: LuaValue, b: LuaValue, slotA = NOSLOT, slotB = NOSLOT): LuaValue {
    const r = arith(op, a, b);
    if (r !== undefined) return r;
    const event = ARITH_EVENTS[op]!;
    let tm = this.getMetamethod(a, event);
    if (tm === undefined) tm = this.getMetamethod(b, event);
    if (tm !== undefined) return this.call1(tm, a, b);
    const bitwise = op >= ArithOp.BAND && op <= ArithOp.SHR || op === ArithOp.BNOT;
    if (bitwise) {
      if (tonumber(a) !== undefined && tonumber(b) !== undefined) {
        const bad = toInteger(a) === undefined ? slotA : slotB;
        throw new LuaRunError(`number${this.varInfo(bad)} has no integer representation`);
      }
      return this.opIntError(a, b, slotA, slotB, "perform bitwise operation on");
    }
    return this.opIntError(a, b, slotA, slotB, "perform arithmetic on");
  }

  private opIntError(a: LuaValue, b: LuaValue, slotA: number, slotB: number, msg: string): never {
    if (tonumber(a) === undefined) throw this.typeError(a, msg, slotA);
    throw this.typeError(b, msg, slotB);
  }

  /** The length operator (luaV_objlen). */
  len(v: LuaValue, slot = NOSLOT): LuaValue {
    if (typeof v === "string") return v.length;
    const tm = this.getMetamethod(v, "__len");
    if (tm !== undefined) return this.call1(tm, v, v);
    if (v instanceof LuaTable) return v.length();
    throw this.typeError(v, "get length of", slot);
  }

  /** Raw equality (rawequal): numbers by value across subtypes, everything else by identity. */
  rawEquals(a: LuaValue, b: LuaValue): boolean {
    if (a === b) return !(a instanceof LuaFloat) || a.n === a.n; // a boxed NaN is not itself
    if (isNumber(a) && isNumber(b)) return numEquals(a, b);
    return false;
  }

  equals(a: LuaValue, b: LuaValue): boolean {
    if (a === b) return !(a instanceof LuaFloat) || a.n === a.n;
    if (a instanceof LuaTable && b instanceof LuaTable) {
      let tm = a.metatable?.getStr("__eq");
      if (tm === undefined) tm = b.metatable?.getStr("__eq");
      if (tm === undefined) return false;
      const r = this.call1(tm, a, b);
      return r !== undefined && r !== false;
    }
    if (isNumber(a) && isNumber(b)) return numEquals(a, b);
    return false;
  }

  lessThan(a: LuaValue, b: LuaValue): boolean {
    const r = primLessThan(a, b);
    if (r !== undefined) return r;
    const res = this.orderTM(a, b, "__lt");
    if (res === undefined) throw this.orderError(a, b);
    return res;
  }

  lessEqual(a: LuaValue, b: LuaValue): boolean {
    const r = primLessEqual(a, b);
    if (r !== undefined) return r;
    let res = this.orderTM(a, b, "__le");
    if (res !== undefined) return res;
    const ci = this.th.ci;
    ci.leq = true; // 5.3: a <= b is not (b < a); remembered in case the __lt yields
    res = this.orderTM(b, a, "__lt");
    ci.leq = false;
    if (res !== undefined) return !res;
    throw this.orderError(a, b);
  }

  private orderTM(a: LuaValue, b: LuaValue, event: string): boolean | undefined {
    let tm = this.getMetamethod(a, event);
    if (tm === undefined) tm = this.getMetamethod(b, event);
    if (tm === undefined) return undefined;
    const r = this.call1(tm, a, b);
    return r !== undefined && r !== false;
  }

  private orderError(a: LuaValue, b: LuaValue): LuaRunError {
    const t1 = this.objTypeName(a);
    const t2 = this.objTypeName(b);
    return new LuaRunError(t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`);
  }

  /**
   * Concatenate stack[from..to] (inclusive) of the current frame into stack[from] (luaV_concat):
   * runs of strings and numbers join at once, other pairs go through __concat right to left.
   */
  concat(from: number, to: number): void {
    const stack = this.th.stack;
    let top = to + 1; // one past the last operand
    const base = this.luaFrameBase() ?? 0;
    while (top - from > 1) {
      const a = stack[top - 2];
      const b = stack[top - 1];
      const aOk = typeof a === "string" || isNumber(a);
      const bOk = typeof b === "string" || isNumber(b);
      if (!aOk || !bOk) {
        let tm = this.getMetamethod(a, "__concat");
        if (tm === undefined) tm = this.getMetamethod(b, "__concat");
        if (tm === undefined) {
          const badIsA = !aOk;
          throw this.typeError(badIsA ? a : b, "concatenate", (badIsA ? top - 2 : top - 1) - base);
        }
        const th = this.th;
        const saveTop = th.top;
        th.top = top; // the metamethod's slot is right after the operands (resume relies on it)
        stack[top - 2] = this.call1(tm, a, b);
        th.top = saveTop;
        top--;
        continue;
      }
      // gather as many string/number operands as possible
      let n = 2;
      while (top - n > from) {
        const v = stack[top - n - 1];
        if (typeof v === "string" || isNumber(v)) n++;
        else break;
      }
      let len = 0;
      for (let j = top - n; j < top; j++) {
        const v = stack[j];
        len += typeof v === "string" ? v.length : 24;
      }
      reserveAlloc(len + SIZE.string);
      let s = "";
      for (let j = top - n; j < top; j++) {
        const v = stack[j]!;
        s += typeof v === "string" ? v : numberToString(v as number | bigint | LuaFloat);
      }
      stack[top - n] = s;
      top -= n - 1;
    }
  }

  /** luaL_tolstring: __tostring, __name, then the default rendering. */
  tostring(v: LuaValue): string {
    const tm = this.getMetamethod(v, "__tostring");
    if (tm !== undefined) {
      const r = this.call1(tm, v, undefined, undefined, 1);
      if (typeof r !== "string") {
        if (isNumber(r)) return numberToString(r);
        throw new LuaFault("'__tostring' must return a string");
      }
      return r;
    }
    return this.tostringRaw(v);
  }

  tostringRaw(v: LuaValue): string {
    return rawToString(v);
  }

  // ------------------------------------------------------------ errors and positions

  /** "chunk:line:" for the frame `level` below the top (level 0 = the running function). */
  where(level: number): string {
    const th = this.th;
    const idx = th.ciIdx - level;
    if (idx < 0) return "";
    const ci = th.cis[idx]!;
    if (ci.cl === null) return "";
    const p = ci.cl.p;
    const line = p.lineinfo[Math.max(0, ci.pc - 1)] ?? 0;
    return `${p.source}:${line}: `;
  }

  position(level: number): { chunk?: string; line?: number; column?: number } {
    const th = this.th;
    const idx = th.ciIdx - level;
    if (idx < 0) return {};
    const ci = th.cis[idx]!;
    if (ci.cl === null) return {};
    const p = ci.cl.p;
    const pc = Math.max(0, ci.pc - 1);
    const col = p.colinfo[pc];
    return { chunk: p.source, line: p.lineinfo[pc], column: col ? col : undefined };
  }

  /** The name a builtin at the top of the stack was called by (for "bad argument" messages). */
  calledName(): { name: string; isMethod: boolean } {
    const th = this.th;
    const ci = th.ci;
    const fallback = (ci.fn && this.globalFuncName(ci.fn)) ?? "?";
    if (ci.tail || th.ciIdx < 1) return { name: fallback, isMethod: false };
    const prev = th.cis[th.ciIdx - 1]!;
    if (!prev.cl) return { name: fallback, isMethod: false };
    const fname = funcNameFromCode(prev.cl.p, prev.pc - 1);
    if (!fname) return { name: fallback, isMethod: false };
    return { name: fname.name, isMethod: fname.kind === "method" };
  }

  /** Turn anything thrown while running Lua into a LuaError, using the intact frame stack. */
  toLuaError(e: unknown): LuaError {
    if (e instanceof LuaError) return e;
    const th = this.th;
    const top = th.ciIdx >= 0 ? th.ci : undefined;
    // a builtin's errors point at its caller (luaL_error's level 1); the VM's at the frame itself
    const level = top && top.cl === null && !(e instanceof LuaRunError) ? 1 : 0;
    let msg: string;
    if (e instanceof LuaArgError) {
      const { name, isMethod } = this.calledName();
      let arg = e.arg;
      if (isMethod) {
        arg--;
        if (arg === 0) msg = `calling '${name}' on bad self (${e.extra})`;
        else msg = `bad argument #${arg} to '${name}' (${e.extra})`;
      } else msg = `bad argument #${arg} to '${name}' (${e.extra})`;
    } else if (e instanceof LuaFault) {
      msg = e.message;
    } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
      msg = "stack overflow";
    } else {
      const text = e instanceof Error ? e.message : String(e);
      const where = this.where(level);
      return new LuaError(where + text, { kind: "host", value: where + text });
    }
    const pos = this.position(level);
    const full = this.where(level) + msg;
    return new LuaError(full, { kind: "runtime", value: full, chunkName: pos.chunk, line: pos.line, column: pos.column });
  }

  /** A lua-style traceback of the current frames (luaL_traceback). */
  traceback(msg?: string, level = 0, th: LuaThread = this.th): string {
    const lines: string[] = [];
    if (msg !== undefined) lines.push(msg);
    lines.push("stack traceback:");
    const frames: string[] = [];
    for (let idx = th.ciIdx - level; idx >= 0; idx--) {
      const ci = th.cis[idx]!;
      let text: string;
      if (ci.cl) {
        const p = ci.cl.p;
        const line = p.lineinfo[Math.max(0, ci.pc - 1)];
        text = `\t${p.source}:${line}: in `;
      } else text = "\t[C]: in ";
      text += this.frameName(idx, th);
      frames.push(text);
      if (ci.tail) frames.push("\t(...tail calls...)");
    }
    frames.push("\t[C]: in ?");
    if (frames.length > 22) {
      const n = frames.length - 21;
      lines.push(...frames.slice(0, 10), `\t...\t(skipping ${n} levels)`, ...frames.slice(frames.length - 11));
    } else lines.push(...frames);
    return lines.join("\n");
  }

  /** How the frame at idx was called, from its caller's instruction (for debug.getinfo "n"). */
  frameCallName(idx: number): { kind: string; name: string } | undefined {
    const th = this.th;
    const ci = th.cis[idx];
    if (!ci || ci.tail || idx < 1) return undefined;
    const prev = th.cis[idx - 1]!;
    if (!prev.cl) return undefined;
    return funcNameFromCode(prev.cl.p, prev.pc - 1);
  }

  private frameName(idx: number, th: LuaThread): string {
    const ci = th.cis[idx]!;
    const f = ci.cl ?? ci.fn;
    const global = f ? this.globalFuncName(f) : undefined;
    if (global !== undefined) return `function '${global}'`;
    if (!ci.tail && idx > 0 && th.cis[idx - 1]!.cl) {
      const prev = th.cis[idx - 1]!;
      const fname = funcNameFromCode(prev.cl!.p, prev.pc - 1);
      if (fname) return `${fname.kind} '${fname.name}'`;
    }
    if (ci.cl) {
      const p = ci.cl.p;
      if (p.linedefined === 0) return "main chunk";
      return `function <${p.source}:${p.linedefined}>`;
    }
    return "?";
  }

  /**
   * The name under which a function is reachable from the loaded libraries (lua's
   * pushglobalfuncname over package.loaded): "print", "string.format".
   */
  globalFuncName(f: LuaValue): string | undefined {
    const G = this.globals;
    const out: LuaValue[] = [undefined, undefined];
    let key: LuaValue = undefined;
    let found: string | undefined;
    while (found === undefined && G.next(key, out)) {
      key = out[0];
      const v = out[1];
      if (typeof key !== "string") continue;
      if (v === f) found = key;
      else if (v instanceof LuaTable && LOADED_LIBS.has(key) && v !== G) {
        const inner: LuaValue[] = [undefined, undefined];
        let k2: LuaValue = undefined;
        while (v.next(k2, inner)) {
          k2 = inner[0];
          if (inner[1] === f && typeof k2 === "string") {
            found = `${key}.${k2}`;
            break;
          }
        }
      }
    }
    return found;
  }

  /** Truncate frames and stack back to a saved point after an error was caught. */
  unwindTo(ciIdx: number, top: number, nCcalls: number, nny: number): void {
    const th = this.th;
    this.closeUpvals(top);
    th.ciIdx = ciIdx;
    th.top = top;
    th.nCcalls = nCcalls;
    th.nny = nny;
  }

  /** Finish builtin frame `ci` (the top one) with the `n` results from index `from` of `results`, as callBuiltin would have. */
  posCallBuiltin(results: readonly LuaValue[], from = 0, n = results.length - from): void {
    const th = this.th;
    const ci = th.ci;
    const func = ci.func;
    const wanted = ci.nresults;
    this.ensureStack(func + Math.max(n, wanted) + 1);
    const stack = th.stack;
    for (let j = 0; j < n; j++) stack[func + j] = results[from + j];
    th.ciIdx--;
    if (wanted < 0) th.top = func + n;
    else {
      for (let j = n; j < wanted; j++) stack[func + j] = undefined;
      th.top = func + wanted;
    }
    // back in a Lua frame that wanted a fixed count: its top is its frame top again (OP_CALL)
    const caller = th.ciIdx >= 0 ? th.cis[th.ciIdx]! : undefined;
    if (caller && caller.cl && wanted >= 0) th.top = caller.top;
  }
}

/**
 * One idle instance of each class a VM is made of, kept for the life of the process.
 *
 * Why: V8 reaches the hidden class (map) that a class's field initialisers give its
 * instances only through weak transitions, and optimised code holds the maps it checks
 * weakly too. When the last VM dies in a full GC, those maps die with it and every
 * optimised function that checked them is thrown away (V8's deopt reason "weak objects"):
 * the next VM, say the next request's, would start cold and pay for optimising again.
 * Measured: methods.lua, eager, a fresh VM after a full GC: about 4x slower than warm.
 */
const shapeAnchors: object[] = [];

function anchorVmShapes(): void {
  // (the closure is never called: it needs no real prototype)
  shapeAnchors.push(new CallInfo(), new UpVal([], 0), new LuaFloat(0.5), new LuaClosure({} as Proto, []));
  shapeAnchors.push(new LuaState()); // (its thread and globals table too)
}
