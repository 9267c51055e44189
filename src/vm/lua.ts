// The embedding entry point: a VM with a chosen profile and budgets, evaluating scripts with
// JS values in and out, host functions (defineApi) and async host calls (evalAsync).

import { checkBudget, LuaLimitError, type Budget, type LimitPosition, type Usage } from "./budget.js";
import { fromByteString, toByteString } from "./bytes.js";
import { LuaError } from "./errors.js";
import { LuaBuiltin, LuaClosure, UpVal } from "./function.js";
import { Api, errorText, hostBuiltin, MultipleValues, type HostBinding, type HostContext, type HostFunction } from "./host.js";
import { resume } from "./lib/coroutine.js";
import { openLibraries, type OptionalLibrary, type Profile } from "./lib/index.js";
import { factsTable, marshalLimits, toJS, toJSList, toLua, type FunctionBridge, type MarshalLimits } from "./marshal.js";
import { deepFreeze } from "./memory.js";
import type { Proto } from "./proto.js";
import { DEFAULT_TRACE_SIZE, Tracer, type Trace } from "./trace.js";
import { compile, Script } from "./script.js";
import { loadChunk } from "./chunk.js";
import { CompileCache, defaultCompileCache } from "../cache/compile-cache.js";
import { LuaState, LuaThread, YIELD, type BudgetState } from "./state.js";
import { LuaTable } from "./table.js";
import type { LuaValue } from "./value.js";
import { jitModeCode, type JitMode } from "./jit-mode.js";

export type { Profile, Budget, Usage, OptionalLibrary };

export interface LuaOptions<S = undefined> {
  /**
   * "sandbox" (default): base library (no load/require/collectgarbage), string, table, math,
   * utf8. "trusted": adds coroutine, load, io.write, os.time/clock/date.
   */
  profile?: Profile;
  /** Default budget for every call (each call may override it). */
  budget?: Budget;
  /** Receives each line `print` writes, decoded from UTF-8. */
  print?: (text: string) => void;
  /** Receives raw output bytes (a byte string) from print and io.write; overrides `print`. */
  stdout?: (bytes: string) => void;
  /** Variables the trusted profile's os.getenv may read (none by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Libraries to add to the sandbox: "coroutine", "load" (text chunks only). */
  enable?: readonly OptionalLibrary[];
  /** Private data for host functions (`this.store`); scripts never see it. */
  store?: S;
  /** Bounds on results handed back to JS (nesting depth, number of values). */
  marshal?: Partial<MarshalLimits>;
  /** Where source text is compiled: the process-wide cache by default, or false for none. */
  cache?: CompileCache | false;
  /**
   * The compiled tier: "auto" (default, or MOONRULE_JIT) compiles hot functions to JavaScript,
   * "eager" every function it runs, "off" never. Results, errors and instruction counts are
   * the same in every mode.
   */
  jit?: JitMode;
}

export interface CallOptions {
  /** Budget for this call, replacing the VM's default. */
  budget?: Budget;
  /** Globals set for this call only (marshaled; restored afterwards). */
  globals?: Readonly<Record<string, unknown>>;
  /** A JSON value exposed to the script as the read-only, lazily converted global `fact`. */
  facts?: unknown;
}

export interface EvalOptions extends CallOptions {
  /**
   * Record every executed instruction: true (the last 10,000) or the ring buffer's size. The
   * result's `trace` (and `vm.lastTrace`, also after an error) holds it; formatTrace prints it.
   */
  trace?: boolean | number;
  /** Name used in messages (`name:line:`); default "input". Ignored for a compiled Script. */
  chunkName?: string;
  /** Values the chunk receives as `...`. */
  args?: readonly unknown[];
  /**
   * Run in fresh globals over this VM's state (as `fork()` does, so this VM becomes a
   * read-only template): nothing the run writes is seen by any later run.
   */
  isolate?: boolean;
}

export interface EvalResult {
  /** What the chunk (or function) returned, as JS values (see README "Marshaling"). */
  values: unknown[];
  usage: Usage;
  /** The execution trace, when the call asked for one. */
  trace?: Trace;
}

