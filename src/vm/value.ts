// Value representation (BRIEF §3): plain JS values on the hot path.
//
//   nil      -> undefined
//   boolean  -> boolean
//   integer  -> number holding a safe integer (never -0), or bigint when outside ±(2^53-1)
//               (always within int64; canonical: a value that fits a safe integer is a number)
//   float    -> number that is not integral (incl. NaN, ±Infinity), or a LuaFloat box when
//               its value is integral (1.0, -0.0, 2^60)
//   string   -> JS string holding one char per byte (0..255)
//   table    -> LuaTable
//   function -> LuaClosure | LuaBuiltin
//   thread   -> LuaThread (coroutine)
//
// Keeping integers and non-integral floats unboxed makes the common arithmetic allocation-free.

import type { LuaTable } from "./table.js";

/** A float whose value is integral (or -0.0, or a sign-cleared NaN); see the module comment. */
export class LuaFloat {
  constructor(readonly n: number) {}
}

/** Opaque handle for Lua function and thread objects defined elsewhere. */
export interface LuaObject {
  readonly luaType: "function" | "thread" | "userdata";
}

export type LuaValue =
  | undefined
  | boolean
  | number
  | bigint
  | string
  | LuaFloat
  | LuaTable
  | LuaObject;

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const INT64_MAX = 0x7fffffffffffffffn;
export const INT64_MIN = -0x8000000000000000n;

/** Build a float value from a JS number, boxing integral values so they stay floats. */
export function mkFloat(x: number): number | LuaFloat {
  return Number.isInteger(x) ? new LuaFloat(x) : x;
}

/** Build an integer value from a bigint, wrapping to int64 and normalising to a number when safe. */
export function mkIntBig(b: bigint): number | bigint {
  b = BigInt.asIntN(64, b);
  if (b >= -9007199254740991n && b <= 9007199254740991n) return Number(b);
  return b;
}

/** Integer value of a JS safe integer (normalises -0). */
export function mkInt(x: number): number {
  return x + 0;
}

export function isInteger(v: LuaValue): v is number | bigint {
  return typeof v === "number" ? Number.isInteger(v) : typeof v === "bigint";
}

export function isFloat(v: LuaValue): v is number | LuaFloat {
  return typeof v === "number" ? !Number.isInteger(v) : v instanceof LuaFloat;
}

export function isNumber(v: LuaValue): v is number | bigint | LuaFloat {
  return typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat;
}

/** The JS number a numeric value stands for (bigint rounds to nearest double). */
export function toJsNumber(v: number | bigint | LuaFloat): number {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : v.n;
}
