// Formula mode: a formula editor with diagnostics as you type (FormulaEngine.validate against a
// JSON Schema inferred from the facts panel) and completion from the function catalogue, a
// facts JSON editor, and the evaluated value.

import type { EditorView } from "codemirror";
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { FormulaEngine } from "../../src/formula/engine.js";
import type { JsonSchema } from "../../src/formula/validate.js";
import { FORMULA_FUNCTIONS } from "../../src/stdlib-formula/index.js";
import { LuaError } from "../../src/vm/errors.js";
import { createEditor, jsonLanguage, luaLanguage, offsetOf } from "./editor.js";
import { showJS } from "./lua-values.js";
import { escapeHtml } from "./proto-names.js";
import { oncePerFrame } from "./frame.js";

/** A JSON Schema describing a sample facts value (the shape the formula may read). */
export function inferSchema(v: unknown): JsonSchema {
  if (v === null) return { type: "null" };
  if (Array.isArray(v)) return v.length > 0 ? { type: "array", items: inferSchema(v[0]) } : { type: "array" };
  if (typeof v === "object") {
    const properties: Record<string, JsonSchema> = {};
    for (const [k, x] of Object.entries(v)) properties[k] = inferSchema(x);
    return { type: "object", properties, additionalProperties: false };
  }
  if (typeof v === "number") return { type: Number.isInteger(v) ? "integer" : "number" };
  return { type: typeof v };
}

const FUNCTION_DOCS = new Map(FORMULA_FUNCTIONS.map((f) => [f.name, f]));

/** The completion popup's documentation: the description and the catalogue's examples. */
function docNode(label: string, fallback: string | undefined): HTMLElement | null {
  const info = FUNCTION_DOCS.get(label);
  if (info === undefined && fallback === undefined) return null;
  const el = document.createElement("div");
  el.className = "completion-doc";
  const p = document.createElement("p");
  p.textContent = info?.description ?? fallback ?? "";
  el.append(p);
  for (const ex of info?.examples.slice(0, 3) ?? []) {
    const code = document.createElement("code");
    code.textContent = `${ex.formula} → ${ex.error !== undefined ? `error: ${ex.error}` : JSON.stringify(ex.result)}`;
    el.append(code);
  }
  return el;
}

const KIND_TYPE: Record<string, string> = { field: "property", function: "function", variable: "variable", keyword: "keyword" };

export interface FormulaMode {
  readonly formula: EditorView;
  readonly facts: EditorView;
  /** Re-validate and re-evaluate (after a text change). */
  refresh(): void;
}

export function createFormulaMode(root: HTMLElement, initial: { formula: string; facts: string }, onChange: () => void): FormulaMode {
  const engine = new FormulaEngine();
  root.innerHTML = `
    <div class="pane"><h2>Formula</h2><div class="editor" id="formula-editor"></div>
      <ul class="diagnostics" id="formula-diagnostics"></ul></div>
    <div class="pane"><h2>Facts (JSON)</h2><div class="editor" id="facts-editor"></div>
      <h2>Value</h2><pre id="formula-value"></pre></div>`;
  const diagList = root.querySelector<HTMLElement>("#formula-diagnostics")!;
  const valueEl = root.querySelector<HTMLElement>("#formula-value")!;
  let schema: JsonSchema | undefined;
  let facts: object = {};
  let factsError: string | undefined;

  const refreshTask = oncePerFrame(() => refresh());
  const schedule = (): void => {
    onChange();
    refreshTask.request();
  };

  const complete = (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const word = ctx.matchBefore(/\w*/);
    if (!ctx.explicit && (word === null || word.from === word.to) && !/\.\s*$/.test(line.text.slice(0, ctx.pos - line.from))) return null;
    const items = engine.complete(ctx.state.doc.toString(), { line: line.number, column: ctx.pos - line.from + 1 }, { facts: schema });
    if (items.length === 0) return null;
    const options: Completion[] = items.map((i) => ({
      label: i.label,
      type: KIND_TYPE[i.kind],
      detail: i.detail,
      info: () => docNode(i.label, i.documentation),
      apply: i.insertText,
    }));
    return { from: line.from + items[0]!.range.column - 1, options, validFor: /^\w*$/ };
  };

  const formula = createEditor({
    parent: root.querySelector<HTMLElement>("#formula-editor")!,
    doc: initial.formula,
    language: luaLanguage,
    extensions: [autocompletion({ override: [complete], activateOnTyping: true })],
    onChange: schedule,
  });
  const factsView = createEditor({
    parent: root.querySelector<HTMLElement>("#facts-editor")!,
    doc: initial.facts,
    language: jsonLanguage,
    onChange: schedule,
  });

  function refresh(): void {
    try {
      const parsed: unknown = JSON.parse(factsView.state.doc.toString());
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the facts must be a JSON object");
      facts = parsed;
      schema = inferSchema(parsed);
      factsError = undefined;
    } catch (e) {
      factsError = e instanceof Error ? e.message : String(e);
    }
    const source = formula.state.doc.toString();
    const diags = engine.validate(source, { facts: schema });
    const cm: CmDiagnostic[] = diags.map((d) => {
      const from = offsetOf(formula, d.line, d.column);
      return { from, to: Math.max(from, offsetOf(formula, d.endLine, d.endColumn)), severity: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "info", message: d.message };
    });
    formula.dispatch(setDiagnostics(formula.state, cm));
    diagList.innerHTML = diags.map((d) => `<li class="${escapeHtml(d.severity)}">${d.line}:${d.column} ${escapeHtml(d.message)}</li>`).join("") +
      (factsError !== undefined ? `<li class="error">facts: ${escapeHtml(factsError)}</li>` : "");
    if (source.trim() === "") {
      valueEl.textContent = "";
      return;
    }
    try {
      valueEl.textContent = showJS(engine.evaluate(source, facts));
      valueEl.className = "";
    } catch (e) {
      valueEl.textContent = e instanceof LuaError ? e.format() : String(e);
      valueEl.className = "run-error";
    }
  }

  refresh();
  return { formula, facts: factsView, refresh };
}
