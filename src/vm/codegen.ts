// Code generation primitives (the role of lcode.c): a FuncState accumulates one prototype's
// instructions, constants and debug info, and ExpDesc tracks an expression that has not been
// committed to a register yet, so the compiler emits the same tight register code as lua5.3
// (RK operands, conditional jumps without materialised booleans, constant folding).

import { arith, ArithOp } from "./arith.js";
import { syntaxError } from "./errors.js";
import {
  BITRK, createABC, createABx, createAsBx, createAx, getA, getB, getC, getOp, getSBx,
  LFIELDS_PER_FLUSH, MAXARG_AX, MAXARG_BX, MAXARG_C, MAXARG_SBX, MAXINDEXRK, MAXREGS, NO_JUMP, Op,
  setA, setB, setC, setSBx, testTMode,
} from "./opcodes.js";
import type { LocVar, Proto, UpvalDesc } from "./proto.js";
import { pow2 } from "./lexer.js";
import { LuaFloat, mkFloat, type LuaValue } from "./value.js";

export const enum VK {
  VOID, NIL, TRUE, FALSE, K, KFLT, KINT, NONRELOC, LOCAL, UPVAL, INDEXED, JMP, RELOCABLE, CALL, VARARG,
}

/** Stands for nil in the constant cache (a fresh object no real constant can equal). */
const NIL_KEY: LuaValue = new LuaFloat(Number.NaN);
/** Constants a function can have before they are indexed by maps. */
const K_SCAN_MAX = 64;

/** Cache key of a float with an integral value: its text ("-0" for -0.0, "NaN"...). */
function floatKey(n: LuaFloat): string {
  return Object.is(n.n, -0) ? "-0" : String(n.n);
}

export const NO_REG = 255; // lua's NO_REG (MAXARG_A): "no register" when patching TESTSET
export const MULTRET = -1;

export class ExpDesc {
  k: VK = VK.VOID;
  /** Register, pc, constant index or upvalue index, depending on k. */
  info = 0;
  /** Numeric value of KINT / KFLT. */
  nval: LuaValue = undefined;
  /** VINDEXED: table register or upvalue, key RK, and whether the table is a local or upvalue. */
  indT = 0;
  indIdx = 0;
  indVt: VK.LOCAL | VK.UPVAL = VK.LOCAL;
  /** Patch lists of jumps taken when the expression is true / false. */
  t = NO_JUMP;
  f = NO_JUMP;

  init(k: VK, info: number): this {
    this.k = k;
    this.info = info;
    this.t = this.f = NO_JUMP;
    return this;
  }

  copyFrom(o: ExpDesc): void {
    this.k = o.k; this.info = o.info; this.nval = o.nval;
    this.indT = o.indT; this.indIdx = o.indIdx; this.indVt = o.indVt;
    this.t = o.t; this.f = o.f;
  }

  hasJumps(): boolean {
    return this.t !== this.f;
  }

  hasMultRet(): boolean {
    return this.k === VK.CALL || this.k === VK.VARARG;
  }
}

/** The integer 0, lua's dummy second operand of a unary operator in constant folding. */
const ZERO = new ExpDesc().init(VK.KINT, 0);
ZERO.nval = 0;

export interface BlockCnt {
  previous: BlockCnt | null;
  firstLabel: number;
  firstGoto: number;
  nactvar: number;
  upval: boolean;
  isLoop: boolean;
}

export interface LabelDesc {
  /** Name id (lexer.ts); lua's internal "break" label is ID_BREAK. */
  id: number;
  pc: number;
  line: number;
  nactvar: number;
}

/** Unary and binary operators in lcode.h's order (the opcode arithmetic below relies on it). */
export const enum BinOpr {
  ADD, SUB, MUL, MOD, POW, DIV, IDIV, BAND, BOR, BXOR, SHL, SHR, CONCAT,
  EQ, LT, LE, NE, GT, GE, AND, OR,
}
export const enum UnOpr { MINUS, BNOT, NOT, LEN }

/** lua's luaO_int2fb: a "floating point byte" (eeeeexxx) size hint for NEWTABLE. */
export function int2fb(x: number): number {
  let e = 0;
  if (x < 8) return x;
  while (x >= 8 << 4) {
    x = (x + 0xf) >> 4;
    e += 4;
  }
  while (x >= 8 << 1) {
    x = (x + 1) >> 1;
    e++;
  }
  return ((e + 1) << 3) | (x - 8);
}

export function fb2int(x: number): number {
  return x < 8 ? x : ((x & 7) + 8) << ((x >> 3) - 1);
}

// ------------------------------------------------------------ instruction storage
//
// Typed arrays over 64 bytes keep their data outside the JS heap, and creating one costs about
// as much as compiling a small function. So a function's instructions are collected in scratch
// buffers that live on (one set per nesting depth: an inner function is compiled while its
// outer one is open), and the finished arrays of a prototype are views of a slab that many
// prototypes share (CodeSlab).

