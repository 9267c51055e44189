// How a formula function is declared: its metadata (FormulaFunctionInfo) plus its
// implementation — `impl` when it does not depend on the library options (built once per
// process), `make` when it reads the clock or the time zone (built once per options object).

import type { BuiltinFn } from "../vm/function.js";
import type { LuaState } from "../vm/state.js";
import type { Zone } from "./zones.js";
import type { FormulaFunctionInfo } from "./types.js";

/** What the date functions see of the library options. */
export interface DateContext {
  /** The current instant, in epoch milliseconds (a failing clock raises a Lua error). */
  nowMs(L: LuaState): number;
  zone: Zone;
}

export interface FunctionDef extends FormulaFunctionInfo {
  readonly impl?: BuiltinFn;
  readonly make?: (ctx: DateContext) => BuiltinFn;
  /**
   * Constant cost on numbers, strings, booleans and nil, and never touches the state it is
   * passed: lowered formulas (src/formula/lowering.ts) may call it directly.
   */
  readonly scalar?: true;
}
