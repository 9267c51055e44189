// The bytecode panel: the disassembler's listing (luac -l -l) structured per prototype —
// nested prototypes as nested, foldable <details> — with each instruction's line and the
// locals in its registers, so hovering can link instructions and source lines both ways.

import { disassemble } from "../../src/vm/disasm.js";
import { OP_NAMES } from "../../src/vm/opcodes.js";
import type { Proto } from "../../src/vm/proto.js";
import type { Script } from "../../src/vm/script.js";
import { operands } from "../../src/vm/trace.js";
import { escapeHtml, localName, preorder, protoTitle } from "./proto-names.js";

/** Opcodes whose A operand is not a register of the frame. */
const A_NOT_REGISTER = new Set(["JMP", "SETTABUP", "EXTRAARG"]);
/** Opcodes whose B (and C) are RK operands or plain registers worth naming. */
const B_REGISTER = new Set(["MOVE", "UNM", "BNOT", "NOT", "LEN", "GETTABLE", "SELF", "TESTSET"]);
const RK_BC = new Set(["SETTABLE", "ADD", "SUB", "MUL", "MOD", "POW", "DIV", "IDIV", "BAND", "BOR", "BXOR", "SHL", "SHR", "EQ", "LT", "LE"]);

/** "R2=total R0=price": the locals an instruction's register operands hold. */
function registerNames(p: Proto, pc: number): string {
  const { op, a, b, c } = operands(p.code[pc]!);
  const name = OP_NAMES[op] ?? "";
  const out: string[] = [];
  const add = (r: number, declares = false): void => {
    // a destination register may hold a local that starts just after: `local s = a + b`
    const n = localName(p, pc, r) ?? (declares ? localName(p, pc + 1, r) : undefined);
    if (n !== undefined && !out.includes(`R${r}=${n}`)) out.push(`R${r}=${n}`);
  };
  if (!A_NOT_REGISTER.has(name)) add(a, true);
  if (B_REGISTER.has(name)) add(b);
  if (RK_BC.has(name) || name === "GETTABLE" || name === "SELF") {
    if (RK_BC.has(name) && b < 256) add(b);
    if (c < 256) add(c);
  }
  return out.join(" ");
}

export interface BytecodeView {
  /** Show a compiled script (its instructions in `prototypes` order). */
  render(script: Script): void;
  /** Mark the source as not compiling: keep the last listing, dimmed, under the message. */
  showError(message: string): void;
  /** Highlight every instruction compiled from one of these source lines. */
  highlightLines(lines: readonly number[]): void;
  /** Highlight one instruction (trace stepper), scrolling it into view; undefined clears. */
  highlightInstruction(protoIndex: number | undefined, pc?: number): void;
  /** Preorder index of a prototype of the last rendered script. */
  indexOf(p: Proto): number;
}

