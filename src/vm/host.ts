// Host functions: JS functions exposed to scripts. defineApi groups them under a Lua table (or
// as globals); each becomes one builtin, built once and shared by every VM that loads the API,
// so loading an API into a fresh VM costs one table write. Arguments arrive marshaled (or
// checked against a declared signature, with lua's own "bad argument" messages), results are
// marshaled back, a throw becomes a Lua error naming the function, and a returned Promise
// suspends the script under evalAsync.

import { LuaError } from "./errors.js";
import { LuaBuiltin, NONE } from "./function.js";
import { argError, checkFunction, checkInteger, checkTable, typeError } from "./lib/args.js";
import { numberToString, tonumber } from "./numconv.js";
import type { LuaState } from "./state.js";
import { YIELD } from "./state.js";
import { LuaTable } from "./table.js";
import { isNumber, type LuaValue } from "./value.js";

/** What a host function sees as `this` (declare it as `function (this: HostContext<S>, …)`). */
export interface HostContext<S = unknown> {
  /** The VM running the script (to call back into Lua, read globals…). */
  readonly vm: HostVM<S>;
  /** The VM's private host store: never visible to scripts. */
  readonly store: S;
  /** The abort signal of the running call, if the host gave one. */
  readonly signal: AbortSignal | undefined;
  /** The name the function was defined under ("tools.search"). */
  readonly name: string;
}

/** The part of a VM host functions may use (Lua implements it). */
export interface HostVM<S = unknown> {
  readonly store: S;
  get(path: string): unknown;
  set(path: string, value: unknown): void;
}

/** A host function: any JS function; `this` is the HostContext. */
export type HostFunction<S = unknown> = (this: HostContext<S>, ...args: never[]) => unknown;

// ------------------------------------------------------------------------------ signatures

type BaseParam = "string" | "number" | "integer" | "boolean" | "table" | "function" | "any";
/** A declared parameter: a type, optional with "?", or the rest of the arguments with "...". */
export type ParamType = BaseParam | `${BaseParam}?` | `...${BaseParam}`;

type JsOf<P extends BaseParam> = P extends "string"
  ? string
  : P extends "number" | "integer"
    ? number
    : P extends "boolean"
      ? boolean
      : P extends "table"
        ? Record<string, unknown> | unknown[]
        : P extends "function"
          ? (...args: unknown[]) => unknown
          : unknown;

type ArgOf<P> = P extends `${infer B extends BaseParam}?` ? JsOf<B> | undefined : P extends BaseParam ? JsOf<P> : never;

/** JS parameter types for a declared signature. */
export type ArgsOf<T extends readonly ParamType[]> = T extends readonly [...infer Head extends ParamType[], `...${infer R extends BaseParam}`]
  ? [...{ [K in keyof Head]: ArgOf<Head[K]> }, ...JsOf<R>[]]
  : { [K in keyof T]: ArgOf<T[K]> };

const SIGNATURE = Symbol("moonrule.signature");

/** A host function with declared parameters, checked before the call (see params()). */
export interface CheckedFunction<S = unknown> {
  (this: HostContext<S>, ...args: never[]): unknown;
  [SIGNATURE]?: readonly ParamType[];
}

/**
 * Declare a host function's parameters: arguments are checked as lua's own library checks
 * them ("bad argument #1 to 'search' (string expected, got nil)"), numbers given for strings
 * and numeric strings for numbers are converted as lua converts them, and the function
 * receives typed JS values.
 *
 *   search: params(["string", "integer?"], async (query, limit) => …)
 */
export function params<const T extends readonly ParamType[], S = unknown, R = unknown>(
  signature: T,
  fn: (this: HostContext<S>, ...args: ArgsOf<T>) => R,
): (this: HostContext<S>, ...args: ArgsOf<T>) => R {
  for (const p of signature) {
    const base = p.replace(/^\.\.\.|\?$/g, "");
    if (!["string", "number", "integer", "boolean", "table", "function", "any"].includes(base)) {
      throw new TypeError(`moonrule: unknown parameter type '${p}'`);
    }
  }
  const i = signature.findIndex((p) => p.startsWith("..."));
  if (i >= 0 && i !== signature.length - 1) throw new TypeError("moonrule: a '...' parameter must come last");
  (fn as unknown as CheckedFunction<S>)[SIGNATURE] = signature;
  return fn;
}

/** Several return values from a host function (a JS array is one Lua table). */
export class MultipleValues {
  constructor(readonly values: readonly unknown[]) {}
}

export function multiple(...values: unknown[]): MultipleValues {
  return new MultipleValues(values);
}

// ------------------------------------------------------------------------------ the API

/** A set of host functions ready to load into VMs (vm.load(api)). */
export class Api {
  /** @internal the shared builtins, by Lua name */
  readonly builtins: ReadonlyMap<string, LuaBuiltin>;
  /** @internal the scope table (frozen, shared by every VM), or undefined for globals */
  readonly table: LuaTable | undefined;