const OPTION_KEYS = new Set(["profile", "print", "stdout", "budget", "env", "enable", "store", "marshal", "cache", "jit"]);
const CALL_KEYS = new Set(["budget", "globals", "facts"]);
const EVAL_KEYS = new Set(["chunkName", "budget", "isolate", "args", "globals", "facts", "trace"]);

const NO_VALUES: readonly LuaValue[] = [];

// bound once: calling through the bound method is measurably cheaper than performance.now()
const now: () => number = typeof performance !== "undefined" ? performance.now.bind(performance) : Date.now;

function checkKeys(o: object, allowed: Set<string>, what: string): void {
  for (const key in o) {
    if (!allowed.has(key)) throw new TypeError(`moonrule: unknown ${what} option '${key}'`);
  }
}

/** A host Promise an evalAsync run is waiting for. */
interface Pending {
  promise: PromiseLike<unknown>;
  name: string;
  /** "chunk:line: " of the call, for messages raised when it settles. */
  where: LimitPosition;
}

interface AsyncRun {
  thread: LuaThread;
  pending: Pending | undefined;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown } | { limit: "time" | "aborted" };

/** Wait for a host Promise, but no later than the call's deadline, and not past an abort. */
function settle(p: PromiseLike<unknown>, deadline: number, signal: AbortSignal | undefined): Promise<Settled> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (r: Settled): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(r);
    };
    const onAbort = (): void => finish({ limit: "aborted" });
    if (signal?.aborted) return finish({ limit: "aborted" });
    if (deadline !== Infinity) timer = setTimeout(() => finish({ limit: "time" }), Math.max(0, deadline - now()));
    signal?.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(p).then(
      (value) => finish({ ok: true, value }),
      (error: unknown) => finish({ ok: false, error }),
    );
  });
}

class Context<S> implements HostContext<S> {
  name = "";
  signal: AbortSignal | undefined = undefined;
  constructor(readonly vm: Lua<S>, readonly store: S) {}
}

export class Lua<S = undefined> implements HostBinding, FunctionBridge {
  /** @internal */
  readonly state: LuaState;
  /** Private data for host functions; scripts never see it. */
  readonly store: S;
  private readonly budget: Budget;
  private readonly options: LuaOptions<S>;
  private readonly limits: MarshalLimits;
  private readonly cache: CompileCache | false;
  private frozen = false;
  /** Calls in progress on this VM (host functions may call back in). */
  private depth = 0;
  private asyncRun: AsyncRun | undefined = undefined;
  private ctx: Context<S> | undefined = undefined;
  /** Metatable of per-call environments (see callEnv). */
  private envMeta: LuaTable | undefined = undefined;
  /** Lua functions handed to JS, so they can be passed back (call(fn)). */
  private readonly luaFunctions = new WeakMap<object, LuaClosure | LuaBuiltin>();
  /** Usage of the last call (also on errors). */
  lastUsage: Usage = { instructions: 0, memoryBytes: 0, timeMs: 0 };
  /** Trace of the last call that asked for one (also on errors). */
  lastTrace: Trace | undefined = undefined;

  private constructor(opts: LuaOptions<S>, template?: Lua<S>, store?: S) {
    this.options = opts;
    if (template) {
      // a fork: fresh globals over the template's (frozen) state
      this.budget = template.budget;
      this.limits = template.limits;
      this.cache = template.cache;
      this.store = store !== undefined ? store : template.store;
      const L = new LuaState({ print: template.state.print });
      const parent = template.state;
      L.nextFn = parent.nextFn;
      L.jitMode = parent.jitMode;
      L.stringMeta = parent.stringMeta;
      // the template's globals are frozen: read through them, write into fresh own fields
      L.globals.base = parent.globals;
      L.globals.setStr("_G", L.globals);
      L.host = this;
      this.state = L;
      return;
    }
    checkKeys(opts, OPTION_KEYS, "Lua.create");
    const profile = opts.profile ?? "sandbox";
    if (profile !== "sandbox" && profile !== "trusted") {
      throw new TypeError(`moonrule: unknown profile '${String(profile)}'`);
    }
    this.budget = opts.budget ?? {};
    checkBudget(this.budget, "Lua.create");
    this.limits = marshalLimits(opts.marshal);
    this.cache = opts.cache ?? defaultCompileCache;
    if (this.cache !== false && !(this.cache instanceof CompileCache)) throw new TypeError("moonrule: 'cache' must be a CompileCache or false");
    this.store = opts.store as S;
    const write = opts.stdout ?? ((bytes: string) => {
      const text = fromByteString(bytes);
      (opts.print ?? (() => {}))(text.endsWith("\n") ? text.slice(0, -1) : text);
    });
    const L = new LuaState({ print: (line) => write(line + "\n") });
    if (opts.jit !== undefined) L.jitMode = jitModeCode(opts.jit);
    for (const lib of opts.enable ?? []) {
      if (lib !== "coroutine" && lib !== "load") throw new TypeError(`moonrule: unknown library '${String(lib)}' in enable`);
    }
    openLibraries(L, profile, { write, env: opts.env }, opts.enable);
    L.host = this;
    this.state = L;
  }

