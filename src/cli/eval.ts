// `moonrule eval FORMULA [--facts FILE.json] [--json]`: evaluate one formula against facts, as
// the formula engine does in a product; the result is printed as JSON.

import { fromByteString, toByteString } from "../vm/bytes.js";
import { LuaError } from "../vm/errors.js";
import { FormulaEngine } from "../formula/engine.js";
import type { Budget } from "../vm/budget.js";
import type { CliIO } from "./main.js";

export const EVAL_USAGE = `usage: moonrule eval FORMULA [--facts FILE.json | --facts-json JSON] [--json] [budgets]
  evaluate a formula (an expression like 'price * qty', or a block with 'return')
  against a JSON object of facts, and print its value as JSON
  budgets: --instructions N  --memory BYTES  --timeout MS
  --json  print {"ok":true,"value":…} or {"ok":false,"error":{…}} instead
`;

const BUDGET_FLAGS: Readonly<Record<string, "instructions" | "memoryBytes" | "timeoutMs">> = {
  "--instructions": "instructions",
  "--memory": "memoryBytes",
  "--timeout": "timeoutMs",
};

/** JSON text for a formula result (bigints as numbers' text, functions as null). */
function toJsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : typeof x === "function" ? null : x)) ?? "null";
}

export function evalCommand(args: string[], io: CliIO, engineFor: (budget: Budget) => FormulaEngine): number {
  let formula: string | undefined;
  let factsText: string | undefined;
  let json = false;
  const budget: Budget = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--json") json = true;
    else if (a === "-h" || a === "--help") {
      io.stdout(EVAL_USAGE);
      return 0;
    } else if (a === "--facts" || a === "--facts-json") {
      const v = args[++i];
      if (v === undefined) {
        io.stderr(`moonrule eval: ${a} needs an argument\n`);
        return 2;
      }
      if (a === "--facts-json") factsText = v;
      else {
        try {
          if (!io.readFile) throw new Error("no file access");
          factsText = fromByteString(io.readFile(v));
        } catch {
          io.stderr(toByteString(`moonrule eval: cannot read '${v}'\n`));
          return 2;
        }
      }
    } else if (BUDGET_FLAGS[a] !== undefined) {
      const n = Number(args[++i]);
      if (!Number.isFinite(n) || n < 0) {
        io.stderr(`moonrule eval: ${a} needs a non-negative number\n`);
        return 2;
      }
      budget[BUDGET_FLAGS[a]!] = n;
    } else if (a.startsWith("--")) {
      io.stderr(`moonrule eval: unknown option '${a}'\n${EVAL_USAGE}`);
      return 2;
    } else if (formula === undefined) formula = a;
    else {
      io.stderr(`moonrule eval: one formula at a time\n${EVAL_USAGE}`);
      return 2;
    }
  }
  if (formula === undefined) {
    io.stderr(`moonrule eval: no formula given\n${EVAL_USAGE}`);
    return 2;
  }
  let facts: unknown = {};
  if (factsText !== undefined) {
    try {
      facts = JSON.parse(factsText);
    } catch (e) {
      io.stderr(toByteString(`moonrule eval: the facts are not valid JSON: ${(e as Error).message}\n`));
      return 2;
    }
    if (typeof facts !== "object" || facts === null || Array.isArray(facts)) {
      io.stderr("moonrule eval: the facts must be a JSON object\n");
      return 2;
    }
  }
  const engine = engineFor(budget);
  try {
    const value = engine.evaluate(formula, facts as object);
    io.stdout(toByteString((json ? `{"ok":true,"value":${toJsonText(value)}}` : toJsonText(value)) + "\n"));
    return 0;
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    if (json) io.stdout(toByteString(`{"ok":false,"error":${JSON.stringify(e)}}\n`));
    else io.stderr(toByteString(e.format() + "\n"));
    return 1;
  }
}
