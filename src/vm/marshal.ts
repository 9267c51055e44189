// Values across the host boundary. JS → Lua copies host data into Lua values (JSON facts can
// instead be exposed as a lazy read-only view); Lua → JS copies results into plain JS data that
// is always a finite tree: cycles become a marker, depth and size are bounded, and keys such
// as "__proto__" become own properties, never a prototype.
//
// The rules are documented row by row in README.md ("Marshaling") and tested in
// test/marshal.test.ts.

import { fromByteString, toByteString } from "./bytes.js";
import { LuaError } from "./errors.js";
import { LuaBuiltin, LuaClosure } from "./function.js";
import { LuaThread } from "./state.js";
import { LuaTable, type ReadThrough } from "./table.js";
import { INT64_MAX, INT64_MIN, LuaFloat, mkIntBig, type LuaValue } from "./value.js";

export interface MarshalLimits {
  /** Deepest nesting of tables converted to JS (default 100, at most 1000). */
  maxDepth: number;
  /** Most values (table entries included) one conversion may produce (default 5,000,000). */
  maxValues: number;
}

export const DEFAULT_LIMITS: MarshalLimits = { maxDepth: 100, maxValues: 5_000_000 };

/** What a cyclic reference in a Lua result turns into. */
export const CIRCULAR = "[Circular]";

/** How JS functions and Lua functions cross; supplied by the VM that marshals. */
export interface FunctionBridge {
  /** A Lua builtin calling a JS function. */
  wrapHost(fn: (...args: never[]) => unknown, name: string): LuaBuiltin;
  /** A JS function calling a Lua function. */
  wrapLua(fn: LuaClosure | LuaBuiltin): (...args: unknown[]) => unknown;
}

// ---------------------------------------------------------------------------------- JS → Lua

/** Marks a JSON value to be exposed lazily (see facts()). */
export class FactsView {
  constructor(readonly json: unknown) {}
}

/**
 * A read-only, lazily converted Lua view of a JSON value: fields are converted when a script
 * first reads them, so a large fact document costs nothing until used.
 */
export function facts(json: unknown): FactsView {
  return new FactsView(json);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (typeof v === "symbol") return "a symbol";
  if (typeof v === "object" && v !== null) return `a ${v.constructor?.name ?? "object"}`;
  return `a ${typeof v}`;
}

/** A JS number as a Lua number: integral values in the safe range are integers, others floats. */
export function numberToLua(n: number): LuaValue {
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? n + 0 : new LuaFloat(n);
  return n === n ? n : new LuaFloat(NaN);
}

class ToLua {
  private readonly seen = new Map<object, LuaTable>();
  private depth = 0;

  constructor(private readonly bridge: FunctionBridge | undefined) {}

  convert(v: unknown, path: string): LuaValue {
    switch (typeof v) {
      case "undefined":
        return undefined;
      case "boolean":
        return v;
      case "number":
        return numberToLua(v);
      case "bigint":
        if (v > INT64_MAX || v < INT64_MIN) throw new RangeError(`moonrule: ${path} is a bigint outside the 64-bit integer range`);
        return mkIntBig(v);
      case "string":
        return toByteString(v);
      case "function":
        if (this.bridge === undefined) throw new TypeError(`moonrule: ${path} is a function, which cannot be passed here`);
        return this.bridge.wrapHost(v as (...args: never[]) => unknown, v.name || "?");
      case "object":
        if (v === null) return undefined;
        return this.object(v, path);
      default:
        throw new TypeError(`moonrule: cannot pass ${describe(v)} to Lua (at ${path})`);
    }
  }

