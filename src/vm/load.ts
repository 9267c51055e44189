// Source text to a main prototype: the whole front end in one call.

import { compile } from "./compiler.js";
import { parse, type ParseOptions } from "./parser.js";
import type { Proto } from "./proto.js";

/** Compile a byte string; throws a LuaError of kind "syntax" for bad input. */
export function compileSource(source: string, chunkName: string, options?: ParseOptions): Proto {
  return compile(parse(source, chunkName, options));
}