/** The instruction, line and column buffers of the function being compiled at some depth. */
class InstrBuffers {
  code: Int32Array;
  lines: Int32Array;
  cols: Int32Array;
  constructor(size: number) {
    this.code = new Int32Array(size);
    this.lines = new Int32Array(size);
    this.cols = new Int32Array(size);
  }
}
const instrBuffers: (InstrBuffers | undefined)[] = [];
/** Buffers grown beyond this are not kept for reuse. */
const INSTR_BUFFERS_MAX = 1 << 16;

/**
 * Memory for the code, line and column arrays of finished prototypes: each gets a view of a
 * piece of the current slab, and a new slab is started when one is full. A slab lives as long
 * as any prototype using it, so slabs are kept small, and an array too big for a good part of
 * one gets a buffer of its own.
 */
class CodeSlab {
  private static readonly INTS = 1 << 12; // 16 KB
  private buffer = new ArrayBuffer(CodeSlab.INTS * 4);
  private ints = new Int32Array(this.buffer);
  private top = 0;

  /** A new array holding the first n entries of a. */
  copy(a: Int32Array, n: number): Int32Array {
    if (n > CodeSlab.INTS >> 2) return a.slice(0, n);
    if (this.top + n > this.ints.length) {
      this.buffer = new ArrayBuffer(CodeSlab.INTS * 4);
      this.ints = new Int32Array(this.buffer);
      this.top = 0;
    }
    const ints = this.ints;
    const at = this.top;
    for (let i = 0; i < n; i++) ints[at + i] = a[i]!;
    this.top = at + n;
    // (the constructor makes a view faster than subarray(), which looks up a species)
    return new Int32Array(this.buffer, at * 4, n);
  }
}
const codeSlab = new CodeSlab();

/**
 * Most string constants are names (globals, fields, methods). Rather than look for them among
 * the constants by value, the constant index of a name in the function being compiled is kept
 * by name id, tagged with the function's serial number: a tag of another function is just a
 * miss (the serial numbers are never reused, so the arrays never need clearing).
 */
class NameConstants {
  owner = new Int32Array(1024);
  index = new Int32Array(1024);
  private lastSerial = 0;

  newSerial(): number {
    if (this.lastSerial === 0x7fffffff) {
      this.owner.fill(0);
      this.lastSerial = 0;
    }
    return ++this.lastSerial;
  }

  remember(id: number, serial: number, k: number): void {
    if (id >= this.owner.length) {
      let size = this.owner.length * 2;
      while (size <= id) size *= 2;
      const owner = new Int32Array(size);
      const index = new Int32Array(size);
      owner.set(this.owner);
      index.set(this.index);
      this.owner = owner;
      this.index = index;
    }
    this.owner[id] = serial;
    this.index[id] = k;
  }
}
const nameConstants = new NameConstants();

export class FuncState {
  /** Instructions, and the line and column of each; the first pc entries are in use. The
   *  arrays are scratch buffers (see InstrBuffers) and may be replaced when they grow. */
  code: Int32Array;
  lines: Int32Array;
  cols: Int32Array;
  pc = 0;
  private readonly depth: number;
  /** Identifies this function in nameConstants. */
  private readonly serial = nameConstants.newSerial();
  readonly k: LuaValue[] = [];
  /** Index of each constant, once there are too many to find by a scan of k: floats with an
   *  integral value (LuaFloat boxes) by their text in kfloats, the others by value in kvalues
   *  (nil as NIL_KEY). */
  private kvalues: Map<LuaValue, number> | null = null;
  private kfloats: Map<string, number> | null = null;
  readonly protos: Proto[] = [];
  readonly upvalues: UpvalDesc[] = [];
  /** Name id of each upvalue. */
  private readonly upvalIds: number[] = [];
  readonly locvars: { name: string; startpc: number; endpc: number }[] = [];
  /** Indices into locvars of the declared locals, active or about to be (the first ndeclared
   *  entries are valid), and their name ids. */
  private readonly actvar: number[] = [];
  readonly actvarId: number[] = [];
  ndeclared = 0;
  readonly labels: LabelDesc[] = [];
  readonly gotos: LabelDesc[] = [];
  nactvar = 0;
  freereg = 0;
  maxstacksize = 2;
  lasttarget = 0;
  jpc = NO_JUMP;
  bl: BlockCnt | null = null;
  numparams = 0;
  isVararg = false;
  /** Position given to instructions emitted now (the compiler moves it as it walks). */
  line = 0;
  col = 0;

  constructor(
    readonly prev: FuncState | null,
    readonly source: string,
    readonly linedefined: number,
  ) {
    const depth = prev === null ? 0 : prev.depth + 1;
    this.depth = depth;
    const bufs = (instrBuffers[depth] ??= new InstrBuffers(64));
    this.code = bufs.code;
    this.lines = bufs.lines;
    this.cols = bufs.cols;
  }

