// A compiled function prototype: immutable once the compiler finishes, shared by every VM
// (and every tenant) that runs the same chunk. Runtime state never lives here.

import type { CompiledFrame } from "./jit.js";
import type { LuaValue } from "./value.js";

export interface UpvalDesc {
  /** Name for blame and debugging ("_ENV" for the chunk's environment). */
  readonly name: string;
  /** True: captures register `idx` of the enclosing function; false: its upvalue `idx`. */
  readonly instack: boolean;
  readonly idx: number;
}

export interface LocVar {
  readonly name: string;
  /** First pc where the variable is active. */
  readonly startpc: number;
  /** First pc where the variable is dead. */
  readonly endpc: number;
}

export interface Proto {
  readonly code: Int32Array;
  /** Constants: nil, booleans, numbers and strings only. */
  readonly k: readonly LuaValue[];
  readonly p: readonly Proto[];
  readonly upvalues: readonly UpvalDesc[];
  /** Source line of each instruction. */
  readonly lineinfo: Int32Array;
  /** Source column of each instruction (0 where unknown). */
  readonly colinfo: Int32Array;
  readonly locvars: readonly LocVar[];
  readonly numparams: number;
  readonly isVararg: boolean;
  readonly maxstacksize: number;
  /** 0 for the main chunk. */
  readonly linedefined: number;
  readonly lastlinedefined: number;
  /** Display name of the chunk ("input", "t.lua"), used in messages as `chunk:line:`. */
  readonly source: string;
  /**
   * The compiled tier's code (jit.ts), made once per process and shared by every VM that runs
   * the prototype: undefined until compiled, null if it cannot be. The only mutable fields.
   */
  jit?: CompiledFrame | null;
  /** Calls and loop back-edges counted towards compiling (mode "auto"). */
  hot?: number;
}