  static create<S = undefined>(opts: LuaOptions<S> = {}): Lua<S> {
    return new Lua<S>(opts);
  }

  /**
   * A Script from chunk bytes (serializeChunk, `moonrule compile`), checked and verified; throws
   * a LuaError of kind "syntax" ("invalid chunk: …") if they are not a safe chunk of this version.
   */
  static loadChunk(bytes: Uint8Array): Script {
    return loadChunk(bytes);
  }

  /**
   * A cheap copy for per-request or per-conversation state. The first fork freezes this VM's
   * globals and everything reachable from them (tables become read-only, upvalues frozen), so
   * what forks share can never carry state between them; each fork gets its own globals table
   * (copy of the template's) and writes there. A fork shares the template's store unless
   * given its own.
   */
  fork(opts: { store?: S } = {}): Lua<S> {
    if (!this.frozen) {
      this.state.globals.flattenBase(); // a fork of a fork: one Map to share
      deepFreeze(this.state.globals);
      this.frozen = true;
    }
    return new Lua<S>(this.options, this, opts.store);
  }

  /** Add host functions (see defineApi). Returns this VM, for chaining. */
  load(api: Api): this {
    const g = this.state.globals;
    if (api.table !== undefined) g.setStr(api.scope!, api.table);
    else for (const [name, b] of api.builtins) g.setStr(name, b);
    return this;
  }

  /** Compile source text into a Script, through the VM's compile cache (throws a syntax LuaError). */
  compile(source: string, opts: { chunkName?: string } = {}): Script {
    const cache = this.cache;
    return cache === false ? compile(source, { chunkName: opts.chunkName }) : cache.compile(source, { chunkName: opts.chunkName });
  }

  // ------------------------------------------------------------------------------ running

  /** Run a chunk (source text or a compiled Script); returns what it returns, as JS values. */
  eval(source: string | Script, opts: EvalOptions = {}): EvalResult {
    checkKeys(opts, EVAL_KEYS, "eval");
    const script = typeof source === "string" ? this.compile(source, opts) : source;
    if (opts.isolate) return this.forkFor(opts).eval(script, { ...opts, isolate: false });
    const args = opts.args === undefined ? NO_VALUES : opts.args.map((a, i) => toLua(a, this, `args[${i}]`));
    const fn = this.mainClosure(script, this.callEnv(opts));
    if (opts.trace !== undefined && opts.trace !== false) return this.traced(opts.trace, () => this.protectedCall(fn, args, opts.budget ?? this.budget, script));
    const values = this.protectedCall(fn, args, opts.budget ?? this.budget, script);
    return { values: this.resultsToJS(values), usage: this.lastUsage };
  }