  private growInstrBuffers(): void {
    const bufs = new InstrBuffers(this.code.length * 2);
    bufs.code.set(this.code);
    bufs.lines.set(this.lines);
    bufs.cols.set(this.cols);
    this.code = bufs.code;
    this.lines = bufs.lines;
    this.cols = bufs.cols;
    instrBuffers[this.depth] = bufs.code.length <= INSTR_BUFFERS_MAX ? bufs : undefined;
  }

  // ------------------------------------------------------------ variables

  /** Declare a local variable (active once the compiler adjusts nactvar). */
  declareLocal(id: number, name: string): void {
    this.locvars.push({ name, startpc: 0, endpc: 0 });
    this.actvar[this.ndeclared] = this.locvars.length - 1;
    this.actvarId[this.ndeclared] = id;
    this.ndeclared++;
  }

  /** The debug descriptor of the local in register i. */
  localVar(i: number): { name: string; startpc: number; endpc: number } {
    return this.locvars[this.actvar[i]!]!;
  }

  /** Index of the upvalue named id, or -1. */
  searchUpvalue(id: number): number {
    const ids = this.upvalIds;
    for (let i = 0; i < ids.length; i++) if (ids[i] === id) return i;
    return -1;
  }

  addUpvalue(id: number, name: string, instack: boolean, idx: number): number {
    this.upvalues.push({ name, instack, idx });
    this.upvalIds.push(id);
    return this.upvalues.length - 1;
  }

  error(msg: string): never {
    throw syntaxError(`${this.source}:${this.line}: ${msg}`, this.source, this.line, this.col);
  }

  errorLimit(limit: number, what: string): never {
    const where = this.linedefined === 0 ? "main function" : `function at line ${this.linedefined}`;
    this.error(`too many ${what} (limit is ${limit}) in ${where}`);
  }

  // ------------------------------------------------------------ emitting

  emit(i: number): number {
    if (this.jpc !== NO_JUMP) this.dischargejpc();
    const pc = this.pc;
    if (pc === this.code.length) this.growInstrBuffers();
    this.code[pc] = i;
    this.lines[pc] = this.line;
    this.cols[pc] = this.col;
    this.pc = pc + 1;
    return pc;
  }

  codeABC(op: Op, a: number, b: number, c: number): number {
    return this.emit(createABC(op, a, b, c));
  }

  codeABx(op: Op, a: number, bx: number): number {
    return this.emit(createABx(op, a, bx));
  }

  codeAsBx(op: Op, a: number, sbx: number): number {
    return this.emit(createAsBx(op, a, sbx));
  }

  codeK(reg: number, k: number): number {
    if (k <= MAXARG_BX) return this.codeABx(Op.LOADK, reg, k);
    const p = this.codeABx(Op.LOADKX, reg, 0);
    this.codeExtraArg(k);
    return p;
  }

  private codeExtraArg(a: number): number {
    if (a > MAXARG_AX) this.error("constant table overflow");
    return this.emit(createAx(Op.EXTRAARG, a));
  }

  /** Attribute the last instruction to `line` (lua's luaK_fixline). */
  fixLine(line: number, col?: number): void {
    this.lines[this.pc - 1] = line;
    if (col !== undefined) this.cols[this.pc - 1] = col;
  }

  codeNil(from: number, n: number): void {
    let l = from + n - 1;
    if (this.pc > this.lasttarget && this.pc > 0) {
      const prev = this.code[this.pc - 1]!;
      if (getOp(prev) === Op.LOADNIL) {
        const pfrom = getA(prev);
        const pl = pfrom + getB(prev);
        if ((pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= l + 1)) {
          if (pfrom < from) from = pfrom;
          if (pl > l) l = pl;
          this.code[this.pc - 1] = setB(setA(prev, from), l - from);
          return;
        }
      }
    }
    this.codeABC(Op.LOADNIL, from, n - 1, 0);
  }

  ret(first: number, nret: number): void {
    this.codeABC(Op.RETURN, first, nret + 1, 0);
  }

  setList(base: number, nelems: number, tostore: number): void {
    const c = Math.floor((nelems - 1) / LFIELDS_PER_FLUSH) + 1;
    const b = tostore === MULTRET ? 0 : tostore;
    if (c <= MAXARG_C) this.codeABC(Op.SETLIST, base, b, c);
    else if (c <= MAXARG_AX) {
      this.codeABC(Op.SETLIST, base, b, 0);
      this.codeExtraArg(c);
    } else this.error("constructor too long");
    this.freereg = base + 1;
  }

  // ------------------------------------------------------------ registers

  checkStack(n: number): void {
    const newstack = this.freereg + n;
    if (newstack > this.maxstacksize) {
      if (newstack >= MAXREGS) this.error("function or expression needs too many registers");
      this.maxstacksize = newstack;
    }
  }

  reserveRegs(n: number): void {
    this.checkStack(n);
    this.freereg += n;
  }

