// Shared helpers for the formula library tests: a VM with the library installed, and
// evaluation of one formula expression to a JS value or to its error message.
import { Lua, LuaError, type Budget } from "../../src/index.js";
import { createFormulaLibrary, EXAMPLE_OPTIONS, installFormulaLibrary, type FormulaLibraryOptions } from "../../src/stdlib-formula/index.js";
import { caught } from "../helpers.js";

/** The options the documented examples assume (a fixed clock). */
export const EXAMPLE_LIBRARY_OPTIONS: FormulaLibraryOptions = {
  now: () => new Date(EXAMPLE_OPTIONS.now),
  timeZone: EXAMPLE_OPTIONS.timeZone,
};

const cache = new Map<string, FormulaLibraryOptions>();

/** Options with a fixed clock (one options object per clock/zone, so libraries are reused). */
export function at(now: string, timeZone = "UTC"): FormulaLibraryOptions {
  const key = `${now}|${timeZone}`;
  let o = cache.get(key);
  if (o === undefined) {
    o = { now: () => new Date(now), timeZone };
    cache.set(key, o);
  }
  return o;
}

export function formulaVM(options: FormulaLibraryOptions = EXAMPLE_LIBRARY_OPTIONS, budget?: Budget): Lua {
  return installFormulaLibrary(Lua.create(budget === undefined ? {} : { budget }), createFormulaLibrary(options));
}

const defaultVM = formulaVM();

/** The value of a formula expression (JS, as the host sees it). */
export function f(formula: string, vm: Lua = defaultVM): unknown {
  return vm.eval(`return ${formula}`).values[0];
}

/** The Lua type of a formula's value ("integer", "float", "string"…). */
export function luaType(formula: string, vm: Lua = defaultVM): unknown {
  return vm.eval(`local v = ${formula} return math.type(v) or type(v)`).values[0];
}

/** The error a formula raises: its message (with the "input:1: " position). */
export function err(formula: string, vm: Lua = defaultVM): string {
  return caught(() => vm.eval(`return ${formula}`)).message;
}

export { caught };
