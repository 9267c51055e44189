// A bytecode listing in the manner of `luac -l -l` (luac.c's PrintFunction): a header per
// function, one line per instruction with luac's operand conventions (constant operands printed
// as -1-index, sBx signed, comments naming constants, upvalues, jump targets and nested
// functions), then the constants, locals and upvalues of the function; nested functions follow
// their parent. Deterministic: in place of memory addresses each function gets a stable
// pseudo-address, its preorder position in the tree (0x00000000 is the main function). When the
// source text is known, the first instruction of each run from the same line shows that line
// (`-- text`, cut to 60 characters). Small departures from luac, where its output misleads:
// only RK operands print as -1-index (luac also negates a size hint or count of 256 or more),
// and SETLIST with C=0 keeps its EXTRAARG line, its comment showing the block number.

import { jitSource } from "./jit.js";
import { numberToString } from "./numconv.js";
import { OP_MODES, OP_NAMES, Op, OpMode } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { Script } from "./script.js";
import { LuaFloat, type LuaValue } from "./value.js";

export interface DisasmOptions {
  /** List each function's constants (default true). */
  constants?: boolean;
  /** List each function's local variables (default true). */
  locals?: boolean;
  /** List each function's upvalues (default true). */
  upvalues?: boolean;
  /**
   * Source text to quote beside the instructions (default: the Script's own source, when it
   * has one); false for none.
   */
  source?: string | false;
  /** Print the JavaScript the compiled tier generates for each function (jit.ts) after its listing. */
  js?: boolean;
}

/** lopcodes.c's argument modes: how luac prints B and C. */
const enum Arg { N, U, R, K }

const ARG_B: readonly Arg[] = [
  Arg.R, Arg.K, Arg.N, Arg.U, Arg.U, Arg.U, Arg.U, Arg.R, Arg.K, Arg.U, Arg.K, Arg.U, Arg.R,
  Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K,
  Arg.R, Arg.R, Arg.R, Arg.R, Arg.R, Arg.R, Arg.K, Arg.K, Arg.K, Arg.N, Arg.R, Arg.U, Arg.U,
  Arg.U, Arg.R, Arg.R, Arg.N, Arg.R, Arg.U, Arg.U, Arg.U, Arg.U,
];
const ARG_C: readonly Arg[] = [
  Arg.N, Arg.N, Arg.N, Arg.U, Arg.N, Arg.N, Arg.K, Arg.K, Arg.K, Arg.N, Arg.K, Arg.U, Arg.K,
  Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K, Arg.K,
  Arg.N, Arg.N, Arg.N, Arg.N, Arg.R, Arg.N, Arg.K, Arg.K, Arg.K, Arg.U, Arg.U, Arg.U, Arg.U,
  Arg.N, Arg.N, Arg.N, Arg.U, Arg.N, Arg.U, Arg.N, Arg.N, Arg.U,
];

/** Longest source text quoted beside an instruction. */
const MAX_QUOTE = 60;

/** luac's PrintString: C escapes, printable ASCII as is, other bytes as \ddd. */
function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 34: out += '\\"'; break;
      case 92: out += "\\\\"; break;
      case 7: out += "\\a"; break;
      case 8: out += "\\b"; break;
      case 12: out += "\\f"; break;
      case 10: out += "\\n"; break;
      case 13: out += "\\r"; break;
      case 9: out += "\\t"; break;
      case 11: out += "\\v"; break;
      default:
        out += c >= 32 && c < 127 ? s[i] : "\\" + String(c & 0xff).padStart(3, "0");
    }
  }
  return out + '"';
}

/** luac's PrintConstant. */
function constantText(v: LuaValue): string {
  if (v === undefined) return "nil";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return quoteString(v);
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  return "?";
}

function kText(p: Proto, idx: number): string {
  return idx >= 0 && idx < p.k.length ? constantText(p.k[idx]) : `<bad constant ${idx + 1}>`;
}

function upvalText(p: Proto, idx: number): string {
  const u = p.upvalues[idx];
  return u === undefined ? "<bad upvalue>" : u.name === "" ? "-" : printable(u.name);
}