  private freeReg(reg: number): void {
    if (reg >= 0 && (reg & BITRK) === 0 && reg >= this.nactvar) this.freereg--;
  }

  freeExp(e: ExpDesc): void {
    if (e.k === VK.NONRELOC) this.freeReg(e.info);
  }

  private freeExps(e1: ExpDesc, e2: ExpDesc): void {
    const r1 = e1.k === VK.NONRELOC ? e1.info : -1;
    const r2 = e2.k === VK.NONRELOC ? e2.info : -1;
    if (r1 > r2) {
      this.freeReg(r1);
      this.freeReg(r2);
    } else {
      this.freeReg(r2);
      this.freeReg(r1);
    }
  }

  // ------------------------------------------------------------ constants

  // Most functions have a handful of constants: a scan of k finds them faster than a Map
  // (and a Map per function is costly to create), so the maps only appear past K_SCAN_MAX.

  /** Index of constant v (nil, boolean, string, integer or non-integral float), added if new. */
  private addK(v: LuaValue): number {
    const k = this.k;
    if (this.kvalues === null) {
      if (v === v) { // NaN never equals itself: leave it to the map
        for (let i = 0; i < k.length; i++) if (k[i] === v) return i;
        if (k.length < K_SCAN_MAX) return k.push(v) - 1;
      }
      this.buildKMaps();
    }
    const key = v === undefined ? NIL_KEY : v;
    const found = this.kvalues!.get(key);
    if (found !== undefined) return found;
    this.kvalues!.set(key, k.length);
    return k.push(v) - 1;
  }

  /** Index of a float constant with an integral value, added if new. */
  private floatBoxK(n: LuaFloat): number {
    const k = this.k;
    if (this.kfloats === null) {
      for (let i = 0; i < k.length; i++) {
        const c = k[i];
        if (c instanceof LuaFloat && Object.is(c.n, n.n)) return i;
      }
      if (k.length < K_SCAN_MAX) return k.push(n) - 1;
      this.buildKMaps();
    }
    const key = floatKey(n);
    const found = this.kfloats!.get(key);
    if (found !== undefined) return found;
    this.kfloats!.set(key, k.length);
    return k.push(n) - 1;
  }

  private buildKMaps(): void {
    const kvalues = (this.kvalues = new Map());
    const kfloats = (this.kfloats = new Map());
    const k = this.k;
    for (let i = 0; i < k.length; i++) {
      const c = k[i];
      if (c instanceof LuaFloat) kfloats.set(floatKey(c), i);
      else kvalues.set(c === undefined ? NIL_KEY : c, i);
    }
  }

  stringK(s: string): number {
    return this.addK(s);
  }

  /** String constant of a name (by its id: see NameConstants). */
  nameK(id: number, names: readonly string[]): number {
    const nc = nameConstants;
    if (id < nc.owner.length && nc.owner[id] === this.serial) return nc.index[id]!;
    const k = this.addK(names[id]!);
    nc.remember(id, this.serial, k);
    return k;
  }

  /** Integer constant (number or bigint). */
  intK(n: number | bigint): number {
    return this.addK(n);
  }

  /** Float constant: a non-integral number, or a LuaFloat box for an integral value. */
  numberK(n: number | LuaFloat): number {
    return typeof n === "number" ? this.addK(n) : this.floatBoxK(n);
  }

  private boolK(b: boolean): number {
    return this.addK(b);
  }

  private nilK(): number {
    return this.addK(undefined);
  }

  // ------------------------------------------------------------ jumps

  private getJump(pc: number): number {
    const offset = getSBx(this.code[pc]!);
    return offset === NO_JUMP ? NO_JUMP : pc + 1 + offset;
  }

  private fixJump(pc: number, dest: number): void {
    const offset = dest - (pc + 1);
    if (Math.abs(offset) > MAXARG_SBX) this.error("control structure too long");
    this.code[pc] = setSBx(this.code[pc]!, offset);
  }

  /** Append jump list l2 to the list whose head is returned (lua's luaK_concat). */
  concat(l1: number, l2: number): number {
    if (l2 === NO_JUMP) return l1;
    if (l1 === NO_JUMP) return l2;
    let list = l1;
    let next: number;
    while ((next = this.getJump(list)) !== NO_JUMP) list = next;
    this.fixJump(list, l2);
    return l1;
  }

  jump(): number {
    const jpc = this.jpc;
    this.jpc = NO_JUMP;
    const j = this.codeAsBx(Op.JMP, 0, NO_JUMP);
    return this.concat(j, jpc);
  }

  jumpTo(target: number): void {
    this.patchList(this.jump(), target);
  }

  private condJump(op: Op, a: number, b: number, c: number): number {
    this.codeABC(op, a, b, c);
    return this.jump();
  }

  getLabel(): number {
    this.lasttarget = this.pc;
    return this.pc;
  }

