// Stepping through an execution trace forwards and back. The trace records, per instruction,
// the values it read and the value it left in R(A); the registers of the current frame are
// rebuilt by replaying the writes of that frame's earlier steps (registers filled by other
// means — call results, varargs, loop control — show as not yet seen).

import type { Trace, TraceEntry } from "../../src/vm/trace.js";
import { showLua } from "./lua-values.js";
import { escapeHtml, localName, protoTitle } from "./proto-names.js";

export interface StepperHooks {
  /** The current step moved: highlight its line and instruction (undefined: no step). */
  onStep(entry: TraceEntry | undefined): void;
}

/** A frame id per entry: a new id when depth grows or a tail call changes the prototype. */
export function frameIds(entries: readonly TraceEntry[]): number[] {
  const stack: { id: number; entry: TraceEntry | undefined }[] = [];
  let next = 0;
  return entries.map((e) => {
    if (stack.length > e.depth + 1) stack.length = e.depth + 1;
    while (stack.length < e.depth + 1) stack.push({ id: next++, entry: undefined });
    const top = stack[e.depth]!;
    if (top.entry !== undefined && top.entry.proto !== e.proto) {
      top.id = next++;
    }
    top.entry = e;
    return top.id;
  });
}

export interface TraceStepper {
  load(trace: Trace | undefined): void;
  /** Index of the current step, -1 when there is none. */
  readonly index: number;
}

export function createTraceStepper(container: HTMLElement, hooks: StepperHooks): TraceStepper {
  container.innerHTML = `
    <div class="stepper-bar">
      <button data-step="first" title="first step">first</button>
      <button data-step="back" title="step back">◀ back</button>
      <input type="range" class="step-range" min="0" max="0" value="0">
      <button data-step="forward" title="step forward">forward ▶</button>
      <button data-step="last" title="last step">last</button>
      <span class="step-pos"></span>
    </div>
    <div class="step-entry"></div>
    <table class="registers"><thead><tr><th>reg</th><th>local</th><th>value</th></tr></thead><tbody></tbody></table>`;
  const range = container.querySelector<HTMLInputElement>(".step-range")!;
  const pos = container.querySelector<HTMLElement>(".step-pos")!;
  const entryEl = container.querySelector<HTMLElement>(".step-entry")!;
  const regsBody = container.querySelector<HTMLElement>(".registers tbody")!;
  let entries: readonly TraceEntry[] = [];
  let frames: number[] = [];
  let dropped = 0;
  let index = -1;

  function show(): void {
    const e = entries[index];
    range.max = String(Math.max(0, entries.length - 1));
    range.value = String(Math.max(0, index));
    if (e === undefined) {
      pos.textContent = "no trace";
      entryEl.textContent = "";
      regsBody.innerHTML = "";
      hooks.onStep(undefined);
      return;
    }
    pos.textContent = `step ${index + 1} of ${entries.length}${dropped > 0 ? ` (${dropped} earlier not kept)` : ""}`;
    const reads = e.reads.map(showLua).join(", ");
    entryEl.innerHTML =
      `<div><b>#${e.seq}</b> ${escapeHtml(protoTitle(e.proto))} · pc ${e.pc + 1} · line ${e.line} · depth ${e.depth}</div>` +
      `<div class="mono"><span class="op">${escapeHtml(e.op)}</span> ${e.a} ${e.b} ${e.c}` +
      (reads ? ` <span class="muted">reads</span> ${escapeHtml(reads)}` : "") +
      ("wrote" in e ? ` <span class="muted">wrote</span> R${e.a} = ${escapeHtml(showLua(e.wrote))}` : "") + "</div>";
    // registers before this step runs: the writes of this frame's earlier steps
    const frame = frames[index]!;
    const regs = new Map<number, { value: string; step: number }>();
    for (let j = 0; j < index; j++) {
      const w = entries[j]!;
      if (frames[j] === frame && "wrote" in w) regs.set(w.a, { value: showLua(w.wrote), step: j });
    }
    let rows = "";
    for (let r = 0; r < e.proto.maxstacksize; r++) {
      const v = regs.get(r);
      const name = localName(e.proto, e.pc, r) ?? "";
      const fresh = v !== undefined && v.step === index - 1 ? ' class="fresh"' : "";
      rows += `<tr${fresh} data-reg="${r}"><td>R${r}</td><td>${escapeHtml(name)}</td><td class="mono">${v === undefined ? '<span class="muted">·</span>' : escapeHtml(v.value)}</td></tr>`;
    }
    regsBody.innerHTML = rows;
    hooks.onStep(e);
  }

  function go(i: number): void {
    if (entries.length === 0) return;
    index = Math.max(0, Math.min(entries.length - 1, i));
    show();
  }

  container.querySelector(".stepper-bar")!.addEventListener("click", (ev) => {
    const step = (ev.target as HTMLElement).closest<HTMLElement>("button")?.dataset.step;
    if (step === "first") go(0);
    else if (step === "back") go(index - 1);
    else if (step === "forward") go(index + 1);
    else if (step === "last") go(entries.length - 1);
  });
  range.addEventListener("input", () => go(Number(range.value)));

  return {
    load(trace) {
      entries = trace?.entries ?? [];
      dropped = trace?.dropped ?? 0;
      frames = frameIds(entries);
      index = entries.length > 0 ? 0 : -1;
      show();
    },
    get index() {
      return index;
    },
  };
}
