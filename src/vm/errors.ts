// LuaError: every failure a script can cause surfaces as one of these (BRIEF §5).

import type { Diagnostic } from "./diagnose.js";
// error-format.ts imports the compiler (for the `return …` hint), which imports this module:
// a cycle that is harmless as long as no module on that path uses LuaError at load time
// (e.g. `class X extends LuaError` at top level) — keep such subclasses off the compiler's path.
import { displayText, errorJSON, formatError, type ErrorJSON, type FormatOptions } from "./error-format.js";
import type { LuaValue } from "./value.js";

export type LuaErrorKind = "syntax" | "runtime" | "limit" | "host";

export interface LuaErrorInit {
  kind: LuaErrorKind;
  /** The Lua error value (what pcall would return). Defaults to the message. */
  value?: LuaValue;
  chunkName?: string;
  line?: number;
  column?: number;
  traceback?: string;
  source?: string;
  /** Every problem found in the source (syntax errors), the first being this error's. */
  diagnostics?: Diagnostic[];
  /** The original error (a host function's throw). */
  cause?: unknown;
}

export class LuaError extends Error {
  readonly kind: LuaErrorKind;
  /** The Lua value raised: usually the message string, but `error({})` raises a table. */
  readonly value: LuaValue;
  readonly chunkName: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  traceback: string | undefined;
  /** Source text of the chunk the error points into, when known, for format(). */
  source: string | undefined;
  /** Syntax errors: every problem the parser could recover past, each with a range. */
  diagnostics: Diagnostic[] | undefined;

  /**
   * `message` may be a Lua byte string (UTF-8, one char per byte): the host sees it decoded
   * (`error('é')` reads "input:1: é"), while `value` keeps the raw Lua value.
   */
  constructor(message: string, init: LuaErrorInit) {
    super(displayText(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "LuaError";
    this.kind = init.kind;
    this.value = "value" in init ? init.value : message;
    this.chunkName = init.chunkName;
    this.line = init.line;
    this.column = init.column;
    this.traceback = init.traceback;
    this.source = init.source;
    this.diagnostics = init.diagnostics;
  }

  /**
   * For people: a header (`runtime error: input:3: attempt to ...`), the source lines around
   * the fault with a line-number gutter and a caret line under the offending token (`^~~~`),
   * a one-line hint for common mistakes, the traceback, and then every further diagnostic of a
   * syntax error. ANSI colours only with `color: true`; `context` lines before and after
   * (default 1). Never throws: without a source it is just the header (and traceback).
   */
  format(options: FormatOptions = {}): string {
    try {
      return formatError(this, options ?? {});
    } catch {
      let out = `${this.kind} error: ${String(this.message)}`;
      if (typeof this.traceback === "string" && this.traceback !== "") out += `\n${this.traceback}`;
      return out;
    }
  }

  /**
   * One JSON shape for every kind: `{ name: "LuaError", kind, message, chunkName, line, column,
   * endLine?, endColumn?, traceback?, diagnostics?, hint? }` (plus `value` when the raised
   * value is a JSON-safe primitive other than the message). Never the Lua value if it is a
   * table, the cause or a host stack. Columns count bytes of the chunk's UTF-8 (as the VM
   * reports them); a diagnostic's count UTF-16 units of the source text, as diagnose() does.
   */
  toJSON(): ErrorJSON {
    try {
      return errorJSON(this);
    } catch {
      return { name: "LuaError", kind: String(this.kind), message: String(this.message), chunkName: null, line: null, column: null };
    }
  }
}

/** The message as Lua bytes (the raw string a script would see), for code that works in bytes. */
export function rawMessage(e: LuaError): string {
  return typeof e.value === "string" ? e.value : e.message;
}

/** A syntax error at a position: message already has the "chunk:line:" prefix lua5.3 gives it. */
export function syntaxError(message: string, chunkName: string, line: number, column: number): LuaError {
  return new LuaError(message, { kind: "syntax", chunkName, line, column });
}

/**
 * An error raised by a primitive (arithmetic, a library function) that does not know where
 * it happened. The VM turns it into a Lua error, prefixing "chunk:line:" of the innermost
 * Lua frame as luaL_error / luaG_runerror do. Not exported to users.
 */
export class LuaFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LuaFault";
  }
}

/**
 * `bad argument #n to 'name' (extra)`: the VM fills in the name from the call site, as lua5.3
 * does (so `local f = table.insert; f()` blames 'f'), and shifts n for method calls.
 */
export class LuaArgError extends Error {
  constructor(readonly arg: number, readonly extra: string) {
    super(`bad argument #${arg} (${extra})`);
    this.name = "LuaArgError";
  }
}

/**
 * An error raised by the VM's own operations (luaG_runerror): positioned at the running
 * function only if it is a Lua function, so one raised inside a builtin (e.g. a call of a
 * nil value from pcall) carries no position, exactly as in lua5.3.
 */
export class LuaRunError extends LuaFault {}
export type { ErrorJSON, FormatOptions } from "./error-format.js";