  constructor(readonly scope: string | undefined, functions: Readonly<Record<string, HostFunction<never>>>) {
    if (scope !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(scope)) {
      throw new TypeError(`moonrule: API scope '${scope}' is not a Lua name`);
    }
    const builtins = new Map<string, LuaBuiltin>();
    for (const [name, fn] of Object.entries(functions)) {
      if (typeof fn !== "function") throw new TypeError(`moonrule: API member '${name}' is not a function`);
      const full = scope === undefined ? name : `${scope}.${name}`;
      builtins.set(name, hostBuiltin(fn as HostFunction, full));
    }
    this.builtins = builtins;
    if (scope !== undefined) {
      const t = new LuaTable();
      for (const [name, b] of builtins) t.setStr(name, b);
      t.shared = true; // one table for every VM: no script can change what another sees
      this.table = t;
    } else this.table = undefined;
  }
}

/**
 * Define host functions under a Lua table `scope` (or as globals when scope is null):
 *
 *   const Tools = defineApi("tools", { round2: (x: number) => Math.round(x * 100) / 100 });
 *   Lua.create().load(Tools).eval("return tools.round2(2 / 3)")   // [0.67]
 */
export function defineApi<S = unknown>(scope: string | null, functions: Readonly<Record<string, HostFunction<S>>>): Api {
  return new Api(scope ?? undefined, functions as Readonly<Record<string, HostFunction<never>>>);
}

// ------------------------------------------------------------------------------ calls

/** What the VM provides to host calls (the Lua class implements it). */
export interface HostBinding {
  context(name: string): HostContext<unknown>;
  argsToJS(args: readonly LuaValue[]): unknown[];
  valueToJS(v: LuaValue): unknown;
  resultToLua(r: unknown, name: string): LuaValue;
  /** Under evalAsync: suspend the script until `promise` settles; else throws. */
  awaitHost(L: LuaState, promise: PromiseLike<unknown>, name: string): LuaValue | readonly LuaValue[];
}

function binding(L: LuaState): HostBinding {
  const b = L.host as HostBinding | undefined;
  if (b === undefined) throw new LuaError("host function called outside a moonrule VM", { kind: "host" });
  return b;
}

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/** The Lua error for a host function that threw: its message only, blamed on the function. */
export function hostFailure(L: LuaState, name: string, e: unknown, level = 1): LuaError {
  const text = errorText(e);
  const where = L.where(level);
  const msg = `${where}host function '${name}' failed: ${text}`;
  const pos = L.position(level);
  return new LuaError(msg, { kind: "host", value: msg, chunkName: pos.chunk, line: pos.line, column: pos.column, cause: e });
}

/** The message of something a host function threw, never running host code to get it. */
export function errorText(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) {
    const d = Object.getOwnPropertyDescriptor(e, "message") ?? Object.getOwnPropertyDescriptor(Error.prototype, "message");
    if (d !== undefined && "value" in d && typeof d.value === "string") return d.value;
    return "an Error without a message";
  }
  return "an error that is not an Error";
}

function checkParams(sig: readonly ParamType[], args: LuaValue[], b: HostBinding): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < sig.length; i++) {
    let p = sig[i]!;
    if (p.startsWith("...")) {
      p = p.slice(3) as ParamType;
      for (let j = i; j < args.length; j++) out.push(checkOne(p, args, j, b));
      return out;
    }
    out.push(checkOne(p, args, i, b));
  }
  return out;
}

function checkOne(p: ParamType, args: LuaValue[], i: number, b: HostBinding): unknown {
  let type = p as string;
  if (type.endsWith("?")) {
    if (args[i] === undefined) return undefined;
    type = type.slice(0, -1);
  }
  const v = args[i];
  switch (type) {
    case "string":
      if (typeof v === "string") return b.valueToJS(v);
      if (isNumber(v)) return numberToString(v);
      throw typeError(args, i, "string");
    case "number": {
      const n = typeof v === "number" ? v : tonumber(v);
      if (n === undefined) throw typeError(args, i, "number");
      return b.valueToJS(n);
    }
    case "integer":
      return b.valueToJS(checkInteger(args, i));
    case "boolean":
      if (typeof v === "boolean") return v;
      throw typeError(args, i, "boolean");
    case "table":
      return b.valueToJS(checkTable(args, i));
    case "function":
      return b.valueToJS(checkFunction(args, i));
    default:
      if (i >= args.length) throw argError(i, "value expected");
      return b.valueToJS(v);
  }
}

/** The builtin that calls host function `fn` (shared by every VM). */
export function hostBuiltin(fn: HostFunction, name: string): LuaBuiltin {
  const sig = (fn as CheckedFunction)[SIGNATURE];
  return new LuaBuiltin(name, (L: LuaState, args: LuaValue[]): LuaValue | readonly LuaValue[] => {
    const b = binding(L);
    const jsArgs = sig === undefined ? b.argsToJS(args) : checkParams(sig, args, b);
    let r: unknown;
    try {
      r = (fn as (...a: unknown[]) => unknown).apply(b.context(name), jsArgs);
    } catch (e) {
      if (e === YIELD) throw e;
      if (e instanceof LuaError) throw e; // a Lua error or limit from a nested call into Lua
      throw hostFailure(L, name, e);
    }
    if (isThenable(r)) return b.awaitHost(L, r, name);
    try {
      if (r instanceof MultipleValues) return r.values.length === 0 ? NONE : r.values.map((x) => b.resultToLua(x, name));
      return r === undefined ? NONE : b.resultToLua(r, name);
    } catch (e) {
      throw hostFailure(L, name, e); // a result that cannot be marshaled
    }
  });
}
