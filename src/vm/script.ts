// Compiled scripts, and the `lua` tagged template that compiles (and so syntax-checks) a
// script when the module that holds it loads.

import { toByteString } from "./bytes.js";
import { LuaError } from "./errors.js";
import { compileNamed } from "./load.js";
import type { Proto } from "./proto.js";

/** A compiled chunk: compile once, run in any number of VMs. */
export class Script {
  /** @internal */
  readonly proto: Proto;

  /** @internal use compile() or lua`` */
  constructor(readonly source: string, readonly chunkName: string, proto: Proto) {
    this.proto = proto;
  }
}

/** Compile source text; throws a LuaError of kind "syntax" (with every diagnostic) if it is not valid Lua. */
export function compile(source: string, opts: { chunkName?: string } = {}): Script {
  const chunkName = opts.chunkName ?? "input";
  try {
    return new Script(source, chunkName, compileNamed(toByteString(source), "=" + chunkName));
  } catch (e) {
    // the text as the caller wrote it (not bytes), for LuaError.format()
    if (e instanceof LuaError) e.source = source;
    throw e;
  }
}

/** Values a lua`` template may interpolate: each becomes a Lua literal, never code. */
export type Interpolation = string | number | bigint | boolean | null | undefined;

/** A JS value as Lua source text for the same value (so interpolation cannot inject code). */
export function luaLiteral(v: Interpolation): string {
  switch (typeof v) {
    case "string": {
      // escape quotes, backslashes and control characters; other text stays text (the
      // source is UTF-8 encoded as a whole when compiled)
      let out = '"';
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c === 34 || c === 92) out += "\\" + v[i];
        else if (c < 32 || c === 127) out += "\\" + String(c).padStart(3, "0");
        else out += v[i];
      }
      return out + '"';
    }
    case "number":
      if (Number.isNaN(v)) return "(0/0)";
      if (!Number.isFinite(v)) return v > 0 ? "(1/0)" : "(-1/0)";
      if (Number.isSafeInteger(v)) return Object.is(v, -0) ? "(-0.0)" : String(v);
      {
        // shortest round-trip text; integral values beyond 2^53 are floats on both sides
        let t = String(v);
        if (Number.isInteger(v) && !/e/.test(t)) t += ".0";
        return v < 0 ? `(${t})` : t;
      }
    case "bigint":
      if (v < -0x8000000000000000n || v > 0x7fffffffffffffffn) throw new RangeError("moonrule: bigint outside the 64-bit integer range");
      return v === -0x8000000000000000n ? "(-9223372036854775807 - 1)" : v < 0n ? `(${v})` : String(v);
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "nil";
    default:
      if (v === null) return "nil";
      throw new TypeError(`moonrule: lua\`\` can only interpolate strings, numbers, bigints, booleans, null and undefined, not ${typeof v}`);
  }
}

const templateCache = new WeakMap<TemplateStringsArray, Script>();

/**
 * A Lua chunk written inline, compiled when this expression is evaluated — typically when the
 * module loads — so a syntax error throws a positioned LuaError at once (and `moonrule check`
 * finds it at build time). Interpolated values become Lua literals.
 *
 *   const total = lua`return price * qty`;
 *   vm.eval(total, { globals: { price: 3, qty: 2 } });
 */
export function lua(strings: TemplateStringsArray, ...values: Interpolation[]): Script {
  if (values.length === 0) {
    let s = templateCache.get(strings);
    if (s === undefined) templateCache.set(strings, (s = compile(strings.join(""), { chunkName: "lua``" })));
    return s;
  }
  let src = strings[0]!;
  for (let i = 0; i < values.length; i++) src += luaLiteral(values[i]) + strings[i + 1]!;
  return compile(src, { chunkName: "lua``" });
}
