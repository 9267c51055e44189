// Short display text for values: raw Lua values (trace operands, registers) and the JS values
// eval returns.

import { fromByteString } from "../../src/vm/bytes.js";
import { rawToString } from "../../src/vm/state.js";
import type { LuaValue } from "../../src/vm/value.js";

/** A Lua value as the trace shows it: strings quoted (decoded from UTF-8, cut), others as tostring. */
export function showLua(v: LuaValue): string {
  if (typeof v === "string") {
    const s = fromByteString(v);
    return JSON.stringify(s.length > 40 ? s.slice(0, 37) + "..." : s);
  }
  return rawToString(v);
}

/** A JS value returned by eval, as JSON-like text (bigints, functions and cycles shown plainly). */
export function showJS(v: unknown): string {
  const seen = new Set<object>();
  const walk = (x: unknown): string => {
    if (x === undefined || x === null) return "nil";
    if (typeof x === "bigint") return x.toString();
    if (typeof x === "number") return Object.is(x, -0) ? "-0.0" : String(x);
    if (typeof x === "string") return JSON.stringify(x);
    if (typeof x === "boolean") return String(x);
    if (typeof x === "function") return "function";
    if (typeof x !== "object") return String(x);
    if (seen.has(x)) return "<cycle>";
    seen.add(x);
    try {
      if (Array.isArray(x)) return `[${x.map(walk).join(", ")}]`;
      if (x instanceof Map) return `{${[...x].map(([k, val]) => `${walk(k)}: ${walk(val)}`).join(", ")}}`;
      return `{${Object.entries(x).map(([k, val]) => `${JSON.stringify(k)}: ${walk(val)}`).join(", ")}}`;
    } finally {
      seen.delete(x);
    }
  };
  return walk(v);
}
