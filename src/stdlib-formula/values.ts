// Shared argument handling for the formula functions: numbers, text, lists and records read
// raw (no metamethod ever runs, except the VM's own lazy fact views being filled), blanks,
// "natural" number text, and the safety net that keeps any unexpected JS exception inside
// the Lua error model.

import { LuaArgError, LuaError, LuaFault, LuaRunError } from "../vm/errors.js";
import { LuaBuiltin, type BuiltinFn } from "../vm/function.js";
import { argError, checkInteger, typeError } from "../vm/lib/args.js";
import { numberToString, tonumber } from "../vm/numconv.js";
import { YIELD, type LuaState } from "../vm/state.js";
import { LuaTable } from "../vm/table.js";
import { isNumber, LuaFloat, type LuaValue } from "../vm/value.js";
import { numEquals } from "../vm/arith.js";
import { reserveAlloc, SIZE } from "../vm/memory.js";

export type Num = number | bigint | LuaFloat;

/** The longest string a formula function builds (V8's limit; see string.ts). */
export const MAX_STRING = 536870888;

/**
 * A formula builtin. Errors raised on purpose are LuaArgError / LuaFault (the VM positions
 * them at the formula's line and names the function as it was called); anything else a bug
 * or a library could throw is turned into a Lua error here, so no JS exception escapes.
 */
/** Builtins of constant cost that never touch the state (FunctionDef.scalar). */
const SCALAR = new WeakSet<LuaBuiltin>();

export function isScalarBuiltin(v: unknown): v is LuaBuiltin {
  return v instanceof LuaBuiltin && SCALAR.has(v);
}

export function formulaBuiltin(name: string, fn: BuiltinFn, scalar = false): LuaBuiltin {
  const b = new LuaBuiltin(name, (L, args) => {
    try {
      return fn(L, args);
    } catch (e) {
      throw contain(e, name);
    }
  });
  if (scalar) SCALAR.add(b);
  return b;
}

function contain(e: unknown, name: string): unknown {
  if (e === YIELD || e instanceof LuaError || e instanceof LuaFault || e instanceof LuaArgError) return e;
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return e; // the VM reports "stack overflow"
    if (/length|allocation|memory/i.test(e.message)) return new LuaRunError("not enough memory");
  }
  return new LuaFault(`${name}: internal error`);
}

export function fault(message: string): LuaFault {
  return new LuaFault(message);
}

// ------------------------------------------------------------------------------ budgets

/** Charge work over n bytes or items (one instruction per 16, as the string library does). */
export function work(L: LuaState, n: number): void {
  if (n >= 16) L.charge(n >> 4);
}

/** Charge and reserve a string of n bytes about to be built. */
export function bulk(L: LuaState, n: number): void {
  if (n > MAX_STRING) throw new LuaRunError("not enough memory");
  if (n > 64) {
    L.charge(n >> 4);
    reserveAlloc(n + SIZE.string);
  }
}

// ------------------------------------------------------------------------------ numbers

/** A number argument (numeric strings convert, as in Lua arithmetic). */
export function checkNum(args: readonly LuaValue[], i: number): Num {
  const v = args[i];
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return v;
  const n = tonumber(v);
  if (n !== undefined) return n;
  throw typeError(args, i, "number");
}

export function optNum(args: readonly LuaValue[], i: number): Num | undefined {
  return args[i] === undefined ? undefined : checkNum(args, i);
}

/** The double a number stands for (a bigint rounds to nearest). */
export function toF(n: Num): number {
  return typeof n === "number" ? n : typeof n === "bigint" ? Number(n) : n.n;
}

export function isInt(v: LuaValue): v is number | bigint {
  return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
}

/** A float value: integral results are boxed so they stay floats (Lua's subtype). */
export function flt(x: number): number | LuaFloat {
  return Number.isInteger(x) ? new LuaFloat(x) : x;
}

const TWO63 = 9223372036854775808;

/** A whole-number result as an integer when it fits in 64 bits, else as a float. */
export function wholeToValue(x: number): Num {
  if (x !== x || x === Infinity || x === -Infinity) return x;
  if (x >= -TWO63 && x < TWO63) return Number.isSafeInteger(x) ? x + 0 : BigInt(x);
  return new LuaFloat(x);
}

/** A bigint result as a Lua integer when within int64 (a number when safe), else a float. */
export function bigToValue(b: bigint): Num {
  if (b >= -9007199254740991n && b <= 9007199254740991n) return Number(b);
  if (b >= -0x8000000000000000n && b <= 0x7fffffffffffffffn) return b;
  return new LuaFloat(Number(b));
}

/** An integer argument as a JS number; bigints clamp to ±MAX_SAFE (callers bound it anyway). */
export function checkIntArg(args: readonly LuaValue[], i: number): number {
  const n = checkInteger(args, i);
  return typeof n === "number" ? n : n > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
}