  /** eval, where host functions may return Promises: the script waits for them. */
  async evalAsync(source: string | Script, opts: EvalOptions = {}): Promise<EvalResult> {
    checkKeys(opts, EVAL_KEYS, "evalAsync");
    const script = typeof source === "string" ? this.compile(source, opts) : source;
    if (opts.isolate) return this.forkFor(opts).evalAsync(script, { ...opts, isolate: false });
    const args = opts.args === undefined ? [] : opts.args.map((a, i) => toLua(a, this, `args[${i}]`));
    const fn = this.mainClosure(script, this.callEnv(opts));
    const tracer = opts.trace === undefined || opts.trace === false ? undefined : new Tracer(opts.trace === true ? DEFAULT_TRACE_SIZE : opts.trace);
    const values = await this.protectedCallAsync(fn, args, opts.budget ?? this.budget, script, tracer);
    const result: EvalResult = { values: this.resultsToJS(values), usage: this.lastUsage };
    if (tracer !== undefined) result.trace = this.lastTrace;
    return result;
  }

  /** Call a Lua function: a global path ("pricing.total") or a function this VM handed out. */
  call(target: string | ((...args: never[]) => unknown), args: readonly unknown[] = [], opts: CallOptions = {}): EvalResult {
    checkKeys(opts, CALL_KEYS, "call");
    const fn = this.resolveFunction(target);
    const luaArgs = args.map((a, i) => toLua(a, this, `args[${i}]`));
    const values = this.withGlobals(opts, () => this.protectedCall(fn, luaArgs, opts.budget ?? this.budget));
    return { values: this.resultsToJS(values), usage: this.lastUsage };
  }

  /** call, where host functions may return Promises. */
  async callAsync(target: string | ((...args: never[]) => unknown), args: readonly unknown[] = [], opts: CallOptions = {}): Promise<EvalResult> {
    checkKeys(opts, CALL_KEYS, "callAsync");
    const fn = this.resolveFunction(target);
    const luaArgs = args.map((a, i) => toLua(a, this, `args[${i}]`));
    const values = await this.withGlobalsAsync(opts, () => this.protectedCallAsync(fn, luaArgs, opts.budget ?? this.budget));
    return { values: this.resultsToJS(values), usage: this.lastUsage };
  }

  /** A global, or a field path through tables ("config.rates.vat"), as a JS value. */
  get(path: string): unknown {
    return this.valueToJS(this.lookup(path));
  }

  /** Set a global or a field path, creating missing tables on the way. Returns this VM. */
  set(path: string, value: unknown): this {
    const parts = splitPath(path);
    let t = this.state.globals;
    for (let i = 0; i < parts.length - 1; i++) {
      const k = toByteString(parts[i]!);
      let next = t.getStr(k);
      if (next === undefined) {
        next = new LuaTable();
        this.rawSet(t, k, next, path);
      }
      if (!(next instanceof LuaTable)) throw new TypeError(`moonrule: cannot set '${path}': '${parts.slice(0, i + 1).join(".")}' is not a table`);
      t = next;
    }
    this.rawSet(t, toByteString(parts[parts.length - 1]!), toLua(value, this, path), path);
    return this;
  }

  /**
   * Low level: run a compiled chunk with Lua values in and out, under the VM's budget or
   * `budget` (the CLI and benchmarks use it).
   */
  run(chunk: Script | Proto, args: readonly LuaValue[], budget?: Budget): LuaValue[] {
    const script = chunk instanceof Script ? chunk : undefined;
    return this.protectedCall(this.mainClosure(chunk), args, budget ?? this.budget, script);
  }

  /**
   * @internal Run a compiled chunk with `env` as its _ENV and Lua values in and out (the
   * formula engine and the rules build their own environments).
   */
  runInEnv(script: Script, env: LuaTable, args: readonly LuaValue[] = NO_VALUES, budget: Budget = this.budget, timed = true): LuaValue[] {
    return this.protectedCall(this.mainClosure(script, env), args, budget, script, timed);
  }

  /** @internal Call a Lua function with Lua values in and out, under `budget`, untimed. */
  callRaw(fn: LuaValue, args: readonly LuaValue[], budget: Budget = this.budget): LuaValue[] {
    return this.protectedCall(fn, args, budget, undefined, false);
  }

  /** @internal Run a main-chunk closure the caller built (and may reuse); no usage is recorded. */
  runClosure(fn: LuaClosure, script: Script, budget: Budget = this.budget): LuaValue[] {
    return this.protectedCall(fn, NO_VALUES, budget, script, false);
  }

