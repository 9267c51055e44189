// Diagnostics for editors and `moonrule check`: every problem in a source text, each with a
// range, instead of the single error that compiling stops at.

import { toByteString } from "./bytes.js";
import { LuaError } from "./errors.js";
import { compileSource } from "./load.js";

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** The message as lua5.3 words it, without the "chunk:line:" prefix. */
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
 */
export function diagnose(source: string, chunkName = "input"): Diagnostic[] {
  try {
    compileSource(toByteString(source), chunkName);
    return [];
  } catch (e) {
    if (!(e instanceof LuaError) || e.kind !== "syntax") throw e;
    const line = e.line ?? 1;
    const column = e.column ?? 1;
    const prefix = `${chunkName}:${line}: `;
    const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return [{ severity: "error", message, line, column, endLine: line, endColumn: column + 1 }];
  }
}