  private getJumpControlPc(pc: number): number {
    if (pc >= 1 && testTMode(getOp(this.code[pc - 1]!))) return pc - 1;
    return pc;
  }

  private patchTestReg(node: number, reg: number): boolean {
    const ipc = this.getJumpControlPc(node);
    const i = this.code[ipc]!;
    if (getOp(i) !== Op.TESTSET) return false;
    if (reg !== NO_REG && reg !== getB(i)) this.code[ipc] = setA(i, reg);
    else this.code[ipc] = createABC(Op.TEST, getB(i), 0, getC(i));
    return true;
  }

  private removeValues(list: number): void {
    for (; list !== NO_JUMP; list = this.getJump(list)) this.patchTestReg(list, NO_REG);
  }

  private patchListAux(list: number, vtarget: number, reg: number, dtarget: number): void {
    while (list !== NO_JUMP) {
      const next = this.getJump(list);
      if (this.patchTestReg(list, reg)) this.fixJump(list, vtarget);
      else this.fixJump(list, dtarget);
      list = next;
    }
  }

  private dischargejpc(): void {
    this.patchListAux(this.jpc, this.pc, NO_REG, this.pc);
    this.jpc = NO_JUMP;
  }

  patchToHere(list: number): void {
    this.getLabel();
    this.jpc = this.concat(this.jpc, list);
  }

  patchList(list: number, target: number): void {
    if (target === this.pc) this.patchToHere(list);
    else this.patchListAux(list, target, NO_REG, target);
  }

  /** Make every jump in the list close upvalues from register `level` up (JMP's A = level+1). */
  patchClose(list: number, level: number): void {
    level++;
    for (; list !== NO_JUMP; list = this.getJump(list)) this.code[list] = setA(this.code[list]!, level);
  }

  // ------------------------------------------------------------ expressions

  setReturns(e: ExpDesc, nresults: number): void {
    if (e.k === VK.CALL) {
      this.code[e.info] = setC(this.code[e.info]!, nresults + 1);
    } else if (e.k === VK.VARARG) {
      this.code[e.info] = setA(setB(this.code[e.info]!, nresults + 1), this.freereg);
      this.reserveRegs(1);
    }
  }

  setMultRet(e: ExpDesc): void {
    this.setReturns(e, MULTRET);
  }

  setOneRet(e: ExpDesc): void {
    if (e.k === VK.CALL) {
      e.k = VK.NONRELOC;
      e.info = getA(this.code[e.info]!);
    } else if (e.k === VK.VARARG) {
      this.code[e.info] = setB(this.code[e.info]!, 2);
      e.k = VK.RELOCABLE;
    }
  }

  dischargeVars(e: ExpDesc): void {
    switch (e.k) {
      case VK.LOCAL:
        e.k = VK.NONRELOC;
        break;
      case VK.UPVAL:
        e.info = this.codeABC(Op.GETUPVAL, 0, e.info, 0);
        e.k = VK.RELOCABLE;
        break;
      case VK.INDEXED: {
        let op: Op;
        this.freeReg(e.indIdx);
        if (e.indVt === VK.LOCAL) {
          this.freeReg(e.indT);
          op = Op.GETTABLE;
        } else op = Op.GETTABUP;
        e.info = this.codeABC(op, 0, e.indT, e.indIdx);
        e.k = VK.RELOCABLE;
        break;
      }
      case VK.VARARG:
      case VK.CALL:
        this.setOneRet(e);
        break;
      default:
        break;
    }
  }

  private discharge2reg(e: ExpDesc, reg: number): void {
    this.dischargeVars(e);
    switch (e.k) {
      case VK.NIL:
        this.codeNil(reg, 1);
        break;
      case VK.FALSE:
      case VK.TRUE:
        this.codeABC(Op.LOADBOOL, reg, e.k === VK.TRUE ? 1 : 0, 0);
        break;
      case VK.K:
        this.codeK(reg, e.info);
        break;
      case VK.KFLT:
        this.codeK(reg, this.numberK(e.nval as number | LuaFloat));
        break;
      case VK.KINT:
        this.codeK(reg, this.intK(e.nval as number | bigint));
        break;
      case VK.RELOCABLE:
        this.code[e.info] = setA(this.code[e.info]!, reg);
        break;
      case VK.NONRELOC:
        if (reg !== e.info) this.codeABC(Op.MOVE, reg, e.info, 0);
        break;
      default:
        return; // VJMP: nothing to do yet
    }
    e.info = reg;
    e.k = VK.NONRELOC;
  }

  private discharge2anyreg(e: ExpDesc): void {
    if (e.k !== VK.NONRELOC) {
      this.reserveRegs(1);
      this.discharge2reg(e, this.freereg - 1);
    }
  }

  private codeLoadBool(a: number, b: number, jump: number): number {
    this.getLabel();
    return this.codeABC(Op.LOADBOOL, a, b, jump);
  }

