// Budgets: what one call into the VM may consume. Exhausting one raises a LuaError of kind
// "limit", which no pcall, xpcall, coroutine or metamethod can catch.

import { LuaError } from "./errors.js";

export interface Budget {
  /** Executed VM instructions, plus library work charged in proportion (exact, deterministic). */
  instructions?: number;
  /** Bytes of strings, tables, closures and coroutines the script holds (estimated live size). */
  memoryBytes?: number;
  /** Nested calls: Lua frames, builtins and host re-entry. */
  depth?: number;
  /** Wall-clock deadline for the call, in milliseconds. */
  timeoutMs?: number;
  /** Cancels the call when aborted. */
  signal?: AbortSignal;
}

export interface Usage {
  instructions: number;
  /** Peak estimated live memory during the call, in bytes. */
  memoryBytes: number;
  timeMs: number;
}

export type LimitKind = "instructions" | "memory" | "depth" | "time" | "aborted";

const LIMIT_TEXT: Record<LimitKind, string> = {
  instructions: "instruction limit exceeded",
  memory: "memory limit exceeded",
  depth: "call depth limit exceeded",
  time: "time limit exceeded",
  aborted: "execution aborted",
};

export interface LimitPosition {
  where: string;
  chunk?: string;
  line?: number;
  column?: number;
}

export class LuaLimitError extends LuaError {
  constructor(readonly limit: LimitKind, pos: LimitPosition, detail?: string) {
    const msg = `${pos.where}${LIMIT_TEXT[limit]}${detail ? ` (${detail})` : ""}`;
    super(msg, { kind: "limit", value: msg, chunkName: pos.chunk, line: pos.line, column: pos.column });
    this.name = "LuaError";
  }
}

const BUDGET_KEYS = new Set(["instructions", "memoryBytes", "depth", "timeoutMs", "signal"]);

/** Reject misspelt or nonsensical budgets early, with a clear message. */
export function checkBudget(b: Budget, where: string): void {
  for (const key of Object.keys(b)) {
    if (!BUDGET_KEYS.has(key)) throw new TypeError(`moonrule: unknown budget '${key}' in ${where}`);
  }
  for (const key of ["instructions", "memoryBytes", "depth", "timeoutMs"] as const) {
    const v = b[key];
    if (v !== undefined && !(typeof v === "number" && v >= 0 && !Number.isNaN(v))) {
      throw new TypeError(`moonrule: budget '${key}' must be a non-negative number`);
    }
  }
}
