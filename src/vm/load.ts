// Source text to a main prototype: the whole front end in one call.

import { compile } from "./compiler.js";
import { parse, type ParseOptions } from "./parser.js";
import type { Proto } from "./proto.js";
import { chunkId } from "./chunkid.js";

/** Compile a byte string; throws a LuaError of kind "syntax" for bad input. */
export function compileSource(source: string, chunkName: string, options?: ParseOptions): Proto {
  return compile(parse(source, chunkName, options));
}

/** The chunk name each compiled prototype was loaded under ("=stdin", "@file.lua", source). */
const rawChunkNames = new WeakMap<Proto, string>();

/** Compile under a lua chunk name ("@file", "=name" or the text), as load does. */
export function compileNamed(source: string, rawName: string, options?: ParseOptions): Proto {
  const proto = compileSource(source, chunkId(rawName), options);
  nameProtos(proto, rawName);
  return proto;
}

/** Record the raw chunk name of a prototype tree (compiled here, or loaded from a chunk). */
export function nameProtos(p: Proto, rawName: string): void {
  rawChunkNames.set(p, rawName);
  for (const child of p.p) nameProtos(child, rawName);
}

/** debug.getinfo's `source`: the raw chunk name, or "=" + the display name if unknown. */
export function rawChunkName(p: Proto): string {
  return rawChunkNames.get(p) ?? `=${p.source}`;
}
