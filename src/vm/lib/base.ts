// The sandbox-safe base library (lbaselib.c minus load/loadfile/dofile/require/collectgarbage).

import { LuaError } from "../errors.js";
import { LuaBuiltin, NONE, markPure, type BuiltinFn } from "../function.js";
import { stringToNumber, stringToNumberBase } from "../numconv.js";
import { Continuation, type LuaState, typeName } from "../state.js";
import { protectedCall } from "../protected.js";
import { LuaTable } from "../table.js";
import { isNumber, mkIntBig, type LuaValue } from "../value.js";
import { argError, checkAny, checkFunction, checkInteger, checkTable, fault, typeError } from "./args.js";

export function builtin(name: string, fn: BuiltinFn): LuaBuiltin {
  return new LuaBuiltin(name, fn);
}

function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/** error(msg [, level]) — positions a string message at the given level. */
function raise(L: LuaState, value: LuaValue, level: number): never {
  if (typeof value === "string" && level > 0) value = L.where(level) + value;
  const message = typeof value === "string" ? value : errorObjectText(L, value);
  // the host learns where the error was raised even when the value carries no position
  const pos = level > 0 ? L.position(level) : {};
  throw new LuaError(message, { kind: "runtime", value, chunkName: pos.chunk, line: pos.line, column: pos.column });
}

/** How lua.c shows a non-string error object. */
export function errorObjectText(L: LuaState, v: LuaValue): string {
  if (isNumber(v)) return L.tostringRaw(v);
  const tm = L.getMetamethod(v, "__tostring");
  if (tm !== undefined) {
    try {
      const s = L.call1(tm, v, undefined, undefined, 1);
      if (typeof s === "string") return s;
    } catch (e) {
      // a broken __tostring falls back to the generic text, but a budget is never swallowed
      if (e instanceof LuaError && e.kind === "limit") throw e;
    }
  }
  return `(error object is a ${typeName(v)} value)`;
}

/** ipairs' iterator (the compiled tier steps it inline over a plain table). */
export const ipairsAux = builtin("ipairs_aux", (L, args) => {
  // lua's luaL_checkinteger(L, 2) + 1, wrapping at the int64 edge
  const n = checkInteger(args, 1);
  const i = typeof n === "number" && n < Number.MAX_SAFE_INTEGER ? n + 1 : mkIntBig(BigInt(n) + 1n);
  const t = args[0];
  const v = t instanceof LuaTable && t.metatable === undefined ? t.get(i) : L.index(t, i);
  return v === undefined ? undefined : [i, v];
});

export const nextBuiltin = builtin("next", (_L, args) => {
  const t = checkTable(args, 0);
  const out: LuaValue[] = [undefined, undefined];
  return t.next(args[1], out) ? out : undefined;
});
const next = nextBuiltin;

/** Built once per process: builtins hold no per-VM state. */
export const baseLibrary: Readonly<Record<string, LuaBuiltin>> = {
    assert: builtin("assert", (L, args) => {
      if (truthy(args[0])) return args;
      checkAny(args, 0);
      const msg = args.length >= 2 ? args[1] : "assertion failed!";
      return raise(L, msg, 1);
    }),
    error: builtin("error", (L, args) => {
      const level = args[1] === undefined ? 1 : Number(checkInteger(args, 1));
      return raise(L, args[0], level);
    }),
    getmetatable: builtin("getmetatable", (L, args) => {
      checkAny(args, 0);
      const mt = L.getMetatable(args[0]);
      if (mt === undefined) return undefined;
      const protectedMt = mt.getStr("__metatable");
      return protectedMt !== undefined ? protectedMt : mt;
    }),
    ipairs: builtin("ipairs", (_L, args) => {
      checkAny(args, 0);
      return [ipairsAux, args[0], 0];
    }),
    next,
    pairs: builtin("pairs", (L, args) => {
      checkAny(args, 0);
      const tm = L.getMetamethod(args[0], "__pairs");
      if (tm === undefined) return [next, args[0], undefined];
      const r = L.call(tm, [args[0]]);
      return [r[0], r[1], r[2]];
    }),
    pcall: builtin("pcall", (L, args) => {
      checkAny(args, 0);
      return protectedCall(L, args[0], args.slice(1), Continuation.Pcall, undefined);
    }),
    print: builtin("print", (L, args) => {
      let line = "";
      for (let i = 0; i < args.length; i++) {
        if (i > 0) line += "\t";
        line += L.tostring(args[i]);
      }
      L.print(line);
      return NONE;
    }),
    rawequal: builtin("rawequal", (L, args) => {
      checkAny(args, 0);
      checkAny(args, 1);
      return L.rawEquals(args[0], args[1]);
    }),
    rawget: builtin("rawget", (_L, args) => {
      const t = checkTable(args, 0);
      checkAny(args, 1);
      return t.get(args[1]);
    }),
    rawlen: builtin("rawlen", (_L, args) => {
      const v = args[0];
      if (v instanceof LuaTable) return v.length();
      if (typeof v === "string") return v.length;
      throw argError(0, "table or string expected");
    }),
    rawset: builtin("rawset", (_L, args) => {
      const t = checkTable(args, 0);
      checkAny(args, 1);
      checkAny(args, 2);
      t.set(args[1], args[2]);
      return t;
    }),
    select: builtin("select", (_L, args) => {
      const n = args.length;
      if (args[0] === "#" || (typeof args[0] === "string" && args[0].charCodeAt(0) === 35)) return n - 1;
      let i = Number(checkInteger(args, 0));
      if (i < 0) i = n + i;
      else if (i > n) i = n;
      if (i < 1) throw argError(0, "index out of range");
      return args.slice(i);
    }),
    setmetatable: builtin("setmetatable", (_L, args) => {
      const t = checkTable(args, 0);
      const mt = args[1];
      if (args.length < 2 || (mt !== undefined && !(mt instanceof LuaTable))) throw argError(1, "nil or table expected");
      if (t.shared) throw fault("attempt to modify a read-only table"); // frozen libraries and templates
      if (t.metatable !== undefined && t.metatable.getStr("__metatable") !== undefined) {
        throw fault("cannot change a protected metatable");
      }
      t.setMetatable(mt);
      return t;
    }),
    tonumber: builtin("tonumber", (_L, args) => {
      if (args[1] === undefined) {
        const v = args[0];
        if (isNumber(v)) return v;
        if (typeof v === "string") {
          const n = stringToNumber(v);
          if (n !== undefined) return n;
        }
        checkAny(args, 0);
        return undefined;
      }
      const base = checkInteger(args, 1);
      const s = args[0];
      if (typeof s !== "string") throw typeError(args, 0, "string");
      if (!(base >= 2 && base <= 36)) throw argError(1, "base out of range");
      return stringToNumberBase(s, Number(base));
    }),
    tostring: builtin("tostring", (L, args) => {
      checkAny(args, 0);
      return L.tostring(args[0]);
    }),
    type: builtin("type", (_L, args) => {
      checkAny(args, 0);
      return typeName(args[0]);
    }),
    xpcall: builtin("xpcall", (L, args) => {
      const handler = checkFunction(args, 1);
      return protectedCall(L, args[0], args.slice(2), Continuation.Xpcall, handler);
    }),
};
// functions of their arguments only (see LuaBuiltin.pure)
markPure(baseLibrary.ipairs!, baseLibrary.rawequal!, baseLibrary.rawget!, baseLibrary.rawlen!, baseLibrary.select!,
  baseLibrary.tonumber!, baseLibrary.type!, next);