  // ------------------------------------------------------------------------------ internals

  /** Run `body` recording an execution trace; the trace lands in the result and lastTrace. */
  private traced(size: true | number, body: () => LuaValue[]): EvalResult {
    const L = this.state;
    const saved = L.tracer;
    const tracer = new Tracer(size === true ? DEFAULT_TRACE_SIZE : size);
    L.tracer = tracer;
    try {
      const values = body();
      return { values: this.resultsToJS(values), usage: this.lastUsage, trace: tracer.result() };
    } finally {
      L.tracer = saved;
      this.lastTrace = tracer.result();
    }
  }

  private forkFor(opts: EvalOptions): Lua<S> {
    void opts;
    return this.fork();
  }

  private mainClosure(chunk: Script | Proto, env: LuaTable = this.state.globals): LuaClosure {
    const proto = chunk instanceof Script ? chunk.proto : chunk;
    return new LuaClosure(proto, [new UpVal([env], 0)]);
  }

  /**
   * The environment of a chunk run with per-call globals or facts: a table holding them whose
   * metatable reads and writes everything else through to the VM's globals, so the values are
   * seen by this call only while definitions the chunk makes still land in the globals.
   */
  private callEnv(opts: CallOptions): LuaTable | undefined {
    if (opts.globals === undefined && opts.facts === undefined) return undefined;
    let meta = this.envMeta;
    if (meta === undefined) {
      meta = this.envMeta = new LuaTable();
      meta.setStr("__index", this.state.globals);
      meta.setStr("__newindex", this.state.globals);
      meta.shared = true;
    }
    const env = new LuaTable();
    env.metatable = meta;
    // filled directly: host data, not charged to the script, and the table is brand new
    const g = opts.globals;
    if (g !== undefined) {
      for (const name in g) {
        if (!Object.prototype.hasOwnProperty.call(g, name)) continue;
        const v = toLua(g[name], this, name);
        if (v !== undefined) env.initStr(toByteString(name), v);
      }
    }
    if (opts.facts !== undefined) {
      const f = factsTable(opts.facts, "facts", 16);
      if (f !== undefined) env.initStr("fact", f);
    }
    return env;
  }

  private resolveFunction(target: string | ((...args: never[]) => unknown)): LuaValue {
    if (typeof target === "function") {
      const fn = this.luaFunctions.get(target);
      if (fn === undefined) throw new TypeError("moonrule: call() takes a global path or a Lua function this VM returned");
      return fn;
    }
    const fn = this.lookup(target);
    if (!(fn instanceof LuaClosure || fn instanceof LuaBuiltin)) {
      throw new TypeError(`moonrule: '${target}' is not a function (it is ${fn === undefined ? "nil" : typeof fn === "object" ? "a table" : `a ${typeof fn}`})`);
    }
    return fn;
  }

  private lookup(path: string): LuaValue {
    let v: LuaValue = this.state.globals;
    for (const part of splitPath(path)) {
      if (!(v instanceof LuaTable)) return undefined;
      v = v.getStr(toByteString(part));
    }
    return v;
  }

  private rawSet(t: LuaTable, k: string, v: LuaValue, path: string): void {
    if (t.shared) throw new TypeError(`moonrule: cannot set '${path}': the table is read-only (a library, an API or a forked template)`);
    t.setStr(k, v);
  }

  /** Set per-call globals (and `fact`), run, restore what was there. */
  private withGlobals<T>(opts: CallOptions, fn: () => T): T {
    if (opts.globals === undefined && opts.facts === undefined) return fn();
    const restore = this.setCallGlobals(opts);
    try {
      return fn();
    } finally {
      restore();
    }
  }

  private async withGlobalsAsync<T>(opts: CallOptions, fn: () => Promise<T>): Promise<T> {
    if (opts.globals === undefined && opts.facts === undefined) return fn();
    const restore = this.setCallGlobals(opts);
    try {
      return await fn();
    } finally {
      restore();
    }
  }

