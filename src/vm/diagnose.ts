// Diagnostics for editors and `moonrule check`: every problem in a source text, each with a
// range, instead of the single error that compiling stops at.
//
// A source that compiles has none, and finding that out costs one compile. Otherwise the
// syntax error thrown carries its `diagnostics` (parser.ts attaches them, computed on first
// read by a recovering parse: see "error recovery" in parser.ts): the thrown error first, then
// every further error the parser could resynchronise past, in source order, at most 50. Errors
// only the code generator finds ("function or expression needs too many registers") come alone.

import { toByteString } from "./bytes.js";
import { LuaError } from "./errors.js";
import { compileSource } from "./load.js";
import { errorDiagnostic } from "./parser.js";

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** The message as lua5.3 words it, without the "chunk:line:" prefix (as text: the bytes of
   *  the source it quotes decoded from UTF-8). */
  message: string;
  /** 1-based start line and column (columns count UTF-16 code units of the source text). */
  line: number;
  column: number;
  /** 1-based end line and column, exclusive (the first position after the offending token). */
  endLine: number;
  endColumn: number;
}

/**
 * Check a source text (JS string) and return its diagnostics; empty when it compiles.
 * `chunkName` is the display name used in the messages lua5.3 would print ("input", "f.lua").
 *
 * The first diagnostic is the error compiling reports (same message, same line; its column is
 * the same position in UTF-16 units). Each range covers the token the message names ("near
 * '+'"), or is empty at the end of the text ("near <eof>"). Lines are counted as lua counts
 * them ("\n", "\r", "\r\n", "\n\r").
 */
export function diagnose(source: string, chunkName = "input"): Diagnostic[] {
  const bytes = toByteString(source);
  try {
    compileSource(bytes, chunkName);
    return [];
  } catch (e) {
    if (!(e instanceof LuaError) || e.kind !== "syntax") throw e;
    const all = e.diagnostics;
    return Array.isArray(all) && all.length > 0 ? all.slice() : [errorDiagnostic(e, bytes)];
  }
}
