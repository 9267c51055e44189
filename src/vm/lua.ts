// The embedding entry point: a VM with a chosen profile and budgets, evaluating source text.

import { checkBudget, type Budget, type Usage } from "./budget.js";
import { toByteString, fromByteString } from "./bytes.js";
import { LuaError } from "./errors.js";
import { LuaClosure, UpVal } from "./function.js";
import { openLibraries, type OptionalLibrary, type Profile } from "./lib/index.js";
import { compileNamed } from "./load.js";
import type { Proto } from "./proto.js";
import { deepFreeze } from "./memory.js";
import { LuaState } from "./state.js";
import type { LuaValue } from "./value.js";

export type { Profile, Budget, Usage, OptionalLibrary };

export interface LuaOptions {
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
}

export interface EvalOptions {
  /** Name used in messages (`name:line:`); default "input". */
  chunkName?: string;
  /** Budget for this call, replacing the VM's default. */
  budget?: Budget;
  /**
   * Run in fresh globals over this VM's state (as `fork()` does, so this VM becomes a
   * read-only template): nothing the run writes is seen by any later run.
   */
  isolate?: boolean;
}

export interface EvalResult {
  values: LuaValue[];
  usage: Usage;
}

const OPTION_KEYS = new Set(["profile", "print", "stdout", "budget", "env", "enable"]);
const EVAL_KEYS = new Set(["chunkName", "budget", "isolate"]);

const now: () => number = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();

function checkKeys(o: object, allowed: Set<string>, what: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.has(key)) throw new TypeError(`moonrule: unknown ${what} option '${key}'`);
  }
}

export class Lua {
  /** @internal */
  readonly state: LuaState;
  private readonly budget: Budget;
  private readonly options: LuaOptions;
  private frozen = false;
  /** Usage of the last call (also on errors). */
  lastUsage: Usage = { instructions: 0, memoryBytes: 0, timeMs: 0 };

  private constructor(opts: LuaOptions, template?: Lua) {
    this.options = opts;
    if (template) {
      // a fork: fresh globals over the template's (frozen) state
      this.budget = template.budget;
      const L = new LuaState({ print: template.state.print });
      const parent = template.state;
      L.nextFn = parent.nextFn;
      L.stringMeta = parent.stringMeta;
      // the template's globals are frozen: read through them, write into a fresh own Map
      L.globals.base = parent.globals.hash;
      L.globals.setStr("_G", L.globals);
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
    const write = opts.stdout ?? ((bytes: string) => {
      const text = fromByteString(bytes);
      (opts.print ?? (() => {}))(text.endsWith("\n") ? text.slice(0, -1) : text);
    });
    const L = new LuaState({ print: (line) => write(line + "\n") });
    for (const lib of opts.enable ?? []) {
      if (lib !== "coroutine" && lib !== "load") throw new TypeError(`moonrule: unknown library '${String(lib)}' in enable`);
    }
    openLibraries(L, profile, { write, env: opts.env }, opts.enable);
    this.state = L;
  }

  static create(opts: LuaOptions = {}): Lua {
    return new Lua(opts);
  }

  /**
   * A cheap copy for per-request or per-conversation state. The first fork freezes this VM's
   * globals and everything reachable from them (tables become read-only, upvalues frozen), so
   * what forks share can never carry state between them; each fork gets its own globals table
   * (copy of the template's) and writes there.
   */
  fork(): Lua {
    if (!this.frozen) {
      this.state.globals.flattenBase(); // a fork of a fork: one Map to share
      deepFreeze(this.state.globals);
      this.frozen = true;
    }
    return new Lua(this.options, this);
  }

  /** Compile source text (JS text; converted to UTF-8 bytes). Throws a syntax LuaError. */
  compile(source: string, opts: { chunkName?: string } = {}): Proto {
    return compileNamed(toByteString(source), "=" + (opts.chunkName ?? "input"));
  }

  /** Compile and run a chunk; returns what it returns. Errors are thrown as LuaError. */
  eval(source: string, opts: EvalOptions = {}): EvalResult {
    checkKeys(opts, EVAL_KEYS, "eval");
    const proto = this.compile(source, opts);
    if (opts.isolate) {
      const fork = this.fork();
      try {
        return { values: fork.run(proto, [], opts.budget), usage: fork.lastUsage };
      } finally {
        this.lastUsage = fork.lastUsage;
      }
    }
    const values = this.run(proto, [], opts.budget);
    return { values, usage: this.lastUsage };
  }

  /** Run a compiled main chunk with `...` bound to args, under the VM's budget or `budget`. */
  run(proto: Proto, args: readonly LuaValue[], budget?: Budget): LuaValue[] {
    const L = this.state;
    const env = new UpVal([L.globals], 0);
    return this.protectedCall(new LuaClosure(proto, [env]), args, budget ?? this.budget);
  }

  private protectedCall(f: LuaValue, args: readonly LuaValue[], budget: Budget): LuaValue[] {
    const L = this.state;
    const th = L.th;
    const saveCi = th.ciIdx;
    const saveTop = th.top;
    const saveC = th.nCcalls;
    const saveNny = th.nny;
    const t0 = now();
    if (budget !== this.budget) checkBudget(budget, "call");
    try {
      L.beginBudget(budget);
      return L.call(f, args);
    } catch (e) {
      const err = L.toLuaError(e);
      if (err.traceback === undefined) err.traceback = L.traceback();
      L.unwindTo(saveCi, saveTop, saveC, saveNny);
      throw err;
    } finally {
      this.lastUsage = { instructions: L.instructionsUsed(), memoryBytes: L.memoryUsed(), timeMs: now() - t0 };
      L.endBudget();
    }
  }
}

export { LuaError };
