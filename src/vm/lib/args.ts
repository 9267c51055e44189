// Argument checks for builtins, worded as lauxlib words them. They throw LuaArgError; the VM
// adds the name the function was called by ("bad argument #1 to 'insert' (...)").

import { LuaArgError, LuaFault } from "../errors.js";
import { numberToString, tonumber, toInteger } from "../numconv.js";
import { typeName } from "../state.js";
import { LuaTable } from "../table.js";
import { isNumber, LuaFloat, type LuaValue } from "../value.js";
import { LuaBuiltin, LuaClosure, type LuaFunction } from "../function.js";

/** Type name for messages: __name from the metatable when it is a string (luaL_typeerror). */
function typeNameOf(args: readonly LuaValue[], i: number): string {
  if (i >= args.length) return "no value";
  const v = args[i];
  if (v instanceof LuaTable && v.metatable !== undefined) {
    const n = v.metatable.getStr("__name");
    if (typeof n === "string") return n;
  }
  return typeName(v);
}

/** `i` is 0-based; messages use 1-based argument numbers. */
export function typeError(args: readonly LuaValue[], i: number, expected: string): LuaArgError {
  return new LuaArgError(i + 1, `${expected} expected, got ${typeNameOf(args, i)}`);
}

export function argError(i: number, extra: string): LuaArgError {
  return new LuaArgError(i + 1, extra);
}

export function checkAny(args: readonly LuaValue[], i: number): LuaValue {
  if (i >= args.length) throw argError(i, "value expected");
  return args[i];
}

export function checkTable(args: readonly LuaValue[], i: number): LuaTable {
  const v = args[i];
  if (v instanceof LuaTable) return v;
  throw typeError(args, i, "table");
}

export function checkFunction(args: readonly LuaValue[], i: number): LuaFunction {
  const v = args[i];
  if (v instanceof LuaClosure || v instanceof LuaBuiltin) return v;
  throw typeError(args, i, "function");
}

export function checkInteger(args: readonly LuaValue[], i: number): number | bigint {
  const v = args[i];
  if (typeof v === "number" && Number.isInteger(v)) return v;
  const n = toInteger(v);
  if (n !== undefined) return n;
  if (tonumber(v) !== undefined) throw argError(i, "number has no integer representation");
  throw typeError(args, i, "number");
}

/** An integer argument as a JS number (clamped beyond the safe range, as C code would wrap). */
export function checkInt(args: readonly LuaValue[], i: number): number {
  const n = checkInteger(args, i);
  return typeof n === "number" ? n : n > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
}

export function optInt(args: readonly LuaValue[], i: number, def: number): number {
  return args[i] === undefined ? def : checkInt(args, i);
}

export function checkNumber(args: readonly LuaValue[], i: number): number | bigint | LuaFloat {
  const v = args[i];
  if (typeof v === "number") return v;
  const n = tonumber(v);
  if (n !== undefined) return n;
  throw typeError(args, i, "number");
}

/** A string argument; numbers are converted as lua_tolstring does. */
export function checkString(args: readonly LuaValue[], i: number): string {
  const v = args[i];
  if (typeof v === "string") return v;
  if (isNumber(v)) return numberToString(v);
  throw typeError(args, i, "string");
}

export function optString(args: readonly LuaValue[], i: number, def: string): string {
  return args[i] === undefined ? def : checkString(args, i);
}

export function fault(message: string): LuaFault {
  return new LuaFault(message);
}
