// The embedding entry point: a VM with a chosen profile, evaluating source text.

import { toByteString, fromByteString } from "./bytes.js";
import { LuaError } from "./errors.js";
import { LuaClosure, UpVal } from "./function.js";
import { openLibraries, type Profile } from "./lib/index.js";
import { compileSource } from "./load.js";
import type { Proto } from "./proto.js";
import { LuaState } from "./state.js";
import type { LuaValue } from "./value.js";

export type { Profile };

export interface LuaOptions {
  /** "sandbox" (default): base library only. "trusted": adds io.write and os.time/clock/date. */
  profile?: Profile;
  /** Receives each line `print` writes, decoded from UTF-8. */
  print?: (text: string) => void;
  /** Receives raw output bytes (a byte string) from print and io.write; overrides `print`. */
  stdout?: (bytes: string) => void;
}

export interface EvalOptions {
  /** Name used in messages (`name:line:`); default "input". */
  chunkName?: string;
}

export interface EvalResult {
  values: LuaValue[];
}

const OPTION_KEYS = new Set(["profile", "print", "stdout"]);

export class Lua {
  /** @internal */
  readonly state: LuaState;

  private constructor(opts: LuaOptions) {
    for (const key of Object.keys(opts)) {
      if (!OPTION_KEYS.has(key)) throw new TypeError(`moonrule: unknown option '${key}'`);
    }
    const profile = opts.profile ?? "sandbox";
    if (profile !== "sandbox" && profile !== "trusted") {
      throw new TypeError(`moonrule: unknown profile '${String(profile)}'`);
    }
    const write = opts.stdout ?? ((bytes: string) => {
      const text = fromByteString(bytes);
      (opts.print ?? (() => {}))(text.endsWith("\n") ? text.slice(0, -1) : text);
    });
    const L = new LuaState({ print: (line) => write(line + "\n") });
    openLibraries(L, profile, { write });
    this.state = L;
  }

  static create(opts: LuaOptions = {}): Lua {
    return new Lua(opts);
  }

  /** Compile source text (JS text; converted to UTF-8 bytes). Throws a syntax LuaError. */
  compile(source: string, opts: EvalOptions = {}): Proto {
    return compileSource(toByteString(source), opts.chunkName ?? "input");
  }

  /** Compile and run a chunk; returns what it returns. Errors are thrown as LuaError. */
  eval(source: string, opts: EvalOptions = {}): EvalResult {
    return { values: this.run(this.compile(source, opts), []) };
  }

  /** Run a compiled main chunk with `...` bound to args. */
  run(proto: Proto, args: readonly LuaValue[]): LuaValue[] {
    const L = this.state;
    const env = new UpVal([L.globals], 0);
    return this.protectedCall(new LuaClosure(proto, [env]), args);
  }

  private protectedCall(f: LuaValue, args: readonly LuaValue[]): LuaValue[] {
    const L = this.state;
    const th = L.th;
    const saveCi = th.ciIdx;
    const saveTop = th.top;
    const saveC = th.nCcalls;
    const saveNny = th.nny;
    try {
      return L.call(f, args);
    } catch (e) {
      const err = L.toLuaError(e);
      if (err.traceback === undefined) err.traceback = L.traceback();
      L.unwindTo(saveCi, saveTop, saveC, saveNny);
      throw err;
    }
  }
}

export { LuaError };
