// The run panel: budgets the user can adjust, then a run of the script with print captured,
// the returned values, usage against the budgets, errors with their caret, and the trace.

import { LuaError } from "../../src/vm/errors.js";
import { Lua } from "../../src/vm/lua.js";
import type { Script } from "../../src/vm/script.js";
import type { Trace } from "../../src/vm/trace.js";
import { showJS } from "./lua-values.js";
import { escapeHtml } from "./proto-names.js";
import type { Budgets } from "./url-state.js";

export interface RunOutcome {
  output: string[];
  values?: unknown[];
  error?: string;
  usage?: { instructions: number; memoryBytes: number; timeMs: number };
  trace?: Trace;
}

/** Run a compiled script in a fresh sandboxed VM with the given budgets, recording a trace. */
export function runScript(script: Script, budget: Budgets): RunOutcome {
  const output: string[] = [];
  const vm = Lua.create({ print: (line) => output.push(line), cache: false });
  const b = { instructions: budget.instructions, memoryBytes: budget.memoryBytes, depth: budget.depth, timeoutMs: budget.timeoutMs };
  try {
    const r = vm.eval(script, { budget: b, trace: Math.max(1, Math.floor(budget.trace)) });
    return { output, values: r.values, usage: r.usage, trace: r.trace };
  } catch (e) {
    const error = e instanceof LuaError ? e.format() : String(e);
    return { output, error, usage: vm.lastUsage, trace: vm.lastTrace };
  }
}

const BUDGET_FIELDS: readonly { key: keyof Budgets; label: string }[] = [
  { key: "instructions", label: "instructions" },
  { key: "memoryBytes", label: "memory (bytes)" },
  { key: "depth", label: "call depth" },
  { key: "timeoutMs", label: "time (ms)" },
  { key: "trace", label: "trace size" },
];

/** Inputs for the budgets; onChange gets the whole set after any edit. */
export function createBudgetInputs(container: HTMLElement, initial: Budgets, onChange: (b: Budgets) => void): (b: Budgets) => void {
  const current: Budgets = { ...initial };
  container.innerHTML = BUDGET_FIELDS.map((f) =>
    `<label>${escapeHtml(f.label)} <input type="number" min="0" name="${f.key}" value="${current[f.key]}"></label>`).join("");
  container.addEventListener("change", (ev) => {
    const input = ev.target as HTMLInputElement;
    const key = input.name as keyof Budgets;
    const v = Number(input.value);
    if (key in current && Number.isFinite(v) && v >= 0) {
      current[key] = v;
      onChange({ ...current });
    }
  });
  return (b) => {
    Object.assign(current, b);
    for (const f of BUDGET_FIELDS) container.querySelector<HTMLInputElement>(`input[name="${f.key}"]`)!.value = String(b[f.key]);
  };
}

function pct(used: number, limit: number): string {
  return limit > 0 ? ` (${((used / limit) * 100).toFixed(used / limit < 0.01 ? 2 : 0)}%)` : "";
}

export function renderOutcome(container: HTMLElement, r: RunOutcome, budget: Budgets): void {
  let html = "";
  html += `<h3>Output</h3><pre class="run-output">${escapeHtml(r.output.join("\n")) || '<span class="muted">(nothing printed)</span>'}</pre>`;
  if (r.error !== undefined) html += `<h3>Error</h3><pre class="run-error">${escapeHtml(r.error)}</pre>`;
  else html += `<h3>Returned</h3><pre class="run-values">${r.values!.length === 0 ? '<span class="muted">(no values)</span>' : escapeHtml(r.values!.map(showJS).join("\n"))}</pre>`;
  if (r.usage !== undefined) {
    const u = r.usage;
    html += `<h3>Usage</h3><table class="usage">` +
      `<tr><td>instructions</td><td data-usage="instructions">${u.instructions}</td><td>of ${budget.instructions}${pct(u.instructions, budget.instructions)}</td></tr>` +
      `<tr><td>memory</td><td data-usage="memory">${u.memoryBytes} B</td><td>of ${budget.memoryBytes} B${pct(u.memoryBytes, budget.memoryBytes)}</td></tr>` +
      `<tr><td>time</td><td data-usage="time">${u.timeMs.toFixed(2)} ms</td><td>of ${budget.timeoutMs} ms</td></tr></table>`;
  }
  container.innerHTML = html;
}
