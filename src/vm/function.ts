// Function objects: Lua closures over a shared Proto, and builtins implemented in TypeScript.

import type { Proto } from "./proto.js";
import type { LuaValue } from "./value.js";
import type { LuaState } from "./state.js";

/**
 * An upvalue: while open it aliases slot `i` of a thread's stack array `s`; closing copies
 * the value into a private one-slot array. Access is always `uv.s[uv.i]`, with no branch.
 */
export class UpVal {
  /** Part of a frozen template VM: writing it is an error (see Lua.fork). */
  frozen = false;

  constructor(public s: LuaValue[], public i: number) {}

  close(): void {
    // a box whose elements kind is "any value" whatever the value: `[v]` would be an array of
    // small integers, doubles or objects by v's type, and code reading u.s met arrays of three
    // maps (V8 deoptimised the compiled code reading upvalues when a new VM closed one over
    // another type: "wrong map")
    const box: LuaValue[] = [undefined];
    box[0] = this.s[this.i];
    this.s = box;
    this.i = 0;
  }
}

export class LuaClosure {
  constructor(readonly p: Proto, readonly upvals: UpVal[]) {}

  get luaType(): "function" {
    return "function";
  }
}

/**
 * A builtin: receives its arguments as an array (length = number passed, so trailing nils
 * count) and returns one value, or an array for zero or several values.
 */
export type BuiltinFn = (L: LuaState, args: LuaValue[]) => LuaValue | readonly LuaValue[];

export class LuaBuiltin {
  /** Values the builtin keeps alive (e.g. coroutine.wrap's coroutine), for memory accounting. */
  refs: readonly LuaValue[] | undefined = undefined;
  /**
   * Callable without a frame: reads no frame or stack slot, calls no Lua code, cannot yield,
   * and throws only before it charges or allocates anything, so a call that throws can be
   * repeated through the normal path to get the error attributed to its call site. Compiled
   * code calls such builtins directly (see jit.ts pureCall).
   */
  pure = false;
  /**
   * The whole call done on the stack, for a builtin whose argument and result arrays cost more
   * than its work (coroutine.resume): called by callBuiltin once the frame is pushed, with the
   * arguments at func + 1 …; it finishes as callBuiltin does (pops the frame, results from
   * func on, th.top) and returns the result count. `fn` stays the reference behaviour.
   */
  direct: ((L: LuaState, func: number, nargs: number, nresults: number) => number) | undefined = undefined;

  constructor(readonly name: string, readonly fn: BuiltinFn) {}

  get luaType(): "function" {
    return "function";
  }
}

export type LuaFunction = LuaClosure | LuaBuiltin;

/** Mark builtins as callable without a frame (see LuaBuiltin.pure); returns them. */
export function markPure<T extends readonly LuaBuiltin[]>(...fns: T): T {
  for (const f of fns) f.pure = true;
  return fns;
}

/** Shared empty result list. */
export const NONE: readonly LuaValue[] = Object.freeze([]) as readonly LuaValue[];