  private setCallGlobals(opts: CallOptions): () => void {
    const g = this.state.globals;
    const saved: [string, LuaValue][] = [];
    const put = (name: string, v: LuaValue): void => {
      const k = toByteString(name);
      saved.push([k, g.getStr(k)]);
      g.setStr(k, v);
    };
    if (opts.globals !== undefined) {
      for (const name of Object.keys(opts.globals)) put(name, toLua(opts.globals[name], this, name));
    }
    if (opts.facts !== undefined) put("fact", factsTable(opts.facts, "facts"));
    return () => {
      for (let i = saved.length - 1; i >= 0; i--) g.setStr(saved[i]![0], saved[i]![1]);
    };
  }

  private protectedCall(f: LuaValue, args: readonly LuaValue[], budget: Budget, script?: Script, timed = true): LuaValue[] {
    const L = this.state;
    const th = L.th;
    const saveCi = th.ciIdx;
    const saveTop = th.top;
    const saveC = th.nCcalls;
    const saveNny = th.nny;
    const t0 = timed ? now() : 0;
    if (budget !== this.budget) checkBudget(budget, "call");
    // a call made while another runs (from a host function) has its own budget
    const outer: BudgetState | undefined = this.depth > 0 ? L.suspendBudget() : undefined;
    this.depth++;
    try {
      L.beginBudget(budget);
      return L.call(f, args);
    } catch (e) {
      const err = L.toLuaError(e);
      if (err.traceback === undefined) err.traceback = L.traceback();
      L.unwindTo(saveCi, saveTop, saveC, saveNny);
      throw attachSource(err, script);
    } finally {
      // untimed runs (formula evaluations) skip the usage record: their callers do not read it
      if (timed) this.lastUsage = { instructions: L.instructionsUsed(), memoryBytes: L.memoryUsed(), timeMs: now() - t0 };
      L.endBudget();
      this.depth--;
      if (outer !== undefined) L.resumeBudget(outer);
    }
  }

  /** Run f in a thread of its own that suspends whenever a host function returns a Promise. */
  private async protectedCallAsync(f: LuaValue, args: readonly LuaValue[], budget: Budget, script?: Script, tracer?: Tracer): Promise<LuaValue[]> {
    const L = this.state;
    const outerTracer = L.tracer;
    if (budget !== this.budget) checkBudget(budget, "call");
    const co = new LuaThread();
    co.isRoot = true;
    co.stack.push(f);
    co.top = 1;
    const run: AsyncRun = { thread: co, pending: undefined };
    const t0 = now();
    let suspended: BudgetState | undefined;
    let resumeArgs: readonly LuaValue[] = args;
    let failWith: LuaError | undefined;
    const outer: BudgetState | undefined = this.depth > 0 ? L.suspendBudget() : undefined;
    L.extraThreads.push(co);
    try {
      L.tracer = tracer; // only while this run executes: calls made while it waits are not traced
      L.beginBudget(budget);
      for (;;) {
        const prevRun = this.asyncRun;
        this.asyncRun = run;
        this.depth++;
        let values: LuaValue[];
        try {
          values = resume(L, co, resumeArgs, failWith, true);
        } finally {
          this.asyncRun = prevRun;
          this.depth--;
        }
        if (co.status === "dead") return values;
        const p = run.pending;
        run.pending = undefined;
        if (p === undefined) throw new LuaError("moonrule: async run suspended without a host Promise", { kind: "host" });
        const deadline = L.callDeadline;
        const signal = L.callSignal;
        suspended = L.suspendBudget();
        L.tracer = outerTracer;
        const outcome = await settle(p.promise, deadline, signal);
        L.tracer = tracer;
        L.resumeBudget(suspended);
        suspended = undefined;
        if ("limit" in outcome) throw new LuaLimitError(outcome.limit, p.where);
        failWith = undefined;
        resumeArgs = [];
        if (outcome.ok) {
          try {
            resumeArgs = this.hostResults(outcome.value, p.name);
          } catch (e) {
            failWith = asyncFailure(p, e);
          }
        } else failWith = asyncFailure(p, outcome.error);
      }
    } catch (e) {
      const err = e instanceof LuaError ? e : L.toLuaError(e);
      throw attachSource(err, script);
    } finally {
      this.lastUsage = { instructions: L.instructionsUsed(), memoryBytes: L.memoryUsed(), timeMs: now() - t0 };
      if (suspended === undefined) L.endBudget();
      L.tracer = outerTracer;
      L.extraThreads.splice(L.extraThreads.indexOf(co), 1);
      if (outer !== undefined) L.resumeBudget(outer);
      if (tracer !== undefined) this.lastTrace = tracer.result();
    }
  }

