// Register bytecode in the layout of Lua 5.3 (lopcodes.h): one 32-bit word per instruction,
//   iABC:  op:6 | A:8 | C:9 | B:9      (bits 0-5, 6-13, 14-22, 23-31)
//   iABx:  op:6 | A:8 | Bx:18
//   iAsBx: op:6 | A:8 | sBx:18 (excess-K)
//   iAx:   op:6 | Ax:26
// B and C of "RK" operands name a constant when their top bit (256) is set.
// Keeping 5.3's layout keeps its limits (255 registers, 200 locals) and lets the error blame
// logic read the bytecode the way ldebug.c does.

export const enum Op {
  MOVE, LOADK, LOADKX, LOADBOOL, LOADNIL, GETUPVAL, GETTABUP, GETTABLE, SETTABUP, SETUPVAL,
  SETTABLE, NEWTABLE, SELF, ADD, SUB, MUL, MOD, POW, DIV, IDIV, BAND, BOR, BXOR, SHL, SHR,
  UNM, BNOT, NOT, LEN, CONCAT, JMP, EQ, LT, LE, TEST, TESTSET, CALL, TAILCALL, RETURN,
  FORLOOP, FORPREP, TFORCALL, TFORLOOP, SETLIST, CLOSURE, VARARG, EXTRAARG,
}

export const OP_NAMES = [
  "MOVE", "LOADK", "LOADKX", "LOADBOOL", "LOADNIL", "GETUPVAL", "GETTABUP", "GETTABLE",
  "SETTABUP", "SETUPVAL", "SETTABLE", "NEWTABLE", "SELF", "ADD", "SUB", "MUL", "MOD", "POW",
  "DIV", "IDIV", "BAND", "BOR", "BXOR", "SHL", "SHR", "UNM", "BNOT", "NOT", "LEN", "CONCAT",
  "JMP", "EQ", "LT", "LE", "TEST", "TESTSET", "CALL", "TAILCALL", "RETURN", "FORLOOP",
  "FORPREP", "TFORCALL", "TFORLOOP", "SETLIST", "CLOSURE", "VARARG", "EXTRAARG",
] as const;

export const NUM_OPCODES = OP_NAMES.length;

export const enum OpMode { ABC, ABx, AsBx, Ax }

export const OP_MODES: readonly OpMode[] = [
  OpMode.ABC, OpMode.ABx, OpMode.ABx, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC,
  OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC,
  OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC,
  OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.AsBx, OpMode.ABC,
  OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.ABC, OpMode.AsBx,
  OpMode.AsBx, OpMode.ABC, OpMode.AsBx, OpMode.ABC, OpMode.ABx, OpMode.ABC, OpMode.Ax,
];

export const SIZE_A = 8, SIZE_B = 9, SIZE_C = 9, SIZE_BX = 18;
export const POS_A = 6, POS_C = 14, POS_B = 23;
export const MAXARG_A = 255, MAXARG_B = 511, MAXARG_C = 511;
export const MAXARG_BX = (1 << SIZE_BX) - 1;
export const MAXARG_SBX = MAXARG_BX >> 1;
export const MAXARG_AX = (1 << 26) - 1;
/** RK operands: values >= BITRK index the constant table. */
export const BITRK = 256;
export const MAXINDEXRK = BITRK - 1;
/** Registers available to a function (lua's MAXREGS). */
export const MAXREGS = 255;
/** Table constructor items flushed per SETLIST (LFIELDS_PER_FLUSH). */
export const LFIELDS_PER_FLUSH = 50;
/** `nil` marker for "jump list empty". */
export const NO_JUMP = -1;

export function createABC(op: Op, a: number, b: number, c: number): number {
  return op | (a << POS_A) | (c << POS_C) | (b << POS_B);
}
export function createABx(op: Op, a: number, bx: number): number {
  return op | (a << POS_A) | (bx << POS_C);
}
export function createAsBx(op: Op, a: number, sbx: number): number {
  return createABx(op, a, sbx + MAXARG_SBX);
}
export function createAx(op: Op, ax: number): number {
  return op | (ax << POS_A);
}

export function getOp(i: number): Op {
  return (i & 0x3f) as Op;
}
export function getA(i: number): number {
  return (i >>> POS_A) & 0xff;
}
export function getB(i: number): number {
  return i >>> POS_B;
}
export function getC(i: number): number {
  return (i >>> POS_C) & 0x1ff;
}
export function getBx(i: number): number {
  return i >>> POS_C;
}
export function getSBx(i: number): number {
  return (i >>> POS_C) - MAXARG_SBX;
}
export function getAx(i: number): number {
  return i >>> POS_A;
}
export function setA(i: number, a: number): number {
  return (i & ~(0xff << POS_A)) | (a << POS_A);
}
export function setB(i: number, b: number): number {
  return (i & ~(0x1ff << POS_B)) | (b << POS_B);
}
export function setC(i: number, c: number): number {
  return (i & ~(0x1ff << POS_C)) | (c << POS_C);
}
export function setSBx(i: number, sbx: number): number {
  return (i & 0x3fff) | ((sbx + MAXARG_SBX) << POS_C);
}
export function isK(x: number): boolean {
  return (x & BITRK) !== 0;
}
export function indexK(x: number): number {
  return x & ~BITRK;
}
export function rkAsK(x: number): number {
  return x | BITRK;
}

/** Does the instruction set register A? (lua's testAMode) */
export function testAMode(op: Op): boolean {
  switch (op) {
    case Op.SETTABUP: case Op.SETUPVAL: case Op.SETTABLE: case Op.JMP: case Op.EQ: case Op.LT:
    case Op.LE: case Op.TEST: case Op.RETURN: case Op.SETLIST: case Op.EXTRAARG: case Op.TAILCALL:
      return false;
    default:
      return true;
  }
}

/** Is the instruction a test (the next instruction is a jump)? (lua's testTMode) */
export function testTMode(op: Op): boolean {
  return op === Op.EQ || op === Op.LT || op === Op.LE || op === Op.TEST || op === Op.TESTSET;
}
