// load: text chunks only. Binary chunks (precompiled bytecode) can escape any sandbox, so
// they are refused whatever the mode says; lua5.3's message for mode "t" is used.

import { chunkId } from "../chunkid.js";
import { LuaError } from "../errors.js";
import { LuaClosure, UpVal } from "../function.js";
import { compileSource } from "../load.js";
import type { LuaState } from "../state.js";
import { isNumber, type LuaValue } from "../value.js";
import { checkString, optString, typeError } from "./args.js";
import { builtin } from "./base.js";
import { isFunction } from "../state.js";
import { LuaFault } from "../errors.js";

/** Wrap a compiled main chunk as a closure whose _ENV is `env`. */
export function mainClosure(L: LuaState, source: string, chunkName: string, env: LuaValue): LuaClosure {
  const proto = compileSource(source, chunkName);
  void L;
  return new LuaClosure(proto, [new UpVal([env], 0)]);
}

export const loadBuiltin = builtin("load", (L, args) => {
  const chunk = args[0];
  let source: string;
  let defaultName: string;
  if (typeof chunk === "string") {
    source = chunk;
    defaultName = chunk;
  } else if (isFunction(chunk)) {
    // a reader function: concatenate pieces until it returns nil or ""
    const parts: string[] = [];
    for (;;) {
      const piece = L.call(chunk, [])[0];
      if (piece === undefined || piece === "") break;
      if (typeof piece === "string") parts.push(piece);
      else if (isNumber(piece)) parts.push(L.tostringRaw(piece));
      else return [undefined, "reader function must return a string"];
    }
    source = parts.join("");
    defaultName = "=(load)";
  } else throw typeError(args, 0, "string");
  const name = args[1] === undefined ? defaultName : checkString(args, 1);
  const mode = optString(args, 2, "bt");
  const env = args.length >= 4 ? args[3] : L.globals;
  if (source.charCodeAt(0) === 0x1b) {
    const msg = mode.includes("b")
      ? "attempt to load a binary chunk (binary chunks are not accepted)"
      : `attempt to load a binary chunk (mode is '${mode}')`;
    return [undefined, msg];
  }
  if (!mode.includes("t")) return [undefined, `attempt to load a text chunk (mode is '${mode}')`];
  try {
    return mainClosure(L, source, chunkId(name), env);
  } catch (e) {
    if (e instanceof LuaError && e.kind === "syntax") return [undefined, e.message];
    if (e instanceof LuaFault) return [undefined, e.message];
    throw e;
  }
});