export function createBytecodeView(container: HTMLElement, onHoverInstruction: (line: number | undefined) => void): BytecodeView {
  const status = document.createElement("div");
  status.className = "bc-status";
  const listing = document.createElement("div");
  listing.className = "bc-listing";
  container.append(status, listing);
  let byLine = new Map<number, HTMLElement[]>();
  let lit: HTMLElement[] = [];
  let current: HTMLElement | undefined;
  let protos: Proto[] = [];

  listing.addEventListener("mouseover", (ev) => {
    const el = (ev.target as HTMLElement).closest<HTMLElement>(".ins");
    onHoverInstruction(el ? Number(el.dataset.line) : undefined);
  });
  listing.addEventListener("mouseleave", () => onHoverInstruction(undefined));

  /** What is on screen, to patch only what changed (a full re-render of ~400 rows costs ~10 ms). */
  let shape = "";
  let rowHtml: string[] = [];
  let rowLine: number[] = [];
  let rowEls: HTMLElement[] = [];
  let summaries: string[] = [];
  let tails: string[] = [];

  function render(script: Script): void {
    protos = preorder(script.proto);
    const text = disassemble(script, { source: false }).split("\n");
    // the listing, per prototype in preorder: a blank line, two header lines, one line per
    // instruction, then constants, locals and upvalues each with a heading line
    let at = 0;
    const newRows: string[] = [];
    const newLines: number[] = [];
    const newSummaries: string[] = [];
    const newTails: string[] = [];
    for (const p of protos) {
      at++; // blank
      const header = text.slice(at, at + 2);
      at += 2;
      newSummaries.push(`<b>${escapeHtml(protoTitle(p))}</b> <span class="muted">${escapeHtml(header.join(" · "))}</span>`);
      for (let pc = 0; pc < p.code.length; pc++) {
        // "\t<pc>\t[<line>]\t<OP>\t<operands>[\t; comment]"
        const cols = text[at + pc]!.split("\t");
        const regs = registerNames(p, pc);
        newLines.push(p.lineinfo[pc] ?? 0);
        newRows.push(`<span class="pc">${pc + 1}</span><span class="ln">[${p.lineinfo[pc] ?? 0}]</span><span class="op">${escapeHtml((cols[3] ?? "").trim())}</span>` +
          `<span class="args">${escapeHtml(cols[4] ?? "")}</span><span class="cmt">${escapeHtml(cols.slice(5).join(" "))}</span>` +
          (regs ? `<span class="regs">${escapeHtml(regs)}</span>` : ""));
      }
      at += p.code.length;
      const tailLen = 3 + p.k.length + p.locvars.length + p.upvalues.length;
      newTails.push(text.slice(at, at + tailLen).join("\n"));
      at += tailLen;
    }
    // the tree's shape: the same shape keeps every element and only changed rows are rewritten
    const newShape = protos.map((p) => `${p.code.length}/${p.p.length}`).join(",");
    if (newShape === shape) {
      for (let i = 0; i < newRows.length; i++) {
        if (newRows[i] !== rowHtml[i]) rowEls[i]!.innerHTML = newRows[i]!;
        if (newLines[i] !== rowLine[i]) rowEls[i]!.dataset.line = String(newLines[i]);
      }
      const sumEls = listing.querySelectorAll<HTMLElement>("details.proto > summary");
      const tailEls = listing.querySelectorAll<HTMLElement>("details.tables > pre");
      protos.forEach((_, id) => {
        if (newSummaries[id] !== summaries[id]) sumEls[id]!.innerHTML = newSummaries[id]!;
        if (newTails[id] !== tails[id]) tailEls[id]!.textContent = newTails[id]!;
      });
    } else {
      let row = 0;
      let index = 0;
      const html = (p: Proto): string => {
        const id = index++;
        let out = `<details class="proto" open data-proto="${id}"><summary>${newSummaries[id]}</summary><div class="ins-list">`;
        for (let pc = 0; pc < p.code.length; pc++, row++) {
          out += `<div class="ins" data-line="${newLines[row]}" data-proto="${id}" data-pc="${pc}">${newRows[row]}</div>`;
        }
        out += `</div><details class="tables"><summary>constants, locals, upvalues</summary><pre>${escapeHtml(newTails[id]!)}</pre></details>`;
        for (const child of p.p) out += html(child);
        return out + "</details>";
      };
      // keep folds the user closed (the tree usually keeps its first prototypes as you type)
      const closed = new Set([...listing.querySelectorAll<HTMLDetailsElement>("details.proto:not([open])")].map((d) => d.dataset.proto));
      listing.innerHTML = html(script.proto);
      for (const id of closed) listing.querySelector<HTMLDetailsElement>(`details.proto[data-proto="${id}"]`)?.removeAttribute("open");
      rowEls = [...listing.querySelectorAll<HTMLElement>(".ins")]; // document order = preorder, then pc
      shape = newShape;
      current = undefined;
    }
    rowHtml = newRows;
    rowLine = newLines;
    summaries = newSummaries;
    tails = newTails;
    byLine = new Map();
    rowEls.forEach((el, i) => {
      const l = newLines[i]!;
      let list = byLine.get(l);
      if (list === undefined) byLine.set(l, (list = []));
      list.push(el);
    });
    for (const el of lit) el.classList.remove("hl");
    lit = [];
    status.textContent = `${protos.length} prototype${protos.length === 1 ? "" : "s"}, ${newRows.length} instructions`;
    status.classList.remove("error");
    listing.classList.remove("stale");
  }

  return {
    render,
    showError(message) {
      status.textContent = message;
      status.classList.add("error");
      listing.classList.add("stale");
    },
    highlightLines(lines) {
      for (const el of lit) el.classList.remove("hl");
      lit = lines.flatMap((l) => byLine.get(l) ?? []);
      for (const el of lit) el.classList.add("hl");
      lit[0]?.scrollIntoView({ block: "nearest" });
    },
    highlightInstruction(protoIndex, pc) {
      current?.classList.remove("current");
      current = protoIndex === undefined ? undefined : listing.querySelector<HTMLElement>(`.ins[data-proto="${protoIndex}"][data-pc="${pc}"]`) ?? undefined;
      current?.classList.add("current");
      current?.scrollIntoView({ block: "nearest" });
    },
    indexOf(p) {
      return protos.indexOf(p);
    },
  };
}
