// Naming things for error messages, by reading the bytecode as ldebug.c does: which local,
// global, field, upvalue, method or constant a register holds at a pc, and the name under
// which a function was called.

import { getA, getAx, getB, getBx, getC, getOp, getSBx, isK, indexK, Op, testAMode } from "./opcodes.js";
import type { Proto } from "./proto.js";

/** The name of the `n`-th (1-based) active local at pc, or undefined. */
export function getLocalName(p: Proto, n: number, pc: number): string | undefined {
  const lv = p.locvars;
  for (let i = 0; i < lv.length && lv[i]!.startpc <= pc; i++) {
    if (pc < lv[i]!.endpc) {
      n--;
      if (n === 0) return lv[i]!.name;
    }
  }
  return undefined;
}

function upvalName(p: Proto, uv: number): string {
  return p.upvalues[uv]?.name ?? "?";
}

function filterPc(pc: number, jmptarget: number): number {
  return pc < jmptarget ? -1 : pc;
}

/** The pc of the last instruction before lastpc that certainly set `reg`, or -1. */
function findSetReg(p: Proto, lastpc: number, reg: number): number {
  let setreg = -1;
  let jmptarget = 0;
  const code = p.code;
  for (let pc = 0; pc < lastpc; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    const a = getA(i);
    switch (op) {
      case Op.LOADNIL:
        if (a <= reg && reg <= a + getB(i)) setreg = filterPc(pc, jmptarget);
        break;
      case Op.TFORCALL:
        if (reg >= a + 2) setreg = filterPc(pc, jmptarget);
        break;
      case Op.CALL:
      case Op.TAILCALL:
        if (reg >= a) setreg = filterPc(pc, jmptarget);
        break;
      case Op.JMP: {
        const dest = pc + 1 + getSBx(i);
        if (pc < dest && dest <= lastpc && dest > jmptarget) jmptarget = dest;
        break;
      }
      default:
        if (testAMode(op) && reg === a) setreg = filterPc(pc, jmptarget);
        break;
    }
  }
  return setreg;
}

export interface ObjName {
  kind: "local" | "global" | "field" | "upvalue" | "constant" | "method";
  name: string;
}

function kname(p: Proto, pc: number, c: number): string {
  if (isK(c)) {
    const kv = p.k[indexK(c)];
    if (typeof kv === "string") return kv;
  } else {
    const r = getObjName(p, pc, c);
    if (r && r.kind === "constant") return r.name;
  }
  return "?";
}

/** What register `reg` holds at `lastpc`, named as lua5.3 names it in messages. */
export function getObjName(p: Proto, lastpc: number, reg: number): ObjName | undefined {
  const local = getLocalName(p, reg + 1, lastpc);
  if (local !== undefined) return { kind: "local", name: local };
  const pc = findSetReg(p, lastpc, reg);
  if (pc === -1) return undefined;
  const i = p.code[pc]!;
  switch (getOp(i)) {
    case Op.MOVE: {
      const b = getB(i);
      if (b < getA(i)) return getObjName(p, pc, b);
      break;
    }
    case Op.GETTABUP:
    case Op.GETTABLE: {
      const t = getB(i);
      const vn = getOp(i) === Op.GETTABLE ? getLocalName(p, t + 1, pc) : upvalName(p, t);
      const name = kname(p, pc, getC(i));
      return { kind: vn === "_ENV" ? "global" : "field", name };
    }
    case Op.GETUPVAL:
      return { kind: "upvalue", name: upvalName(p, getB(i)) };
    case Op.LOADK:
    case Op.LOADKX: {
      const b = getOp(i) === Op.LOADK ? getBx(i) : getAx(p.code[pc + 1]!);
      const kv = p.k[b];
      if (typeof kv === "string") return { kind: "constant", name: kv };
      break;
    }
    case Op.SELF:
      return { kind: "method", name: kname(p, pc, getC(i)) };
    default:
      break;
  }
  return undefined;
}

export function upvalueName(p: Proto, idx: number): string {
  return upvalName(p, idx);
}

const TM_NAMES: Partial<Record<Op, string>> = {
  [Op.SELF]: "__index", [Op.GETTABUP]: "__index", [Op.GETTABLE]: "__index",
  [Op.SETTABUP]: "__newindex", [Op.SETTABLE]: "__newindex",
  [Op.ADD]: "__add", [Op.SUB]: "__sub", [Op.MUL]: "__mul", [Op.MOD]: "__mod", [Op.POW]: "__pow",
  [Op.DIV]: "__div", [Op.IDIV]: "__idiv", [Op.BAND]: "__band", [Op.BOR]: "__bor",
  [Op.BXOR]: "__bxor", [Op.SHL]: "__shl", [Op.SHR]: "__shr", [Op.UNM]: "__unm",
  [Op.BNOT]: "__bnot", [Op.LEN]: "__len", [Op.CONCAT]: "__concat", [Op.EQ]: "__eq",
  [Op.LT]: "__lt", [Op.LE]: "__le",
};

export interface FuncName {
  kind: "global" | "local" | "method" | "field" | "upvalue" | "constant" | "for iterator" | "metamethod";
  name: string;
}

/** How the function called by the instruction at `pc` of `p` is named (funcnamefromcode). */
export function funcNameFromCode(p: Proto, pc: number): FuncName | undefined {
  const i = p.code[pc]!;
  const op = getOp(i);
  switch (op) {
    case Op.CALL:
    case Op.TAILCALL:
      return getObjName(p, pc, getA(i));
    case Op.TFORCALL:
      return { kind: "for iterator", name: "for iterator" };
    default: {
      const tm = TM_NAMES[op];
      return tm === undefined ? undefined : { kind: "metamethod", name: tm.slice(2) };
    }
  }
}