  private object(v: object, path: string): LuaValue {
    if (v instanceof LuaTable || v instanceof LuaClosure || v instanceof LuaBuiltin || v instanceof LuaFloat || v instanceof LuaThread) return v;
    if (v instanceof FactsView) return factsTable(v.json, path);
    if (v instanceof Date) {
      const t = v.getTime();
      if (t !== t) throw new RangeError(`moonrule: ${path} is an invalid Date`);
      return v.toISOString();
    }
    const known = this.seen.get(v);
    if (known !== undefined) return known; // shared or cyclic host data keeps its shape
    if (++this.depth > 200) throw new RangeError(`moonrule: ${path} is nested more than 200 levels deep`);
    const t = new LuaTable();
    this.seen.set(v, t);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = this.convert(v[i], `${path}[${i}]`);
        if (x !== undefined) t.setInt(i + 1, x);
      }
    } else if (v instanceof Map) {
      for (const [k, x] of v) {
        const key = this.convert(k, `${path} key`);
        if (key === undefined) throw new TypeError(`moonrule: ${path} has a nil key`);
        t.set(key, this.convert(x, `${path}.get(${String(k)})`));
      }
    } else if (v instanceof Set) {
      for (const k of v) {
        const key = this.convert(k, `${path} element`);
        if (key !== undefined) t.set(key, true);
      }
    } else if (isPlainObject(v)) {
      for (const k of Object.keys(v)) {
        const x = this.convert((v as Record<string, unknown>)[k], `${path}.${k}`);
        if (x !== undefined) t.setStr(toByteString(k), x);
      }
    } else {
      throw new TypeError(`moonrule: cannot pass ${describe(v)} to Lua (at ${path}); pass plain objects, arrays, Maps or Sets`);
    }
    this.depth--;
    return t;
  }
}

/** Convert a host value to a Lua value (see README "Marshaling"). Throws TypeError/RangeError. */
export function toLua(v: unknown, bridge?: FunctionBridge, path = "value"): LuaValue {
  switch (typeof v) {
    case "number":
      return numberToLua(v);
    case "string":
      return toByteString(v);
    case "boolean":
    case "undefined":
      return v;
    default:
      return new ToLua(bridge).convert(v, path);
  }
}

// ----------------------------------------------------------------------- lazy JSON views
//
// A fact table starts empty, with a shared metatable whose metamethods fill it — one level,
// shallowly: nested objects and arrays become fact tables of their own — on first touch (a
// field read, `#`, pairs/ipairs) and then drop the metatable, so later reads are plain table
// reads. Fact tables are `shared` (read-only to scripts, and host data is not charged to a
// script's memory budget).

function factValue(v: unknown): LuaValue {
  switch (typeof v) {
    case "number":
      return numberToLua(v);
    case "string":
      return toByteString(v);
    case "boolean":
      return v;
    case "object":
      return v === null ? undefined : factsTable(v, "fact");
    default:
      return undefined; // not JSON: functions, symbols, undefined read as nil
  }
}

