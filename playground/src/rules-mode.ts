// Rules mode: a rule-set document and a few records (JSON); per record, every rule's result
// with its outputs, or the sub-conditions that decided it did not match.

import type { EditorView } from "codemirror";
import { RuleSet, RuleSetError, type RecordResult } from "../../src/rules/ruleset.js";
import { LuaError } from "../../src/vm/errors.js";
import { createEditor, jsonLanguage } from "./editor.js";
import { showJS } from "./lua-values.js";
import { escapeHtml } from "./proto-names.js";
import { oncePerFrame } from "./frame.js";

export interface RulesMode {
  readonly rules: EditorView;
  readonly records: EditorView;
  refresh(): void;
}

function renderRecord(i: number, record: unknown, r: RecordResult): string {
  const id = typeof record === "object" && record !== null && "id" in record ? ` (id ${showJS((record as { id: unknown }).id)})` : "";
  let out = `<section class="record"><h3>Record ${i + 1}${escapeHtml(id)} — matched: ${r.matched.length > 0 ? escapeHtml(r.matched.join(", ")) : "none"}${r.score !== undefined ? `, score ${r.score}` : ""}</h3>`;
  if (!r.valid) out += `<ul class="diagnostics">${(r.problems ?? []).map((p) => `<li class="error">${escapeHtml(p.path)}: ${escapeHtml(p.message)}</li>`).join("")}</ul>`;
  out += '<table class="rule-results"><thead><tr><th>rule</th><th>matched</th><th>outputs / because</th></tr></thead><tbody>';
  for (const rule of r.rules) {
    let detail = "";
    if (rule.error) detail = `<span class="error">${escapeHtml(rule.error.kind)}: ${escapeHtml(rule.error.message)}</span>`;
    else if (rule.matched) detail = rule.outputs ? escapeHtml(showJS(rule.outputs)) : "";
    else detail = (rule.because ?? []).map((b) => `<div>because <code>${escapeHtml(b.condition)}</code> is ${escapeHtml(showJS(b.value))}</div>`).join("");
    out += `<tr class="${rule.matched ? "matched" : "unmatched"}" data-rule="${escapeHtml(rule.id)}"><td>${escapeHtml(rule.id)}</td><td>${rule.matched ? "✓" : "✗"}</td><td>${detail}</td></tr>`;
  }
  return out + "</tbody></table></section>";
}

export function createRulesMode(root: HTMLElement, initial: { rules: string; records: string }, onChange: () => void): RulesMode {
  root.innerHTML = `
    <div class="pane"><h2>Rule set (JSON)</h2><div class="editor" id="rules-editor"></div></div>
    <div class="pane"><h2>Records (JSON array)</h2><div class="editor short" id="records-editor"></div>
      <h2>Results</h2><div id="rules-results"></div></div>`;
  const results = root.querySelector<HTMLElement>("#rules-results")!;
  const refreshTask = oncePerFrame(() => refresh());
  const schedule = (): void => {
    onChange();
    refreshTask.request();
  };
  const rules = createEditor({ parent: root.querySelector<HTMLElement>("#rules-editor")!, doc: initial.rules, language: jsonLanguage, onChange: schedule });
  const records = createEditor({ parent: root.querySelector<HTMLElement>("#records-editor")!, doc: initial.records, language: jsonLanguage, onChange: schedule });
  // compiling a rule set is the costly part: keep it while only the records change
  let lastDoc = "";
  let lastSet: RuleSet | undefined;

  function refresh(): void {
    const docText = rules.state.doc.toString();
    try {
      if (docText !== lastDoc || lastSet === undefined) {
        lastSet = undefined;
        lastDoc = docText;
        lastSet = RuleSet.fromJSON(JSON.parse(docText) as unknown);
      }
      const list: unknown = JSON.parse(records.state.doc.toString());
      const recs = Array.isArray(list) ? list : [list];
      results.innerHTML = recs.map((rec, i) => renderRecord(i, rec, lastSet!.evaluate(rec))).join("");
    } catch (e) {
      let msg: string;
      if (e instanceof RuleSetError) msg = e.problems.map((p) => `${p.path}${p.line !== undefined ? `:${p.line}:${p.column}` : ""}: ${p.message}`).join("\n");
      else if (e instanceof LuaError) msg = e.format();
      else msg = e instanceof Error ? e.message : String(e);
      results.innerHTML = `<pre class="run-error">${escapeHtml(msg)}</pre>`;
    }
  }

  refresh();
  return { rules, records, refresh };
}