  private needValue(list: number): boolean {
    for (; list !== NO_JUMP; list = this.getJump(list)) {
      if (getOp(this.code[this.getJumpControlPc(list)]!) !== Op.TESTSET) return true;
    }
    return false;
  }

  private exp2reg(e: ExpDesc, reg: number): void {
    this.discharge2reg(e, reg);
    if (e.k === VK.JMP) e.t = this.concat(e.t, e.info);
    if (e.hasJumps()) {
      let pf = NO_JUMP;
      let pt = NO_JUMP;
      if (this.needValue(e.t) || this.needValue(e.f)) {
        const fj = e.k === VK.JMP ? NO_JUMP : this.jump();
        pf = this.codeLoadBool(reg, 0, 1);
        pt = this.codeLoadBool(reg, 1, 0);
        this.patchToHere(fj);
      }
      const final = this.getLabel();
      this.patchListAux(e.f, final, reg, pf);
      this.patchListAux(e.t, final, reg, pt);
    }
    e.f = e.t = NO_JUMP;
    e.info = reg;
    e.k = VK.NONRELOC;
  }

  exp2nextreg(e: ExpDesc): void {
    this.dischargeVars(e);
    this.freeExp(e);
    this.reserveRegs(1);
    this.exp2reg(e, this.freereg - 1);
  }

  exp2anyreg(e: ExpDesc): number {
    this.dischargeVars(e);
    if (e.k === VK.NONRELOC) {
      if (!e.hasJumps()) return e.info;
      if (e.info >= this.nactvar) {
        this.exp2reg(e, e.info);
        return e.info;
      }
    }
    this.exp2nextreg(e);
    return e.info;
  }

  exp2anyregup(e: ExpDesc): void {
    if (e.k !== VK.UPVAL || e.hasJumps()) this.exp2anyreg(e);
  }

  exp2val(e: ExpDesc): void {
    if (e.hasJumps()) this.exp2anyreg(e);
    else this.dischargeVars(e);
  }

  exp2RK(e: ExpDesc): number {
    this.exp2val(e);
    let kidx = -1;
    switch (e.k) {
      case VK.TRUE: kidx = this.boolK(true); break;
      case VK.FALSE: kidx = this.boolK(false); break;
      case VK.NIL: kidx = this.nilK(); break;
      case VK.KINT: kidx = this.intK(e.nval as number | bigint); break;
      case VK.KFLT: kidx = this.numberK(e.nval as number | LuaFloat); break;
      case VK.K: kidx = e.info; break;
      default: break;
    }
    if (kidx >= 0) {
      e.k = VK.K;
      e.info = kidx;
      if (kidx <= MAXINDEXRK) return kidx | BITRK;
    }
    return this.exp2anyreg(e);
  }

  storeVar(v: ExpDesc, ex: ExpDesc): void {
    switch (v.k) {
      case VK.LOCAL:
        this.freeExp(ex);
        this.exp2reg(ex, v.info);
        return;
      case VK.UPVAL: {
        const e = this.exp2anyreg(ex);
        this.codeABC(Op.SETUPVAL, e, v.info, 0);
        break;
      }
      case VK.INDEXED: {
        const op = v.indVt === VK.LOCAL ? Op.SETTABLE : Op.SETTABUP;
        const e = this.exp2RK(ex);
        this.codeABC(op, v.indT, v.indIdx, e);
        break;
      }
      default:
        break;
    }
    this.freeExp(ex);
  }

  self(e: ExpDesc, key: ExpDesc): void {
    this.exp2anyreg(e);
    const ereg = e.info;
    this.freeExp(e);
    e.info = this.freereg;
    e.k = VK.NONRELOC;
    this.reserveRegs(2);
    this.codeABC(Op.SELF, e.info, ereg, this.exp2RK(key));
    this.freeExp(key);
  }

  private negateCondition(e: ExpDesc): void {
    const pc = this.getJumpControlPc(e.info);
    const i = this.code[pc]!;
    this.code[pc] = setA(i, getA(i) ? 0 : 1);
  }

  private jumpOnCond(e: ExpDesc, cond: number): number {
    if (e.k === VK.RELOCABLE) {
      const ie = this.code[e.info]!;
      if (getOp(ie) === Op.NOT) {
        this.pc--; // remove the NOT: test its operand with the condition inverted
        return this.condJump(Op.TEST, getB(ie), 0, cond ? 0 : 1);
      }
    }
    this.discharge2anyreg(e);
    this.freeExp(e);
    return this.condJump(Op.TESTSET, NO_REG, e.info, cond);
  }

  goIfTrue(e: ExpDesc): void {
    let pc: number;
    this.dischargeVars(e);
    switch (e.k) {
      case VK.JMP:
        this.negateCondition(e);
        pc = e.info;
        break;
      case VK.K: case VK.KFLT: case VK.KINT: case VK.TRUE:
        pc = NO_JUMP;
        break;
      default:
        pc = this.jumpOnCond(e, 0);
        break;
    }
    e.f = this.concat(e.f, pc);
    this.patchToHere(e.t);
    e.t = NO_JUMP;
  }