  // ------------------------------------------------------------------------------ HostBinding

  /** @internal */
  context(name: string): HostContext<S> {
    const c = (this.ctx ??= new Context<S>(this, this.store));
    c.name = name;
    c.signal = this.state.callSignal;
    return c;
  }

  /** @internal */
  argsToJS(args: readonly LuaValue[]): unknown[] {
    return toJSList(args, this.limits, this);
  }

  /** @internal */
  valueToJS(v: LuaValue): unknown {
    return toJS(v, this.limits, this);
  }

  /** @internal */
  resultToLua(r: unknown, name: string): LuaValue {
    return toLua(r, this, `result of ${name}`);
  }

  private hostResults(r: unknown, name: string): LuaValue[] {
    if (r instanceof MultipleValues) return r.values.map((x) => this.resultToLua(x, name));
    return r === undefined ? [] : [this.resultToLua(r, name)];
  }

  private resultsToJS(values: LuaValue[]): unknown[] {
    return toJSList(values, this.limits, this);
  }

  /** @internal */
  awaitHost(L: LuaState, promise: PromiseLike<unknown>, name: string): LuaValue | readonly LuaValue[] {
    const run = this.asyncRun;
    const th = L.th;
    if (run === undefined || th !== run.thread || th.nny > 0) {
      Promise.resolve(promise).then(undefined, () => {}); // nobody will wait for it
      const why = run === undefined
        ? "returned a Promise: run the script with evalAsync (or callAsync) to wait for it"
        : "returned a Promise where the script cannot wait (inside a coroutine, or a callback of a library function such as table.sort)";
      const msg = `${L.where(1)}host function '${name}' ${why}`;
      const pos = L.position(1);
      throw new LuaError(msg, { kind: "host", value: msg, chunkName: pos.chunk, line: pos.line, column: pos.column });
    }
    run.pending = { promise, name, where: { where: L.where(1), ...L.position(1) } };
    th.transfer = [];
    if (th.nCcalls === th.resumeCcalls) {
      th.yieldedQuick = true; // straight from the thread's base loop: no unwinding needed
      return [];
    }
    throw YIELD;
  }

  // ------------------------------------------------------------------------------ FunctionBridge

  /** @internal */
  wrapHost(fn: (...args: never[]) => unknown, name: string): LuaBuiltin {
    return hostBuiltin(fn as HostFunction, name);
  }

  /** @internal */
  wrapLua(fn: LuaClosure | LuaBuiltin): (...args: unknown[]) => unknown {
    const vm = this;
    const js = function (...args: unknown[]): unknown {
      const luaArgs = args.map((a, i) => toLua(a, vm, `args[${i}]`));
      // called back from a host function while the script runs: same call, same budget
      if (vm.depth > 0) return vm.valueToJS(vm.state.call(fn, luaArgs)[0]);
      return vm.call(js, args).values[0];
    };
    this.luaFunctions.set(js, fn);
    return js;
  }
}

function splitPath(path: string): string[] {
  const parts = path.split(".");
  if (parts.some((p) => p === "")) throw new TypeError(`moonrule: '${path}' is not a valid path`);
  return parts;
}

function attachSource(err: LuaError, script: Script | undefined): LuaError {
  if (script !== undefined && err.source === undefined && err.chunkName === script.chunkName) err.source = script.source;
  return err;
}

function asyncFailure(p: Pending, e: unknown): LuaError {
  if (e instanceof LuaError) return e;
  const text = errorText(e);
  const msg = `${p.where.where}host function '${p.name}' failed: ${text}`;
  return new LuaError(msg, { kind: "host", value: msg, chunkName: p.where.chunk, line: p.where.line, column: p.where.column, cause: e });
}

export { LuaError };