export function optIntArg(args: readonly LuaValue[], i: number, def: number): number {
  return args[i] === undefined ? def : checkIntArg(args, i);
}

/**
 * How numbers read as text in CONCAT, JOIN and the text functions: Lua's tostring (integers
 * in full, floats with 14 significant digits, so 0.1 + 0.2 reads "0.3"), without the ".0"
 * Lua adds to whole floats: 3.0 reads "3".
 */
export function numberText(v: Num): string {
  if (v instanceof LuaFloat && v.n === 0) return "0";
  const s = numberToString(v);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

// ------------------------------------------------------------------------------ text

/** A text argument: strings as they are, numbers as numberText; nil and others are errors. */
export function checkText(args: readonly LuaValue[], i: number): string {
  const v = args[i];
  if (typeof v === "string") return v;
  if (isNumber(v)) return numberText(v);
  throw typeError(args, i, "string");
}

export function optText(args: readonly LuaValue[], i: number, def: string): string {
  return args[i] === undefined ? def : checkText(args, i);
}

/** A value shown inside a message: short, printable (e.g. invalid date 'x'). */
export function shown(s: string, max = 40): string {
  let t = s.length > max ? s.slice(0, max) + "..." : s;
  t = t.replace(/[\x00-\x1f\x7f]/g, "?");
  return t;
}

// ------------------------------------------------------------------------------ tables

/**
 * A table read as data. Lazy fact views (marshal.ts: a host JSON value the VM converts one
 * level at a time on first touch) are filled by touching them once — `source` is set only by
 * the VM, and its filling metamethod is the VM's own builtin. No other metamethod runs.
 */
export function data(L: LuaState, t: LuaTable): LuaTable {
  if (t.metatable !== undefined && t.source !== undefined) {
    L.index(t, 1);
    work(L, t.arr.length + t.hashSize());
  }
  return t;
}

/**
 * The items of a list, in order: the table's positive integer keys, read raw. That is the
 * sequence 1..n and also any items after a nil hole — `{a, nil, c}` keeps `c` even though
 * Lua's border stops at 1 — so a blank in the middle of a list is skipped, never the rest of
 * the list. Other keys are ignored. Costs are charged; `fn` may run Lua code (a predicate)
 * that changes the table: the walk stays bounded by what was there when it started.
 */
export function eachItem(L: LuaState, t: LuaTable, fn: (v: LuaValue, index: number) => void): void {
  const n = t.arr.length;
  L.charge(1 + (n >> 4));
  for (let k = 0; k < n; k++) {
    const arr = t.arr;
    if (k >= arr.length) break;
    const v = arr[k];
    if (v !== undefined) fn(v, k + 1);
  }
  const h = t.hash;
  if (h === undefined || h.size === 0) return;
  work(L, h.size);
  let extra: number[] | undefined;
  for (const key of h.keys()) {
    if (typeof key === "number" && key > n && Number.isInteger(key)) (extra ??= []).push(key);
  }
  if (extra === undefined) return;
  L.charge(extra.length >> 2);
  if (extra.length > 1) extra.sort((a, b) => a - b);
  for (const key of extra) {
    const v = t.hash?.get(key);
    if (v !== undefined) fn(v, key);
  }
}

export function checkList(L: LuaState, args: readonly LuaValue[], i: number): LuaTable {
  const v = args[i];
  if (v instanceof LuaTable) return data(L, v);
  throw typeError(args, i, "list");
}

export function optList(L: LuaState, args: readonly LuaValue[], i: number): LuaTable | undefined {
  return args[i] === undefined ? undefined : checkList(L, args, i);
}

/** The type of a value for messages, honouring a string __name (as lauxlib does). */
export function typeOf(L: LuaState, v: LuaValue): string {
  return L.objTypeName(v);
}

/** An error about one item of a list argument: `(list item 3: number expected, got string)`. */
export function itemError(L: LuaState, arg: number, index: number | string, expected: string, v: LuaValue): LuaArgError {
  return argError(arg, `list item ${index}: ${expected} expected, got ${typeOf(L, v)}`);
}

/** Equality as formulas use it (IN, LOOKUP): Lua's raw equality, 1 == 1.0, NaN ~= NaN. */
export function same(a: LuaValue, b: LuaValue): boolean {
  if (isNumber(a) && isNumber(b)) return numEquals(a, b);
  return a === b;
}

/** A fresh list holding `items` (no trailing nils), its memory reserved first. */
export function newList(items: LuaValue[], bytes = 0): LuaTable {
  reserveAlloc(SIZE.table + items.length * SIZE.arraySlot + bytes);
  const t = new LuaTable();
  t.arr = items;
  return t;
}

export { argError, typeError };