  goIfFalse(e: ExpDesc): void {
    let pc: number;
    this.dischargeVars(e);
    switch (e.k) {
      case VK.JMP:
        pc = e.info;
        break;
      case VK.NIL: case VK.FALSE:
        pc = NO_JUMP;
        break;
      default:
        pc = this.jumpOnCond(e, 1);
        break;
    }
    e.t = this.concat(e.t, pc);
    this.patchToHere(e.f);
    e.f = NO_JUMP;
  }

  private codeNot(e: ExpDesc): void {
    this.dischargeVars(e);
    switch (e.k) {
      case VK.NIL: case VK.FALSE:
        e.k = VK.TRUE;
        break;
      case VK.K: case VK.KFLT: case VK.KINT: case VK.TRUE:
        e.k = VK.FALSE;
        break;
      case VK.JMP:
        this.negateCondition(e);
        break;
      case VK.RELOCABLE:
      case VK.NONRELOC:
        this.discharge2anyreg(e);
        this.freeExp(e);
        e.info = this.codeABC(Op.NOT, 0, e.info, 0);
        e.k = VK.RELOCABLE;
        break;
      default:
        break;
    }
    const temp = e.f;
    e.f = e.t;
    e.t = temp;
    this.removeValues(e.f);
    this.removeValues(e.t);
  }

  indexed(t: ExpDesc, k: ExpDesc): void {
    t.indT = t.info;
    t.indIdx = this.exp2RK(k);
    t.indVt = t.k === VK.UPVAL ? VK.UPVAL : VK.LOCAL;
    t.k = VK.INDEXED;
  }

  private static isNumeral(e: ExpDesc): boolean {
    return !e.hasJumps() && (e.k === VK.KINT || e.k === VK.KFLT);
  }

  /** Fold `e1 op e2` when both are numerals and lua5.3 would fold it; true if folded into e1. */
  private constFolding(op: ArithOp, e1: ExpDesc, e2: ExpDesc): boolean {
    if (!FuncState.isNumeral(e1) || !FuncState.isNumeral(e2)) return false;
    const v1 = e1.nval;
    const v2 = e2.nval;
    if (op === ArithOp.DIV || op === ArithOp.IDIV || op === ArithOp.MOD) {
      // lua folds no division by zero (and arith would throw for integers: a costly error object)
      const d = typeof v2 === "number" ? v2 : typeof v2 === "bigint" ? Number(v2) : (v2 as LuaFloat).n;
      if (d === 0) return false;
    }
    let res: LuaValue;
    try {
      res = (op === ArithOp.POW ? exactPowerOfTwo(v1, v2) : undefined) ?? arith(op, v1, v2);
    } catch {
      return false; // an error is left to run time
    }
    if (res === undefined) return false; // bitwise on a float without integer value
    if (typeof res === "bigint" || (typeof res === "number" && Number.isInteger(res))) {
      e1.k = VK.KINT;
      e1.nval = res;
    } else {
      const n = typeof res === "number" ? res : (res as LuaFloat).n;
      if (Number.isNaN(n) || n === 0) return false; // folds neither NaN nor 0.0 (-0.0 trouble)
      e1.k = VK.KFLT;
      e1.nval = res;
    }
    return true;
  }

  private codeUnExpVal(op: Op, e: ExpDesc, line: number, col: number): void {
    const r = this.exp2anyreg(e);
    this.freeExp(e);
    e.info = this.codeABC(op, 0, r, 0);
    e.k = VK.RELOCABLE;
    this.fixLine(line, col);
  }

  private codeBinExpVal(op: Op, e1: ExpDesc, e2: ExpDesc, line: number, col: number): void {
    const rk2 = this.exp2RK(e2);
    const rk1 = this.exp2RK(e1);
    this.freeExps(e1, e2);
    e1.info = this.codeABC(op, 0, rk1, rk2);
    e1.k = VK.RELOCABLE;
    this.fixLine(line, col);
  }

  private codeComp(opr: BinOpr, e1: ExpDesc, e2: ExpDesc): void {
    const rk1 = e1.k === VK.K ? e1.info | BITRK : e1.info;
    const rk2 = this.exp2RK(e2);
    this.freeExps(e1, e2);
    switch (opr) {
      case BinOpr.NE:
        e1.info = this.condJump(Op.EQ, 0, rk1, rk2);
        break;
      case BinOpr.GT:
      case BinOpr.GE:
        e1.info = this.condJump(opr - BinOpr.NE + Op.EQ, 1, rk2, rk1);
        break;
      default:
        e1.info = this.condJump(opr - BinOpr.EQ + Op.EQ, 1, rk1, rk2);
        break;
    }
    e1.k = VK.JMP;
  }

