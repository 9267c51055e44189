// Which libraries each profile opens into a fresh VM's globals.

import type { LuaState } from "../state.js";
import { baseLibrary, nextBuiltin } from "./base.js";
import { ioLibrary, osLibrary, type TrustedHost } from "./trusted.js";

export type Profile = "sandbox" | "trusted";

export function openLibraries(L: LuaState, profile: Profile, host: TrustedHost): void {
  L.nextFn = nextBuiltin;
  const G = L.globals;
  for (const [name, fn] of Object.entries(baseLibrary)) G.setStr(name, fn);
  G.setStr("_G", G);
  G.setStr("_VERSION", "Lua 5.3");
  // Libraries of Lua 5.3 (issue 3) register here: string (+ string metatable), table, math, utf8.
  if (profile === "trusted") {
    G.setStr("io", ioLibrary(host));
    G.setStr("os", osLibrary());
  }
}
