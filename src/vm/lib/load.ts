// load: text chunks only. Binary chunks (precompiled bytecode) can escape any sandbox, so
// they are refused whatever the mode says; lua5.3's message for mode "t" is used.

import { LuaError, rawMessage } from "../errors.js";
import { LuaClosure, UpVal } from "../function.js";
import { compileNamed } from "../load.js";
import type { LuaState } from "../state.js";
import { isNumber, type LuaValue } from "../value.js";
import { checkString, optString, typeError } from "./args.js";
import { builtin } from "./base.js";
import { isFunction } from "../state.js";
import { LuaFault } from "../errors.js";

/** Wrap a compiled main chunk as a closure whose _ENV is `env`. */
function mainClosure(source: string, rawName: string, env: LuaValue): LuaClosure {
  return new LuaClosure(compileNamed(source, rawName), [new UpVal([env], 0)]);
}

/**
 * Call the reader until it returns nil or "" (lua_load's generic_reader). Errors inside the
 * reader become load's (nil, message) result, as lua_load runs it protected.
 */
function readChunk(L: LuaState, reader: LuaValue): string | { error: LuaValue } {
  const parts: string[] = [];
  const th = L.th;
  const saveCi = th.ciIdx;
  const saveTop = th.top;
  const saveC = th.nCcalls;
  const saveNny = th.nny;
  try {
    for (;;) {
      const piece = L.call(reader, [])[0];
      if (piece === undefined || piece === "") break;
      if (typeof piece === "string") parts.push(piece);
      else if (isNumber(piece)) parts.push(L.tostringRaw(piece));
      else throw new LuaFault("reader function must return a string");
    }
  } catch (e) {
    const err = L.toLuaError(e);
    if (err.kind === "limit") throw err;
    L.unwindTo(saveCi, saveTop, saveC, saveNny);
    return { error: err.value };
  }
  return parts.join("");
}

export const loadBuiltin = builtin("load", (L, args) => {
  const chunk = args[0];
  let source: string;
  let defaultName: string;
  if (typeof chunk === "string" || isNumber(chunk)) {
    source = typeof chunk === "string" ? chunk : L.tostringRaw(chunk);
    defaultName = source;
  } else if (isFunction(chunk)) {
    const r = readChunk(L, chunk);
    if (typeof r !== "string") return [undefined, r.error];
    source = r;
    defaultName = "=(load)";
  } else throw typeError(args, 0, "function");
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
    return mainClosure(source, name, env);
  } catch (e) {
    if (e instanceof LuaError && e.kind === "syntax") return [undefined, rawMessage(e)];
    throw e;
  }
});
