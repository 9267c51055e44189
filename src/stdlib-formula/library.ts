// The catalogue (metadata) and the library table (builtins).
//
// Builtins that do not depend on the options are made once per process and shared by every
// library table; the date builtins are made once per options object (a WeakMap), so
// installing the library in a fresh VM is a few dozen table writes and nothing else.

import { hostFailure } from "../vm/host.js";
import type { LuaBuiltin } from "../vm/function.js";
import type { LuaState } from "../vm/state.js";
import { LuaTable } from "../vm/table.js";
import { DATE_FUNCTIONS } from "./date.js";
import type { DateContext, FunctionDef } from "./define.js";
import { LOGIC_FUNCTIONS } from "./logic.js";
import { MATH_FUNCTIONS } from "./math.js";
import { TEXT_FUNCTIONS } from "./text.js";
import type { FormulaFunctionInfo, FormulaLibraryOptions } from "./types.js";
import { fault, formulaBuiltin } from "./values.js";
import { resolveZone, UTC, type Zone } from "./zones.js";

const DEFS: readonly FunctionDef[] = [...MATH_FUNCTIONS, ...TEXT_FUNCTIONS, ...DATE_FUNCTIONS, ...LOGIC_FUNCTIONS];

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Every formula function's metadata: plain, frozen JSON data (no implementations). */
export const FORMULA_FUNCTIONS: readonly FormulaFunctionInfo[] = deepFreeze(
  DEFS.map(({ name, category, signature, description, examples }) =>
    JSON.parse(JSON.stringify({ name, category, signature, description, examples })) as FormulaFunctionInfo,
  ),
);

/** The builtins that do not depend on the options, made on first use. */
let shared: Map<string, LuaBuiltin> | undefined;

function sharedBuiltins(): Map<string, LuaBuiltin> {
  if (shared === undefined) {
    shared = new Map();
    for (const d of DEFS) if (d.impl !== undefined) shared.set(d.name, formulaBuiltin(d.name, d.impl, d.scalar === true));
  }
  return shared;
}

const OPTION_KEYS = new Set(["now", "timeZone"]);

function contextOf(options: FormulaLibraryOptions): DateContext {
  if (typeof options !== "object" || options === null) throw new TypeError("moonrule: formula library options must be an object");
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`moonrule: unknown formula library option '${key}'`);
  }
  const clock = options.now;
  if (clock !== undefined && typeof clock !== "function") throw new TypeError("moonrule: formula library option 'now' must be a function returning a Date");
  let zone: Zone = UTC;
  if (options.timeZone !== undefined) {
    const z = typeof options.timeZone === "string" ? resolveZone(options.timeZone) : undefined;
    if (z === undefined) throw new RangeError(`moonrule: unknown time zone '${String(options.timeZone)}'`);
    zone = z;
  }
  return {
    zone,
    nowMs(L: LuaState): number {
      if (clock === undefined) return Date.now();
      let d: unknown;
      try {
        d = clock();
      } catch (e) {
        throw hostFailure(L, "now", e);
      }
      const ms = d instanceof Date ? d.getTime() : typeof d === "number" ? d : NaN;
      if (!Number.isFinite(ms)) throw fault("the clock gave an invalid date");
      return ms;
    },
  };
}

function build(ctx: DateContext): LuaTable {
  const common = sharedBuiltins();
  const t = new LuaTable();
  for (const d of DEFS) t.setStr(d.name, common.get(d.name) ?? formulaBuiltin(d.name, d.make!(ctx)));
  t.shared = true; // read-only, and never charged to a script
  return t;
}

let defaultLibrary: LuaTable | undefined;
const byOptions = new WeakMap<FormulaLibraryOptions, LuaTable>();

/**
 * The formula functions as a frozen table of name → builtin. The same options object gives
 * the same table (builtins are made once); without options: real time, time zone UTC.
 * Throws a TypeError / RangeError for bad options (an unknown time zone).
 */
export function createFormulaLibrary(options?: FormulaLibraryOptions): LuaTable {
  if (options === undefined) return (defaultLibrary ??= build(contextOf({})));
  let t = byOptions.get(options);
  if (t === undefined) {
    t = build(contextOf(options));
    byOptions.set(options, t);
  }
  return t;
}

/** Install the library's functions as globals of a VM (before it is forked). Returns the VM. */
export function installFormulaLibrary<V extends { readonly state: LuaState }>(vm: V, library: LuaTable = createFormulaLibrary()): V {
  const g = vm.state.globals;
  library.forEachOwnField((name, fn) => g.set(name, fn));
  return vm;
}