  prefix(op: UnOpr, e: ExpDesc, line: number, col: number): void {
    switch (op) {
      case UnOpr.MINUS:
      case UnOpr.BNOT: {
        if (this.constFolding(op === UnOpr.MINUS ? ArithOp.UNM : ArithOp.BNOT, e, ZERO)) break;
        this.codeUnExpVal(op === UnOpr.MINUS ? Op.UNM : Op.BNOT, e, line, col);
        break;
      }
      case UnOpr.LEN:
        this.codeUnExpVal(Op.LEN, e, line, col);
        break;
      case UnOpr.NOT:
        this.codeNot(e);
        break;
    }
  }

  infix(op: BinOpr, v: ExpDesc): void {
    switch (op) {
      case BinOpr.AND:
        this.goIfTrue(v);
        break;
      case BinOpr.OR:
        this.goIfFalse(v);
        break;
      case BinOpr.CONCAT:
        this.exp2nextreg(v);
        break;
      case BinOpr.ADD: case BinOpr.SUB: case BinOpr.MUL: case BinOpr.DIV: case BinOpr.IDIV:
      case BinOpr.MOD: case BinOpr.POW: case BinOpr.BAND: case BinOpr.BOR: case BinOpr.BXOR:
      case BinOpr.SHL: case BinOpr.SHR:
        if (!FuncState.isNumeral(v)) this.exp2RK(v);
        break;
      default:
        this.exp2RK(v);
        break;
    }
  }

  posfix(op: BinOpr, e1: ExpDesc, e2: ExpDesc, line: number, col: number): void {
    switch (op) {
      case BinOpr.AND:
        this.dischargeVars(e2);
        e2.f = this.concat(e2.f, e1.f);
        e1.copyFrom(e2);
        break;
      case BinOpr.OR:
        this.dischargeVars(e2);
        e2.t = this.concat(e2.t, e1.t);
        e1.copyFrom(e2);
        break;
      case BinOpr.CONCAT:
        this.exp2val(e2);
        if (e2.k === VK.RELOCABLE && getOp(this.code[e2.info]!) === Op.CONCAT) {
          this.freeExp(e1);
          this.code[e2.info] = setB(this.code[e2.info]!, e1.info);
          e1.k = VK.RELOCABLE;
          e1.info = e2.info;
        } else {
          this.exp2nextreg(e2);
          this.codeBinExpVal(Op.CONCAT, e1, e2, line, col);
        }
        break;
      case BinOpr.ADD: case BinOpr.SUB: case BinOpr.MUL: case BinOpr.DIV: case BinOpr.IDIV:
      case BinOpr.MOD: case BinOpr.POW: case BinOpr.BAND: case BinOpr.BOR: case BinOpr.BXOR:
      case BinOpr.SHL: case BinOpr.SHR:
        if (!this.constFolding(BINOP_ARITH[op]!, e1, e2)) {
          this.codeBinExpVal(op - BinOpr.ADD + Op.ADD, e1, e2, line, col);
        }
        break;
      default:
        this.codeComp(op, e1, e2);
        break;
    }
  }

  /** Freeze into an immutable prototype. The FuncState is done with afterwards, so its arrays
   *  are handed over rather than copied. */
  finish(lastlinedefined: number): Proto {
    const n = this.pc;
    return {
      code: codeSlab.copy(this.code, n),
      k: this.k,
      p: this.protos,
      upvalues: this.upvalues,
      lineinfo: codeSlab.copy(this.lines, n),
      colinfo: codeSlab.copy(this.cols, n),
      locvars: this.locvars as LocVar[],
      numparams: this.numparams,
      isVararg: this.isVararg,
      maxstacksize: this.maxstacksize,
      linedefined: this.linedefined,
      lastlinedefined,
      source: this.source,
      jit: undefined,
      hot: 0,
    };
  }
}

/**
 * x ^ y when x is 2 and y an integer giving a normal float: exactly 2^y, which is what C's pow
 * (and arith's powFloat, correctly rounded) returns, computed without the general algorithm
 * (`2^53`, `2^63` are common in Lua code). Undefined for other operands.
 */
function exactPowerOfTwo(x: LuaValue, y: LuaValue): LuaValue {
  const base = typeof x === "number" ? x : x instanceof LuaFloat ? x.n : NaN;
  const e = typeof y === "number" ? y : y instanceof LuaFloat ? y.n : NaN;
  if (base !== 2 || !Number.isInteger(e) || e < -1022 || e > 1023) return undefined;
  return mkFloat(pow2(e));
}

/** BinOpr ADD..SHR in lcode order mapped to lua.h's LUA_OP* order (MOD/POW/DIV differ). */
const BINOP_ARITH: readonly ArithOp[] = [
  ArithOp.ADD, ArithOp.SUB, ArithOp.MUL, ArithOp.MOD, ArithOp.POW, ArithOp.DIV, ArithOp.IDIV,
  ArithOp.BAND, ArithOp.BOR, ArithOp.BXOR, ArithOp.SHL, ArithOp.SHR,
];
