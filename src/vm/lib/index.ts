// Which libraries each profile opens into a fresh VM's globals.
//
// The Lua libraries (string, table, math, utf8, coroutine and the string metatable) are built
// once per process and frozen: every VM shares the same read-only tables, so creating a VM
// costs one Map copy, and no script can change what another VM or tenant sees.

import { deepFreeze } from "../memory.js";
import type { LuaState } from "../state.js";
import { LuaTable } from "../table.js";
import { baseLibrary, nextBuiltin } from "./base.js";
import { createCoroutineLibrary } from "./coroutine.js";
import { loadBuiltin } from "./load.js";
import { createMathLibrary } from "./math.js";
import { createStringLibrary } from "./string.js";
import { createTableLibrary } from "./table.js";
import { createUtf8Library } from "./utf8.js";
import { addGetenv, debugLibrary, ioLibrary, osLibrary, packageLibrary, type TrustedHost } from "./trusted.js";

export type Profile = "sandbox" | "trusted";

/** Libraries the sandbox leaves out but a VM may opt into. */
export type OptionalLibrary = "coroutine" | "load";

interface SharedLibraries {
  /** The sandbox's globals, copied into each VM's own globals table. */
  globals: LuaTable;
  stringMeta: LuaTable;
  coroutine: LuaTable;
}

let shared: SharedLibraries | undefined;

function buildShared(): SharedLibraries {
  const G = new LuaTable();
  for (const [name, fn] of Object.entries(baseLibrary)) G.initStr(name, fn);
  G.initStr("_VERSION", "Lua 5.3");
  const string = createStringLibrary();
  G.initStr("string", string);
  G.initStr("table", createTableLibrary());
  G.initStr("math", createMathLibrary());
  G.initStr("utf8", createUtf8Library());
  const stringMeta = new LuaTable();
  stringMeta.setStr("__index", string);
  const coroutine = createCoroutineLibrary();
  G.forEachOwnField((_k, v) => deepFreeze(v));
  deepFreeze(stringMeta);
  deepFreeze(coroutine);
  return { globals: G, stringMeta, coroutine };
}

function copyOf(t: LuaTable): LuaTable {
  const c = new LuaTable();
  c.initFrom(t);
  return c;
}

export function openLibraries(L: LuaState, profile: Profile, host: TrustedHost, enable: readonly OptionalLibrary[] = []): void {
  const libs = (shared ??= buildShared());
  L.nextFn = nextBuiltin;
  L.stringMeta = libs.stringMeta;
  const G = L.globals;
  G.initFrom(libs.globals);
  G.setStr("_G", G);
  const trusted = profile === "trusted";
  if (trusted) {
    // trusted code may extend its libraries as in lua5.3: give it its own mutable copies
    for (const name of ["string", "table", "math", "utf8"]) G.setStr(name, copyOf(G.getStr(name) as LuaTable));
    const meta = new LuaTable();
    meta.setStr("__index", G.getStr("string"));
    L.stringMeta = meta;
    G.setStr("coroutine", copyOf(libs.coroutine));
  } else if (enable.includes("coroutine")) G.setStr("coroutine", libs.coroutine);
  if (trusted || enable.includes("load")) G.setStr("load", loadBuiltin);
  if (trusted) {
    // these hold host hooks (output, environment), so they are made per VM
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
