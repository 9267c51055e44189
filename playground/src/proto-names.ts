// Names for what a prototype's instructions refer to: the local living in a register at a pc,
// and a stable numbering of the prototype tree (preorder, as the disassembler numbers it).

import type { Proto } from "../../src/vm/proto.js";
import { fromByteString } from "../../src/vm/bytes.js";

/** The local variable held in `reg` at `pc`, if any: the n-th active local lives in register n. */
export function localName(p: Proto, pc: number, reg: number): string | undefined {
  let n = 0;
  for (const lv of p.locvars) {
    if (lv.startpc <= pc && pc < lv.endpc) {
      if (n === reg) return fromByteString(lv.name);
      n++;
    }
  }
  return undefined;
}

/** Every prototype of a tree in preorder: index = the disassembler's pseudo-address. */
export function preorder(main: Proto): Proto[] {
  const out: Proto[] = [];
  const walk = (p: Proto): void => {
    out.push(p);
    for (const c of p.p) walk(c);
  };
  walk(main);
  return out;
}

export function protoTitle(p: Proto): string {
  return p.linedefined === 0 ? "main chunk" : `function at lines ${p.linedefined}–${p.lastlinedefined}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}