/** A name for a listing line: control characters escaped. */
function printable(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : quoteString(s).slice(1, -1);
}

function address(id: number): string {
  return "0x" + id.toString(16).padStart(8, "0");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Split source text into lines the way the lexer counts them (\n, \r, \r\n, \n\r). */
function sourceLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push(text.slice(start, i));
      const d = text.charCodeAt(i + 1);
      if ((d === 10 || d === 13) && d !== c) i++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

function quote(lines: string[] | undefined, line: number): string {
  if (lines === undefined || line < 1 || line > lines.length) return "";
  let t = lines[line - 1]!.trim().replace(/\t/g, " ");
  if (t === "") return "";
  if (t.length > MAX_QUOTE) t = t.slice(0, MAX_QUOTE - 3) + "...";
  return `\t-- ${t}`;
}

/**
 * The listing of a compiled Script (or of one prototype and its nested functions), as
 * `luac -l -l` prints it. See the module comment and DisasmOptions.
 */
export function disassemble(script: Script | Proto, opts: DisasmOptions = {}): string {
  const main = script instanceof Script ? script.proto : script;
  const text = opts.source === false ? undefined : opts.source ?? (script instanceof Script && script.source !== "" ? script.source : undefined);
  const lines = text !== undefined ? sourceLines(text) : undefined;
  // pseudo-addresses: preorder position of each function
  const ids = new Map<Proto, number>();
  const number = (p: Proto): void => {
    ids.set(p, ids.size);
    for (const child of p.p) number(child);
  };
  number(main);
  const out: string[] = [];
  const visit = (p: Proto): void => {
    printFunction(p, ids, lines, opts, out);
    for (const child of p.p) visit(child);
  };
  visit(main);
  return out.join("\n") + "\n";
}

function printFunction(p: Proto, ids: Map<Proto, number>, lines: string[] | undefined, opts: DisasmOptions, out: string[]): void {
  const addr = address(ids.get(p)!);
  const code = p.code;
  const n = code.length;
  out.push("");
  out.push(`${p.linedefined === 0 ? "main" : "function"} <${p.source}:${p.linedefined},${p.lastlinedefined}> (${plural(n, "instruction")} at ${addr})`);
  out.push(
    `${p.numparams}${p.isVararg ? "+" : ""} param${p.numparams === 1 ? "" : "s"}, ${plural(p.maxstacksize, "slot")}, ${plural(p.upvalues.length, "upvalue")}, ` +
    `${plural(p.locvars.length, "local")}, ${plural(p.k.length, "constant")}, ${plural(p.p.length, "function")}`,
  );
  let lastLine = -1;
  for (let pc = 0; pc < n; pc++) {
    const i = code[pc]!;
    const op = i & 0x3f;
    const line = p.lineinfo[pc] ?? 0;
    let s = `\t${pc + 1}\t${line > 0 ? `[${line}]` : "[-]"}\t${(OP_NAMES[op] ?? `OP${op}`).padEnd(9)}\t`;
    s += operandsText(i) + commentText(p, pc, ids);
    if (line !== lastLine) s += quote(lines, line);
    lastLine = line;
    out.push(s);
  }
  if (opts.constants !== false) {
    out.push(`constants (${p.k.length}) for ${addr}:`);
    for (let j = 0; j < p.k.length; j++) out.push(`\t${j + 1}\t${constantText(p.k[j])}`);
  }
  if (opts.locals !== false) {
    out.push(`locals (${p.locvars.length}) for ${addr}:`);
    p.locvars.forEach((lv, j) => out.push(`\t${j}\t${printable(lv.name)}\t${lv.startpc + 1}\t${lv.endpc + 1}`));
  }
  if (opts.upvalues !== false) {
    out.push(`upvalues (${p.upvalues.length}) for ${addr}:`);
    p.upvalues.forEach((u, j) => out.push(`\t${j}\t${upvalText(p, j)}\t${u.instack ? 1 : 0}\t${u.idx}`));
  }
  if (opts.js === true) {
    out.push(`javascript for ${addr}:`);
    let js: string;
    try {
      js = jitSource(p);
    } catch (e) {
      js = `(stays interpreted: ${e instanceof Error ? e.message : String(e)})`;
    }
    for (const line of js.split("\n")) out.push(`\t${line}`);
  }
}

/** The operand columns, with luac's conventions (constants as -1-index). */
function operandsText(i: number): string {
  const op = i & 0x3f;
  const a = (i >>> 6) & 0xff;
  const mode = OP_MODES[op];
  if (mode === undefined) return `${i >>> 6}`;
  switch (mode) {
    case OpMode.ABx: {
      const bx = i >>> 14;
      return ARG_B[op] === Arg.K ? `${a} ${-1 - bx}` : ARG_B[op] === Arg.U ? `${a} ${bx}` : `${a}`;
    }
    case OpMode.AsBx:
      return `${a} ${(i >>> 14) - 131071}`;
    case OpMode.Ax:
      return `${-1 - (i >>> 6)}`;
    default: {
      const b = i >>> 23;
      const c = (i >>> 14) & 0x1ff;
      let s = `${a}`;
      const rk = (mode: Arg, x: number): string => (mode === Arg.K && x & 256 ? ` ${-1 - (x & 255)}` : ` ${x}`);
      if (ARG_B[op] !== Arg.N) s += rk(ARG_B[op]!, b);
      if (ARG_C[op] !== Arg.N) s += rk(ARG_C[op]!, c);
      return s;
    }
  }
}

/** luac's comment column: constants, upvalue names, jump targets, functions. */
function commentText(p: Proto, pc: number, ids: Map<Proto, number>): string {
  const i = p.code[pc]!;
  const op = i & 0x3f;
  const a = (i >>> 6) & 0xff;
  const b = i >>> 23;
  const c = (i >>> 14) & 0x1ff;
  const bx = i >>> 14;
  const sbx = bx - 131071;
  const rk = (x: number): string => (x & 256 ? kText(p, x & 255) : "-");
  switch (op as Op) {
    case Op.LOADK:
      return `\t; ${kText(p, bx)}`;
    case Op.GETUPVAL:
    case Op.SETUPVAL:
      return `\t; ${upvalText(p, b)}`;
    case Op.GETTABUP:
      return `\t; ${upvalText(p, b)}${c & 256 ? " " + kText(p, c & 255) : ""}`;
    case Op.SETTABUP:
      return `\t; ${upvalText(p, a)}${b & 256 ? " " + kText(p, b & 255) : ""}${c & 256 ? " " + kText(p, c & 255) : ""}`;
    case Op.GETTABLE:
    case Op.SELF:
      return c & 256 ? `\t; ${kText(p, c & 255)}` : "";
    case Op.SETTABLE: case Op.ADD: case Op.SUB: case Op.MUL: case Op.MOD: case Op.POW: case Op.DIV:
    case Op.IDIV: case Op.BAND: case Op.BOR: case Op.BXOR: case Op.SHL: case Op.SHR: case Op.EQ:
    case Op.LT: case Op.LE:
      return b & 256 || c & 256 ? `\t; ${rk(b)} ${rk(c)}` : "";
    case Op.JMP: case Op.FORLOOP: case Op.FORPREP: case Op.TFORLOOP:
      return `\t; to ${sbx + pc + 2}`;
    case Op.CLOSURE: {
      const child = p.p[bx];
      return child !== undefined ? `\t; ${address(ids.get(child) ?? 0)}` : "\t; <bad function>";
    }
    case Op.SETLIST: {
      if (c !== 0) return `\t; ${c}`;
      const next = p.code[pc + 1];
      return next !== undefined && (next & 0x3f) === Op.EXTRAARG ? `\t; ${next >>> 6}` : "";
    }
    case Op.EXTRAARG: {
      // the operand of the instruction before: a constant for LOADKX, a block for SETLIST
      const prev = pc > 0 ? p.code[pc - 1]! : 0;
      return pc > 0 && (prev & 0x3f) === Op.LOADKX ? `\t; ${kText(p, i >>> 6)}` : "";
    }
    default:
      return "";
  }
}
