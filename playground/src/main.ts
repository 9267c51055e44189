// The playground page: wires the Lua editor to the bytecode view and the run panel, the
// formula and rules modes, and keeps the whole state in the URL hash.

import { setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { diagnose } from "../../src/vm/diagnose.js";
import { LuaError } from "../../src/vm/errors.js";
import { compile, type Script } from "../../src/vm/script.js";
import { createBytecodeView } from "./bytecode-view.js";
import { DEFAULT_STATE } from "./defaults.js";
import { createEditor, lineAtMouse, lineHighlight, luaLanguage, offsetOf, setText } from "./editor.js";
import { createFormulaMode } from "./formula-mode.js";
import { createBudgetInputs, renderOutcome, runScript } from "./run-panel.js";
import { createRulesMode } from "./rules-mode.js";
import { createTraceStepper } from "./trace-stepper.js";
import { decodeState, encodeState, type Mode, type PageState } from "./url-state.js";
import "./style.css";
import { oncePerFrame } from "./frame.js";

/** One editor-to-bytecode update: the work (compile + render) and the time since the edit. */
interface UpdateStat {
  workMs: number;
  compileMs: number;
  latencyMs: number;
  lines: number;
}

declare global {
  interface Window {
    /** Read by the browser tests and bench/playground.mjs. */
    __playgroundStats: { updates: UpdateStat[] };
  }
}

const stats = { updates: [] as UpdateStat[] };
window.__playgroundStats = stats;

const $ = <T extends HTMLElement = HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;

let state: PageState = decodeState(location.hash, DEFAULT_STATE);

// ---------------------------------------------------------------------------- URL state

let hashTimer: ReturnType<typeof setTimeout> | undefined;
/** Write the state to the hash shortly after the last change (replaceState: no history spam). */
function saveSoon(): void {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    state = {
      ...state,
      lua: luaEditor.state.doc.toString(),
      formula: formula.formula.state.doc.toString(),
      facts: formula.facts.state.doc.toString(),
      rules: rules.rules.state.doc.toString(),
      records: rules.records.state.doc.toString(),
    };
    history.replaceState(null, "", "#" + encodeState(state));
  }, 150);
}

// ---------------------------------------------------------------------------- Lua mode

const hoverLines = lineHighlight("cm-hover-line");
const traceLine = lineHighlight("cm-trace-line");
const bytecode = createBytecodeView($("#bytecode"), (line) => hoverLines.set(luaEditor, line === undefined ? [] : [line]));
let script: Script | undefined;
let compileError: LuaError | undefined;
let editedAt = 0;
let hasDiagnostics = false;

function updateBytecode(): void {
  const t0 = performance.now();
  const source = luaEditor.state.doc.toString();
  let compiled = t0;
  try {
    script = compile(source, { chunkName: "input" });
    compiled = performance.now();
    compileError = undefined;
    bytecode.render(script);
    if (hasDiagnostics) luaEditor.dispatch(setDiagnostics(luaEditor.state, []));
    hasDiagnostics = false;
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    compileError = e;
    script = undefined;
    bytecode.showError(e.message);
    // every error a recovering parse finds, underlined in the editor
    const diags: CmDiagnostic[] = diagnose(source, "input").map((d) => {
      const from = offsetOf(luaEditor, d.line, d.column);
      return { from, to: Math.max(from, offsetOf(luaEditor, d.endLine, d.endColumn)), severity: "error", message: d.message };
    });
    luaEditor.dispatch(setDiagnostics(luaEditor.state, diags));
    hasDiagnostics = true;
  }
  const t1 = performance.now();
  stats.updates.push({ workMs: t1 - t0, compileMs: compiled - t0, latencyMs: t1 - editedAt, lines: luaEditor.state.doc.lines });
}

const bytecodeUpdate = oncePerFrame(() => updateBytecode());

const luaEditor = createEditor({
  parent: $("#lua-editor"),
  doc: state.lua,
  language: luaLanguage,
  extensions: [hoverLines.extension, traceLine.extension],
  onChange: () => {
    editedAt = performance.now();
    saveSoon();
    bytecodeUpdate.request();
  },
});
luaEditor.dom.addEventListener("mousemove", (ev) => {
  const line = lineAtMouse(luaEditor, ev);
  bytecode.highlightLines(line > 0 ? [line] : []);
});
luaEditor.dom.addEventListener("mouseleave", () => bytecode.highlightLines([]));

const stepper = createTraceStepper($("#trace"), {
  onStep(e) {
    traceLine.set(luaEditor, e === undefined ? [] : [e.line]);
    bytecode.highlightInstruction(e === undefined ? undefined : bytecode.indexOf(e.proto), e?.pc);
  },
});

const setBudgetInputs = createBudgetInputs($("#budgets"), state.budget, (b) => {
  state = { ...state, budget: b };
  saveSoon();
});

function run(): void {
  bytecodeUpdate.flush();
  if (script === undefined) {
    $("#run-result").innerHTML = "";
    const pre = document.createElement("pre");
    pre.className = "run-error";
    pre.textContent = compileError?.format() ?? "nothing to run";
    $("#run-result").append(pre);
    stepper.load(undefined);
    return;
  }
  const outcome = runScript(script, state.budget);
  renderOutcome($("#run-result"), outcome, state.budget);
  stepper.load(outcome.trace);
}
$("#run").addEventListener("click", run);
luaEditor.dom.addEventListener("keydown", (ev) => {
  if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") {
    ev.preventDefault();
    run();
  }
});

// ---------------------------------------------------------------------------- other modes

const formula = createFormulaMode($("#formula-mode"), state, saveSoon);
const rules = createRulesMode($("#rules-mode"), state, saveSoon);

function setMode(mode: Mode): void {
  state = { ...state, mode };
  for (const el of document.querySelectorAll<HTMLElement>("[data-mode-panel]")) el.hidden = el.dataset.modePanel !== mode;
  for (const el of document.querySelectorAll<HTMLElement>("[data-mode]")) el.classList.toggle("active", el.dataset.mode === mode);
  saveSoon();
}
$("#modes").addEventListener("click", (ev) => {
  const mode = (ev.target as HTMLElement).closest<HTMLElement>("[data-mode]")?.dataset.mode;
  if (mode === "lua" || mode === "formula" || mode === "rules") setMode(mode);
});

/** Apply a state from a link: every editor, the budgets and the mode. */
function restore(s: PageState): void {
  state = s;
  setText(luaEditor, s.lua);
  setText(formula.formula, s.formula);
  setText(formula.facts, s.facts);
  setText(rules.rules, s.rules);
  setText(rules.records, s.records);
  setBudgetInputs(s.budget);
  setMode(s.mode);
}
window.addEventListener("hashchange", () => restore(decodeState(location.hash, DEFAULT_STATE)));

updateBytecode();
setMode(state.mode);
document.body.dataset.ready = "true";
