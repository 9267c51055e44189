// Which libraries each profile opens into a fresh VM's globals.

import type { LuaState } from "../state.js";
import type { LuaValue } from "../value.js";
import { baseLibrary, nextBuiltin } from "./base.js";
import { createCoroutineLibrary } from "./coroutine.js";
import { loadBuiltin } from "./load.js";
import { createMathLibrary } from "./math.js";
import { openStringLibrary } from "./string.js";
import { createTableLibrary } from "./table.js";
import { createUtf8Library } from "./utf8.js";
import { addGetenv, debugLibrary, ioLibrary, osLibrary, packageLibrary, type TrustedHost } from "./trusted.js";

export type Profile = "sandbox" | "trusted";

/** Globals every VM starts with, built once per process and cloned (a Map copy is fast). */
let sharedGlobals: Map<LuaValue, LuaValue> | undefined;

function buildSharedGlobals(): Map<LuaValue, LuaValue> {
  const G = new Map<LuaValue, LuaValue>();
  for (const [name, fn] of Object.entries(baseLibrary)) G.set(name, fn);
  G.set("_VERSION", "Lua 5.3");
  // Libraries of Lua 5.3 (issue 3) register here: string (+ string metatable), table, math, utf8.
  return G;
}

export function openLibraries(L: LuaState, profile: Profile, host: TrustedHost): void {
  L.nextFn = nextBuiltin;
  const G = L.globals;
  G.hash = new Map(sharedGlobals ??= buildSharedGlobals());
  G.setStr("_G", G);
  // per VM: library tables are mutable, so no VM may see another's changes
  G.setStr("table", createTableLibrary());
  G.setStr("math", createMathLibrary());
  G.setStr("utf8", createUtf8Library());
  openStringLibrary(L);
  if (profile === "trusted") {
    G.setStr("coroutine", createCoroutineLibrary());
    G.setStr("load", loadBuiltin);
    G.setStr("io", ioLibrary(host));
    const os = osLibrary();
    addGetenv(os, host.env);
    G.setStr("os", os);
    G.setStr("debug", debugLibrary());
    const { pkg, require } = packageLibrary(G);
    G.setStr("package", pkg);
    G.setStr("require", require);
  }
}
