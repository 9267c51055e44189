// The execution trace: an opt-in record of every instruction a call executes — prototype, pc,
// line, opcode, operands, the values it read and the value it wrote — in a ring buffer. It
// costs nothing when off: tracing shrinks the budget window to zero, so the dispatch loop's
// existing per-instruction countdown calls LuaState.onSteps before every instruction, and
// that slow path records the entry. No check is added to the loop itself.

import { fromByteString } from "./bytes.js";
import { OP_MODES, OP_NAMES, Op, OpMode } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { rawToString } from "./state.js";
import type { LuaValue } from "./value.js";

export interface TraceEntry {
  /** 1-based sequence number of the instruction within the call. */
  readonly seq: number;
  readonly proto: Proto;
  /** Index of the instruction in proto.code. */
  readonly pc: number;
  readonly line: number;
  readonly op: string;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** Frame depth (0 = the called function). */
  readonly depth: number;
  /** Operand values read (R(B)/RK(B), RK(C) — as the opcode uses them). */
  readonly reads: readonly LuaValue[];
  /** The value left in R(A), for instructions that write it (known once the next one starts). */
  wrote?: LuaValue;
}

export interface Trace {
  /** The recorded instructions, oldest first (the last `capacity` of them). */
  readonly entries: readonly TraceEntry[];
  /** Instructions executed before the oldest kept entry (the ring buffer overflowed). */
  readonly dropped: number;
}

/** Opcodes that leave a result in R(A). */
const WRITES_A = new Set<number>([
  Op.MOVE, Op.LOADK, Op.LOADKX, Op.LOADBOOL, Op.GETUPVAL, Op.GETTABUP, Op.GETTABLE, Op.NEWTABLE,
  Op.SELF, Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.POW, Op.DIV, Op.IDIV, Op.BAND, Op.BOR, Op.BXOR,
  Op.SHL, Op.SHR, Op.UNM, Op.BNOT, Op.NOT, Op.LEN, Op.CONCAT, Op.CLOSURE, Op.TESTSET,
]);

/** Opcodes whose B and C operands are RK (register or constant) reads. */
const RK_BC = new Set<number>([
  Op.SETTABUP, Op.SETTABLE, Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.POW, Op.DIV, Op.IDIV, Op.BAND,
  Op.BOR, Op.BXOR, Op.SHL, Op.SHR, Op.EQ, Op.LT, Op.LE,
]);

export const DEFAULT_TRACE_SIZE = 10_000;

/** Decoded operands of an instruction word, as luac prints them (sBx signed, Bx unsigned). */
export function operands(i: number): { op: number; a: number; b: number; c: number } {
  const op = i & 0x3f;
  const a = (i >>> 6) & 0xff;
  switch (OP_MODES[op]) {
    case OpMode.ABx:
      return { op, a, b: i >>> 14, c: 0 };
    case OpMode.AsBx:
      return { op, a, b: (i >>> 14) - 131071, c: 0 };
    case OpMode.Ax:
      return { op, a: i >>> 6, b: 0, c: 0 };
    default:
      return { op, a, b: i >>> 23, c: (i >>> 14) & 0x1ff };
  }
}

export class Tracer {
  private readonly ring: TraceEntry[] = [];
  private next = 0;
  private seq = 0;
  private last: TraceEntry | undefined = undefined;
  private lastStack: LuaValue[] | undefined = undefined;
  private lastBase = 0;

  constructor(readonly capacity: number = DEFAULT_TRACE_SIZE) {
    if (!(capacity >= 1)) throw new TypeError("moonrule: trace size must be at least 1");
  }

  /** Record the instruction at `pc` of `proto`, about to run in a frame at `base` of `stack`. */
  record(proto: Proto, pc: number, stack: LuaValue[], base: number, depth: number): void {
    this.settleLast();
    const i = proto.code[pc]!;
    const { op, a, b, c } = operands(i);
    const k = proto.k;
    const rk = (x: number): LuaValue => (x & 256 ? k[x & 255] : stack[base + x]);
    let reads: LuaValue[];
    if (RK_BC.has(op)) reads = [rk(b), rk(c)];
    else if (op === Op.GETTABLE || op === Op.SELF) reads = [stack[base + b], rk(c)];
    else if (op === Op.GETTABUP) reads = [rk(c)];
    else if (op === Op.MOVE || op === Op.UNM || op === Op.BNOT || op === Op.NOT || op === Op.LEN || op === Op.TESTSET) reads = [stack[base + b]];
    else if (op === Op.TEST || op === Op.SETUPVAL) reads = [stack[base + a]];
    else if (op === Op.LOADK) reads = [k[b]];
    else reads = [];
    const e: TraceEntry = { seq: ++this.seq, proto, pc, line: proto.lineinfo[pc] ?? 0, op: OP_NAMES[op] ?? "?", a, b, c, depth, reads };
    if (this.ring.length < this.capacity) this.ring.push(e);
    else {
      this.ring[this.next] = e;
      this.next = (this.next + 1) % this.capacity;
    }
    if (WRITES_A.has(op)) {
      this.last = e;
      this.lastStack = stack;
      this.lastBase = base;
    } else this.last = undefined;
  }

  /** The previous instruction has run: note what it left in R(A). */
  private settleLast(): void {
    const e = this.last;
    if (e === undefined) return;
    e.wrote = this.lastStack![this.lastBase + e.a];
    this.last = undefined;
  }

  result(): Trace {
    this.settleLast();
    const n = this.ring.length;
    const entries = n < this.capacity ? this.ring.slice() : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return { entries, dropped: this.seq - entries.length };
  }
}

/** A short text for a value in a trace line. */
function show(v: LuaValue, tostring: (v: LuaValue) => string): string {
  if (typeof v === "string") {
    const s = v.length > 24 ? v.slice(0, 21) + "..." : v;
    return JSON.stringify(fromByteString(s));
  }
  return tostring(v);
}

/**
 * The trace as text, one instruction per line:
 *   `     7  input:3   [4] ADD        2 0 1     ; 3 7 -> 10`
 * (sequence, chunk:line, [pc+1], opcode, operands, values read -> value written).
 */
export function formatTrace(trace: Trace, tostring: (v: LuaValue) => string = rawToString): string {
  const lines: string[] = [];
  if (trace.dropped > 0) lines.push(`... ${trace.dropped} earlier instructions not kept`);
  for (const e of trace.entries) {
    const where = `${e.proto.source}:${e.line}`;
    const indent = "  ".repeat(Math.min(e.depth, 20));
    const mode = OP_MODES[OP_NAMES.indexOf(e.op as (typeof OP_NAMES)[number])];
    const ops = mode === OpMode.ABC ? `${e.a} ${e.b} ${e.c}` : mode === OpMode.Ax ? `${e.a}` : `${e.a} ${e.b}`;
    let note = e.reads.map((v) => show(v, tostring)).join(" ");
    if ("wrote" in e) note += ` -> ${show(e.wrote, tostring)}`;
    lines.push(`${String(e.seq).padStart(6)}  ${where.padEnd(14)} ${indent}[${e.pc + 1}] ${e.op.padEnd(9)} ${ops.padEnd(11)}${note ? ` ; ${note.trim()}` : ""}`);
  }
  return lines.join("\n");
}