/** Fill t with one level of a JSON object as Lua keys and values (nested objects and arrays lazy). */
function fillFields(t: LuaTable, json: object): void {
  const keys = Object.keys(json);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = (json as Record<string, unknown>)[key];
    // numbers first: the common fact field, converted inline
    const x = typeof v === "number" ? (Number.isSafeInteger(v) ? v + 0 : numberToLua(v)) : factValue(v);
    if (x !== undefined) t.initStr(toByteString(key), x);
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

function isAsciiKey(k: string): boolean {
  for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The top level of a JSON object, read in place: a field is converted when a script reads it
 * (objects and arrays become lazy fact tables, kept so that they keep their identity), own
 * properties only. Building one costs a single object, which is what a formula evaluation
 * with fresh facts pays; a table reads through it as its `base`.
 */
export class JsonFields implements ReadThrough {
  private kept: Map<LuaValue, LuaValue> | undefined = undefined;

  /** `fallback`: where names that are not fields are looked up (a formula's functions). */
  constructor(readonly json: object, private readonly fallback?: ReadThrough) {}

  get(k: LuaValue): LuaValue {
    if (typeof k !== "string") return this.fallback?.get(k);
    const kept = this.kept;
    if (kept !== undefined) {
      const c = kept.get(k);
      if (c !== undefined) return c;
    }
    const key = isAsciiKey(k) ? k : fromByteString(k);
    const json = this.json as Record<string, unknown>;
    if (!hasOwn.call(json, key)) return this.fallback?.get(k);
    const v = json[key];
    if (typeof v === "number") return Number.isSafeInteger(v) ? v + 0 : numberToLua(v);
    if (typeof v === "boolean") return v;
    if (typeof v === "string" && v.length <= 64) return toByteString(v);
    const x = factValue(v);
    if (x !== undefined) (this.kept ??= new Map()).set(k, x); // big strings and tables: convert once
    return x;
  }

  has(k: LuaValue): boolean {
    return this.get(k) !== undefined;
  }

  keys(): LuaValue[] {
    const out: LuaValue[] = [];
    for (const key of Object.keys(this.json)) {
      const k = toByteString(key);
      if (this.get(k) !== undefined) out.push(k);
    }
    if (this.fallback !== undefined) {
      const own = new Set(out);
      for (const k of this.fallback.keys()) if (!own.has(k)) out.push(k);
    }
    return out;
  }
}

/** A read-only fact table over `json` reading its fields through `fields`. */
export function factView(json: object, fields: JsonFields): LuaTable {
  const t = new LuaTable();
  t.base = fields;
  t.shared = true;
  t.source = json;
  return t;
}

/** Convert one level of a fact table's source into the table (children stay lazy). */
function fill(t: LuaTable): void {
  if (t.metatable !== FACT_META) return;
  const json = t.source!;
  t.metatable = undefined;
  // written directly: a fresh table, host data not charged to the script
  if (Array.isArray(json)) {
    const n = json.length;
    const arr = new Array<LuaValue>(n);
    for (let i = 0; i < n; i++) arr[i] = factValue(json[i]);
    let m = n;
    while (m > 0 && arr[m - 1] === undefined) m--; // a table's array part never ends in nil
    arr.length = m;
    t.arr = arr;
  } else fillFields(t, json);
}

function factArg(args: LuaValue[]): LuaTable {
  const t = args[0] as LuaTable;
  fill(t);
  return t;
}

const FACT_META = new LuaTable();
FACT_META.setStr("__index", new LuaBuiltin("fact", (_L, args) => factArg(args).get(args[1])));
FACT_META.setStr("__len", new LuaBuiltin("fact", (_L, args) => factArg(args).length()));
FACT_META.setStr("__pairs", new LuaBuiltin("fact", (L, args) => [L.nextFn, factArg(args), undefined]));
FACT_META.setStr("__metatable", false);
FACT_META.shared = true;

/**
 * A fact table over `json`. With `eagerUpTo`, a top level with at most that many entries is
 * filled at once (cheaper than the first metamethod call for the small fact objects of a
 * formula); nested levels always stay lazy.
 */
export function factsTable(json: unknown, path: string, eagerUpTo = 0): LuaValue {
  if (typeof json !== "object" || json === null) return factValue(json);
  if (json instanceof Date) return json.toISOString();
  if (!Array.isArray(json) && !isPlainObject(json)) throw new TypeError(`moonrule: ${path} is ${describe(json)}, not JSON data`);
  const t = new LuaTable();
  t.metatable = FACT_META;
  t.shared = true;
  t.source = json;
  if (eagerUpTo > 0) {
    const n = Array.isArray(json) ? json.length : Object.keys(json).length;
    if (n <= eagerUpTo) fill(t);
  }
  return t;
}

// ---------------------------------------------------------------------------------- Lua → JS

function limitError(message: string): LuaError {
  return new LuaError(message, { kind: "limit", value: message });
}

class ToJS {
  private values = 0;
  /** Tables on the path from the root: a reference back to one of them is a cycle. */
  private readonly path = new Set<LuaTable>();

  constructor(private readonly limits: MarshalLimits, private readonly bridge: FunctionBridge | undefined) {}

  /** Count one value produced (tables count through their entries). */
  private count(): void {
    if (++this.values > this.limits.maxValues) {
      throw limitError(`result too large to marshal (more than ${this.limits.maxValues} values)`);
    }
  }

  convert(v: LuaValue): unknown {
    if (!(v instanceof LuaTable)) this.count();
    switch (typeof v) {
      case "string":
        return fromByteString(v);
      case "number":
      case "boolean":
      case "undefined":
        return v;
      case "bigint":
        return v; // integers beyond ±2^53 stay exact
      default:
        if (v instanceof LuaFloat) return v.n;
        if (v instanceof LuaTable) return this.table(v);
        if (v instanceof LuaClosure || v instanceof LuaBuiltin) {
          return this.bridge === undefined ? undefined : this.bridge.wrapLua(v);
        }
        return v; // a coroutine: an opaque handle the host can pass back
    }
  }

  private table(t: LuaTable): unknown {
    const src = t.source;
    if (src !== undefined) return src; // a fact view: the host's own (unchanged) data
    if (this.path.has(t)) return CIRCULAR;
    if (this.path.size >= this.limits.maxDepth) {
      throw limitError(`result nested too deeply to marshal (more than ${this.limits.maxDepth} levels)`);
    }
    this.path.add(t);
    try {
      return this.entries(t);
    } finally {
      this.path.delete(t);
    }
  }

  private entries(t: LuaTable): unknown {
    this.count(); // the table itself: an empty table still costs one
    const keys: LuaValue[] = [];
    const vals: LuaValue[] = [];
    const out: LuaValue[] = [undefined, undefined];
    let k: LuaValue = undefined;
    let seq = true; // keys so far are exactly 1..n in order
    let plain = true; // every key is a string or an integer (an object can hold it)
    while (t.next(k, out)) {
      k = out[0];
      keys.push(k);
      vals.push(out[1]);
      if (k !== keys.length) seq = false;
      if (typeof k !== "string" && !(typeof k === "number" && Number.isInteger(k))) plain = false;
    }
    if (seq && keys.length > 0) {
      const arr = new Array<unknown>(keys.length);
      for (let i = 0; i < keys.length; i++) arr[i] = this.convert(vals[i]);
      return arr;
    }
    if (plain) {
      const o: Record<string, unknown> = {};
      const names = new Set<string>();
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const name = typeof key === "string" ? fromByteString(key) : String(key);
        if (names.has(name)) return this.asMap(keys, vals); // 1 and "1" both present
        names.add(name);
        // "__proto__" is defined, so that it becomes an own key, never the prototype (plain
        // assignment is much faster for every other name, and creates the same own property)
        if (name === "__proto__") Object.defineProperty(o, name, { value: this.convert(vals[i]), enumerable: true, writable: true, configurable: true });
        else o[name] = this.convert(vals[i]);
      }
      return o;
    }
    return this.asMap(keys, vals);
  }

  private asMap(keys: LuaValue[], vals: LuaValue[]): Map<unknown, unknown> {
    const m = new Map<unknown, unknown>();
    for (let i = 0; i < keys.length; i++) m.set(this.convert(keys[i]), this.convert(vals[i]));
    return m;
  }
}

/** Convert a Lua value to plain JS data (see README "Marshaling"). */
/** The limits to use, with maxDepth capped so that conversion can never exhaust the JS stack. */
export function marshalLimits(l: Partial<MarshalLimits> | undefined): MarshalLimits {
  const m = { ...DEFAULT_LIMITS, ...l };
  if (!(m.maxDepth >= 0) || !(m.maxValues >= 0)) throw new TypeError("moonrule: marshal limits must be non-negative numbers");
  m.maxDepth = Math.min(m.maxDepth, 1000);
  return m;
}

export function toJS(v: LuaValue, limits: MarshalLimits = DEFAULT_LIMITS, bridge?: FunctionBridge): unknown {
  switch (typeof v) {
    case "number":
    case "boolean":
    case "undefined":
      return v;
    case "string":
      return fromByteString(v);
    default:
      if (v instanceof LuaFloat) return v.n;
      return new ToJS(limits, bridge).convert(v);
  }
}

/** Convert a list of Lua values (results, arguments). */
export function toJSList(vs: readonly LuaValue[], limits: MarshalLimits = DEFAULT_LIMITS, bridge?: FunctionBridge): unknown[] {
  const out = new Array<unknown>(vs.length);
  let conv: ToJS | undefined;
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i];
    const t = typeof v;
    if (t === "number" || t === "boolean" || t === "undefined") out[i] = v;
    else if (t === "string") out[i] = fromByteString(v as string);
    else out[i] = (conv ??= new ToJS(limits, bridge)).convert(v);
  }
  return out;
}
