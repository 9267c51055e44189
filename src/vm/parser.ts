// Recursive-descent parser for Lua 5.3 producing the compact syntax tree of tree.ts (from which
// the object AST of ast.ts is built on demand).
//
// The structure mirrors lparser.c of lua 5.3.6 closely, because lua's error messages depend on
// exactly when each check happens: which token is current when an error is raised (the "near"
// part), the line the lexer is on, the nesting counter behind "too many C levels", and the scope
// bookkeeping behind the goto/label/break errors and the local/upvalue limits. No code is
// generated here; the scope machinery only exists to raise the same errors at the same moment.

import { BinOpr, UnOpr } from "./codegen.js";
import { LuaError, rawMessage, syntaxError } from "./errors.js";
import {
  ID_BREAK, ID_ENV, ID_FOR, ID_SELF, Lexer, NUM_TOKENS, token2str,
  TK_AND, TK_BREAK, TK_CONCAT, TK_DBCOLON, TK_DO, TK_DOTS, TK_ELSE, TK_ELSEIF, TK_END, TK_EOS, TK_EQ,
  TK_FALSE, TK_FLT, TK_FOR, TK_FUNCTION, TK_GE, TK_GOTO, TK_IDIV, TK_IF, TK_IN, TK_INT, TK_LE, TK_LOCAL,
  TK_NAME, TK_NE, TK_NIL, TK_NOT, TK_OR, TK_REPEAT, TK_RETURN, TK_SHL, TK_SHR, TK_STRING, TK_THEN,
  TK_TRUE, TK_UNTIL, TK_WHILE,
} from "./lexer.js";
import type { Block, Chunk } from "./ast.js";
import { buildAst, F, FN_METHOD, FN_VARARG, K, SyntaxTree, type LuaNumber } from "./tree.js";
import type { Diagnostic } from "./diagnose.js";
import { fromByteString } from "./bytes.js";

export interface ParseOptions {
  /**
   * lua's C-call nesting (L->nCcalls) when the parser starts; "too many C levels" is raised when
   * the parser's own nesting pushes it past 200. It is 2 for a load() called from a chunk run by
   * the lua5.3 interpreter (the default) and 1 for the interpreter's own main chunk.
   */
  cLevelBase?: number;
}

/** LUAI_MAXCCALLS */
const MAX_C_LEVELS = 200;
/** MAXVARS: active locals per function. */
const MAX_VARS = 200;
/** MAXUPVAL */
const MAX_UPVAL = 255;
/** SHRT_MAX: local variable descriptors per function, pending gotos / active labels. */
const SHRT_MAX = 32767;
/** MAXARG_Bx: nested functions per function. */
const MAX_PROTOS = 262143;
const UNARY_PRIORITY = 12;

// binary operator priorities (lparser.c 'priority') and operators, indexed by token
const LEFT = new Uint8Array(NUM_TOKENS);
const RIGHT = new Uint8Array(NUM_TOKENS);
const BINOP = new Uint8Array(NUM_TOKENS);
function binop(tok: number, op: BinOpr, left: number, right: number): void {
  LEFT[tok] = left;
  RIGHT[tok] = right;
  BINOP[tok] = op;
}
binop(43, BinOpr.ADD, 10, 10); // +
binop(45, BinOpr.SUB, 10, 10); // -
binop(42, BinOpr.MUL, 11, 11); // *
binop(37, BinOpr.MOD, 11, 11); // %
binop(94, BinOpr.POW, 14, 13); // ^
binop(47, BinOpr.DIV, 11, 11); // /
binop(TK_IDIV, BinOpr.IDIV, 11, 11);
binop(38, BinOpr.BAND, 6, 6); // &
binop(124, BinOpr.BOR, 4, 4); // |
binop(126, BinOpr.BXOR, 5, 5); // ~
binop(TK_SHL, BinOpr.SHL, 7, 7);
binop(TK_SHR, BinOpr.SHR, 7, 7);
binop(TK_CONCAT, BinOpr.CONCAT, 9, 8);
binop(TK_EQ, BinOpr.EQ, 3, 3);
binop(60, BinOpr.LT, 3, 3); // <
binop(TK_LE, BinOpr.LE, 3, 3);
binop(TK_NE, BinOpr.NE, 3, 3);
binop(62, BinOpr.GT, 3, 3); // >
binop(TK_GE, BinOpr.GE, 3, 3);
binop(TK_AND, BinOpr.AND, 2, 2);
binop(TK_OR, BinOpr.OR, 1, 1);

// ---------------------------------------------------------------- the shared node buffer
//
// A chunk is normally compiled right after it is parsed and its tree is dropped, so every
// parse writes its tree into one buffer that lives on: creating a typed array costs more than
// parsing a typical chunk (buffers over 64 bytes live outside the JS heap). A ParsedChunk whose
// tree has been overwritten by a later parse re-parses its source into a buffer of its own
// when the tree is needed again (see ParsedChunk.syntaxTree).

let sharedNodes = new Int32Array(1 << 14);
/** Bumped by every parse that writes into sharedNodes. */
let sharedGeneration = 0;
/** A tree that grew the shared buffer beyond this keeps it; the next parse starts a new one. */
const SHARED_NODES_MAX = 1 << 20;
/** Generation of a tree in a buffer of its own. */
const PRIVATE = -1;

// variable kinds of singlevaraux
const VVOID = 0;
const VLOCAL = 1;
const VUPVAL = 2;

/** Active label (lua's Labeldesc). */
interface LabelDesc {
  id: number; // name id
  line: number;
  nactvar: number;
  /** Index of the previous active label with the same name, or -1. */
  prevSame: number;
}

/**
 * Pending goto (lua's Labeldesc in dyd->gt). Besides the list in creation order, pending gotos
 * are chained per name so that a new label finds its gotos without scanning the whole list:
 * lua's linear scans would make a script of many gotos and labels quadratic.
 */
interface GotoDesc {
  id: number;
  line: number;
  nactvar: number;
  /** Creation number: the gotos of a block are those with seq >= its firstGotoSeq. */
  seq: number;
  /** Resolved; dropped from the list at the next compaction. */
  dead: boolean;
  prevSame: GotoDesc | null;
  nextSame: GotoDesc | null;
}

class BlockCnt {
  constructor(
    readonly previous: BlockCnt | null,
    readonly firstLabel: number,
    readonly firstGoto: number,
    readonly firstGotoSeq: number,
    readonly nactvar: number,
    readonly isLoop: boolean,
  ) {}
}

class FuncState {
  /** Active locals (lua's fs->nactvar). */
  nactvar = 0;
  bl: BlockCnt | null = null;
  /** Upvalue name ids. */
  readonly ups: number[] = [];
  /** Local variable descriptors registered so far (fs->nlocvars). */
  nlocvars = 0;
  /** Nested functions so far (fs->np). */
  np = 0;
  isVararg = false;
  constructor(
    readonly prev: FuncState | null,
    readonly lineDefined: number,
    /** Index of this function's first local in Parser.actvar. */
    readonly firstLocal: number,
  ) {}
}

// ---------------------------------------------------------------- recovery (diagnostics) state

/** At most this many problems are reported. */
const MAX_PROBLEMS = 50;
/** Thrown to end a recovering parse early (enough problems, or out of budget). */
const ABORT: unique symbol = Symbol("abort");

/** A statement's start: where its tokens begin and the parser's scope state there. */
class Mark {
  constructor(
    readonly start: number,
    readonly line: number,
    readonly lineStart: number,
    readonly fs: FuncState,
    readonly bl: BlockCnt | null,
    readonly nactvar: number,
    readonly nactvarAll: number,
    readonly nCcalls: number,
    readonly sp: number,
    readonly nlabels: number,
    readonly gotoSeq: number,
  ) {}
}

// Frame kinds: brackets, then block constructs (kind >= FR_IF).
const FR_PAREN = 1;
const FR_BRACK = 2;
const FR_BRACE = 3;
const FR_IF = 4;
/** while and for */
const FR_LOOP = 5;
const FR_DO = 6;
const FR_FUNC = 7;
const FR_REPEAT = 8;
/** Frame.await of a function whose parameter list has not ended. */
const AWAIT_PARAMS = -1;

/** Something the tokens read so far opened and did not close (see Parser.resync). */
interface Frame {
  kind: number;
  /** The header token still expected (TK_THEN, TK_DO, AWAIT_PARAMS) or 0. */
  await: number;
  /** Line and token of the opener, for "'end' expected (to close 'while' at line n)". */
  line: number;
  tok: number;
  /** A '(' that opened a function's parameter list. */
  params: boolean;
  /** An 'if' whose 'else' part has begun. */
  inElse: boolean;
  /** Its closer is not required (a stray 'else' at the top level). */
  optional: boolean;
  /** A 'function' whose next token has not been seen yet (see Parser.settleFunction). */
  fresh: boolean;
  /** Index in the stack of the innermost block construct below this frame, or -1. */
  below: number;
}

function pushFrame(frames: Frame[], kind: number, wait: number, line: number, tok: number, params = false): void {
  const below = topBlock(frames);
  frames.push({ kind, await: wait, line, tok, params, inElse: false, optional: false, fresh: kind === FR_FUNC, below });
}

/** Index of the innermost block construct in frames, or -1. */
function topBlock(frames: Frame[]): number {
  const n = frames.length;
  if (n === 0) return -1;
  const top = frames[n - 1]!;
  return top.kind >= FR_IF ? n - 1 : top.below;
}

/** Account for token t (on line `line`) in the frames: what it opens, ends or closes. A keyword
 *  that belongs to a block construct also closes the brackets left open inside it. */
function feed(frames: Frame[], t: number, line: number): void {
  switch (t) {
    case 40: { // '('
      const top = frames[frames.length - 1];
      pushFrame(frames, FR_PAREN, 0, line, t, top !== undefined && top.kind === FR_FUNC && top.await === AWAIT_PARAMS);
      return;
    }
    case 91: pushFrame(frames, FR_BRACK, 0, line, t); return;
    case 123: pushFrame(frames, FR_BRACE, 0, line, t); return;
    case 41: case 93: case 125: {
      const top = frames[frames.length - 1];
      const kind = t === 41 ? FR_PAREN : t === 93 ? FR_BRACK : FR_BRACE;
      if (top !== undefined && top.kind === kind) {
        frames.pop();
        if (top.params) frames[frames.length - 1]!.await = 0;
      }
      return;
    }
    case TK_IF: pushFrame(frames, FR_IF, TK_THEN, line, t); return;
    case TK_WHILE: case TK_FOR: pushFrame(frames, FR_LOOP, TK_DO, line, t); return;
    case TK_FUNCTION: pushFrame(frames, FR_FUNC, AWAIT_PARAMS, line, t); return;
    case TK_REPEAT: pushFrame(frames, FR_REPEAT, 0, line, t); return;
    default:
  }
  if (t !== TK_DO && t !== TK_THEN && t !== TK_ELSE && t !== TK_ELSEIF && t !== TK_END && t !== TK_UNTIL) return;
  const b = topBlock(frames);
  const f = b >= 0 ? frames[b]! : undefined;
  switch (t) {
    case TK_DO:
      if (f !== undefined && f.await === TK_DO) {
        frames.length = b + 1;
        f.await = 0;
      } else {
        pushFrame(frames, FR_DO, 0, line, t);
      }
      return;
    case TK_THEN:
      if (f !== undefined && f.await === TK_THEN) {
        frames.length = b + 1;
        f.await = 0;
      }
      return;
    case TK_ELSE: case TK_ELSEIF:
      if (f !== undefined && f.kind === FR_IF) {
        frames.length = b + 1;
        f.await = t === TK_ELSEIF ? TK_THEN : 0;
      }
      return;
    case TK_END:
      if (f !== undefined && f.kind !== FR_REPEAT) frames.length = b;
      return;
    default: // TK_UNTIL
      if (f !== undefined && f.kind === FR_REPEAT) frames.length = b;
  }
}

/** Where the short string starting at `start` ends: after its closing quote, or at the newline
 *  or end of source that leaves it unfinished. */
function shortStringEnd(src: string, start: number): number {
  const del = src.charCodeAt(start);
  const len = src.length;
  let i = start + 1;
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c === del) return i + 1;
    if (c === 10 || c === 13) return i;
    if (c === 92) {
      i++;
      if (i >= len) return len;
      const d = src.charCodeAt(i);
      if (d === 122) { // \z: skips whitespace, newlines included
        i++;
        while (i < len) {
          const e = src.charCodeAt(i);
          if (e === 32 || (e >= 9 && e <= 13)) i++;
          else break;
        }
        continue;
      }
      if ((d === 10 || d === 13) && i + 1 < len) {
        const e = src.charCodeAt(i + 1);
        if ((e === 10 || e === 13) && e !== d) i++;
      }
    }
    i++;
  }
  return len;
}

function blockFollow(t: number, withUntil: boolean): boolean {
  switch (t) {
    case TK_ELSE: case TK_ELSEIF: case TK_END: case TK_EOS:
      return true;
    case TK_UNTIL:
      return withUntil;
    default:
      return false;
  }
}

class Parser extends Lexer {
  private fs!: FuncState;
  private nCcalls: number;
  /** Declared locals of all open functions, as name ids (lua's dyd->actvar). */
  private actvar: number[] = [];
  /** Number of entries of actvar in use (dyd->actvar.n). */
  private nactvarAll = 0;
  /** Pending gotos in creation order (with resolved ones not yet compacted away). */
  private gotos: GotoDesc[] = [];
  /** Number of live entries of gotos (lua's dyd->gt.n). */
  private nGotos = 0;
  private gotoSeq = 0;
  /** name id -> most recent pending goto with that name. */
  private gotoHead: (GotoDesc | null | undefined)[] = [];
  /** Active labels (lua's dyd->label). */
  private labels: LabelDesc[] = [];
  /** name id -> index of the most recent active label with that name. */
  private labelHead: (number | undefined)[] = [];
  // ---- the tree being written (see tree.ts)
  /** Node slots: sharedNodes or a buffer of this parse's own. Slot 0 is unused so that 0 can
   *  mean "no node". */
  private nodes: Int32Array;
  private ntop = 1;
  private readonly generation: number;
  private strs: string[] = [];
  /** Numerals that are not int32 values (those are stored in their node). */
  private nums: LuaNumber[] = [];
  /** Scratch stack on which list items (statements, expressions, names...) are collected until
   *  the list is complete and can be written out as one run of slots. */
  private stk: number[] = [];
  private sp = 0;
  // ---- recovery mode (see "error recovery" below); inert in a normal parse
  /** The problems found so far (recovery mode only). */
  private problems: SyntaxProblem[] | null = null;
  /** Start offset of the token of the latest problem recorded: a later error must lie beyond it. */
  private maxTok = -1;
  /** The error being thrown was raised by the parser (at the current token), not the lexer. */
  private parserError = false;
  /** Tokens the recovery may still read or skip before it gives up. */
  private budget = 0;

  constructor(
    src: string, chunk: string, private readonly cLevelBase: number, privateNodes: boolean,
    /** Recovery mode: record each syntax error and resynchronise instead of stopping. */
    private readonly recovering = false,
  ) {
    super(src, chunk);
    this.nCcalls = cLevelBase;
    if (privateNodes) {
      this.nodes = new Int32Array(Math.max(64, src.length + 16));
      this.generation = PRIVATE;
    } else {
      this.nodes = sharedNodes;
      this.generation = ++sharedGeneration;
    }
  }

  // ---------------------------------------------------------------- writing the tree

  /** Reserve `size` slots; returns the index of the first. */
  private alloc(size: number): number {
    const at = this.ntop;
    if (at + size > this.nodes.length) this.growNodes(size);
    this.ntop = at + size;
    return at;
  }

  private growNodes(size: number): void {
    const bigger = new Int32Array(this.nodes.length * 2 + size);
    bigger.set(this.nodes.subarray(0, this.ntop));
    this.nodes = bigger;
    if (this.generation !== PRIVATE) sharedNodes = bigger;
  }

  private node0(kind: K, line: number, col: number): number {
    const at = this.alloc(3);
    const n = this.nodes;
    n[at] = kind; n[at + 1] = line; n[at + 2] = col;
    return at;
  }

  private node1(kind: K, line: number, col: number, a: number): number {
    const at = this.alloc(4);
    const n = this.nodes;
    n[at] = kind; n[at + 1] = line; n[at + 2] = col; n[at + 3] = a;
    return at;
  }

  private node2(kind: K, line: number, col: number, a: number, b: number): number {
    const at = this.alloc(5);
    const n = this.nodes;
    n[at] = kind; n[at + 1] = line; n[at + 2] = col; n[at + 3] = a; n[at + 4] = b;
    return at;
  }

  private node3(kind: K, line: number, col: number, a: number, b: number, c: number): number {
    const at = this.alloc(6);
    const n = this.nodes;
    n[at] = kind; n[at + 1] = line; n[at + 2] = col; n[at + 3] = a; n[at + 4] = b; n[at + 5] = c;
    return at;
  }

  private node5(kind: K, line: number, col: number, a: number, b: number, c: number, d: number, e: number): number {
    const at = this.alloc(8);
    const n = this.nodes;
    n[at] = kind; n[at + 1] = line; n[at + 2] = col;
    n[at + 3] = a; n[at + 4] = b; n[at + 5] = c; n[at + 6] = d; n[at + 7] = e;
    return at;
  }

  private kindOf(node: number): K {
    return this.nodes[node] as K;
  }

  private addStr(s: string): number {
    this.strs.push(s);
    return this.strs.length - 1;
  }

  /** A numeral node: integers that fit a slot inline, other values in nums. */
  private numberNode(line: number, col: number, v: LuaNumber): number {
    // (an integer is a number only when it is a safe integer, and never -0)
    if (typeof v === "number" && (v | 0) === v) return this.node1(K.Int, line, col, v);
    this.nums.push(v);
    return this.node1(K.Number, line, col, this.nums.length - 1);
  }

  private push(x: number): void {
    this.stk[this.sp++] = x;
  }

  /** Write the items pushed since base as a list [count, items...]; pops them. */
  private list(base: number): number {
    const count = this.sp - base;
    const at = this.alloc(count + 1);
    const n = this.nodes;
    const stk = this.stk;
    n[at] = count;
    for (let i = 0; i < count; i++) n[at + 1 + i] = stk[base + i]!;
    this.sp = base;
    return at;
  }

  /** A list of one item. */
  private list1(x: number): number {
    const at = this.alloc(2);
    this.nodes[at] = 1;
    this.nodes[at + 1] = x;
    return at;
  }

  private emptyList(): number {
    const at = this.alloc(1);
    this.nodes[at] = 0;
    return at;
  }

  private blockNode(line: number, col: number, base: number, endLine: number): number {
    return this.node2(K.Block, line, col, this.list(base), endLine);
  }

  // ---------------------------------------------------------------- errors

  private column(): number {
    return this.tLine === this.line ? this.tCol : 1;
  }

  /** luaX_syntaxerror: message, then "near" the current token. */
  private error(msg: string): never {
    const t = this.t;
    this.parserError = true;
    this.fail(msg, t === 0 ? null : this.txtToken(t), this.column());
  }

  /**
   * semerror: no "near" part. A recovering parse records it and goes on: the statement is
   * well formed, only a label or goto is wrong.
   */
  private semerror(msg: string): void {
    if (this.recovering) {
      this.noteSoft(msg);
      return;
    }
    this.parserError = true;
    this.fail(msg, null, this.column());
  }

  private errorExpected(token: number): never {
    this.error(`${token2str(token)} expected`);
  }

  private errorlimit(fs: FuncState, limit: number, what: string): never {
    const where = fs.lineDefined === 0 ? "main function" : `function at line ${fs.lineDefined}`;
    this.error(`too many ${what} (limit is ${limit}) in ${where}`);
  }

  /** '...' outside a vararg function (a recovering parse records it and goes on: the
   *  expression is well formed). */
  private varargError(): void {
    const msg = "cannot use '...' outside a vararg function";
    if (this.recovering) this.noteSoft(`${msg} near '...'`);
    else this.error(msg);
  }

  /** luaM_growvector overflow: a runtime-style error without position (lua raises it so). */
  private growError(what: string, limit: number): never {
    this.parserError = true;
    const e = new LuaError(`too many ${what} (limit is ${limit})`, {
      kind: "syntax", chunkName: this.chunk, line: this.line, column: this.column(),
    });
    e.source = this.src;
    throw e;
  }

  private enterlevel(): void {
    if (++this.nCcalls > MAX_C_LEVELS) this.errorlimit(this.fs, MAX_C_LEVELS, "C levels");
  }

  // ---------------------------------------------------------------- token helpers

  private testnext(c: number): boolean {
    if (this.t === c) {
      this.next();
      return true;
    }
    return false;
  }

  private check(c: number): void {
    if (this.t !== c) this.errorExpected(c);
  }

  private checknext(c: number): void {
    if (this.t !== c) this.errorExpected(c);
    this.next();
  }

  private checkMatch(what: number, who: number, where: number): void {
    if (this.t === what) {
      this.next();
      return;
    }
    if (where === this.line) this.errorExpected(what);
    this.error(`${token2str(what)} expected (to close ${token2str(who)} at line ${where})`);
  }

  /** str_checkname: the current name's id, then advance. */
  private checkName(): number {
    if (this.t !== TK_NAME) this.errorExpected(TK_NAME);
    const id = this.id;
    this.next();
    return id;
  }

  // ---------------------------------------------------------------- scopes

  private newLocalvar(id: number): void {
    const fs = this.fs;
    if (fs.nlocvars >= SHRT_MAX) this.growError("local variables", SHRT_MAX);
    fs.nlocvars++;
    const n = this.nactvarAll;
    if (n + 1 - fs.firstLocal > MAX_VARS) this.errorlimit(fs, MAX_VARS, "local variables");
    this.actvar[n] = id;
    this.nactvarAll = n + 1;
  }

  private adjustlocalvars(n: number): void {
    this.fs.nactvar += n;
  }

  private localName(fs: FuncState, i: number): string {
    return this.names[this.actvar[fs.firstLocal + i]!]!;
  }

  /** singlevaraux: resolve a name to a local, an upvalue (creating it) or a global. */
  private singlevaraux(fs: FuncState | null, id: number): number {
    if (fs === null) return VVOID;
    const arr = this.actvar;
    const first = fs.firstLocal;
    for (let i = first + fs.nactvar - 1; i >= first; i--) if (arr[i] === id) return VLOCAL;
    const ups = fs.ups;
    for (let i = 0; i < ups.length; i++) if (ups[i] === id) return VUPVAL;
    if (this.singlevaraux(fs.prev, id) === VVOID) return VVOID;
    if (ups.length + 1 > MAX_UPVAL) this.errorlimit(fs, MAX_UPVAL, "upvalues");
    ups.push(id);
    return VUPVAL;
  }

  /** singlevar: a variable reference (NAME). */
  private singlevar(): number {
    const line = this.tLine, col = this.tCol;
    const id = this.checkName();
    if (this.singlevaraux(this.fs, id) === VVOID) this.singlevaraux(this.fs, ID_ENV);
    return this.node1(K.Name, line, col, id);
  }

  private enterblock(fs: FuncState, isLoop: boolean): void {
    fs.bl = new BlockCnt(fs.bl, this.labels.length, this.gotos.length, this.gotoSeq, fs.nactvar, isLoop);
  }

  private leaveblock(fs: FuncState): void {
    const bl = fs.bl!;
    if (bl.isLoop) {
      // breaklabel: resolve pending breaks (the label only matters if some are pending)
      if (this.labels.length >= SHRT_MAX) this.growError("labels/gotos", SHRT_MAX);
      const g = this.gotoHead[ID_BREAK];
      if (g != null && g.seq >= bl.firstGotoSeq) this.findgotos(this.addLabel(ID_BREAK, 0), bl);
    }
    fs.bl = bl.previous;
    // removevars
    this.nactvarAll -= fs.nactvar - bl.nactvar;
    fs.nactvar = bl.nactvar;
    this.truncateLabels(bl.firstLabel);
    if (bl.previous !== null) {
      this.movegotosout(bl);
    } else {
      const gl = this.gotos;
      for (let i = bl.firstGoto; i < gl.length; i++) if (!gl[i]!.dead) this.undefgoto(gl[i]!);
      gl.length = bl.firstGoto;
    }
  }

  private addLabel(id: number, line: number): LabelDesc {
    const labels = this.labels;
    if (labels.length >= SHRT_MAX) this.growError("labels/gotos", SHRT_MAX);
    const prev = this.labelHead[id];
    const lb: LabelDesc = { id, line, nactvar: this.fs.nactvar, prevSame: prev === undefined ? -1 : prev };
    this.labelHead[id] = labels.length;
    labels.push(lb);
    return lb;
  }

  private truncateLabels(n: number): void {
    const labels = this.labels;
    for (let i = labels.length - 1; i >= n; i--) {
      const lb = labels[i]!;
      this.labelHead[lb.id] = lb.prevSame < 0 ? undefined : lb.prevSame;
    }
    if (labels.length !== n) labels.length = n;
  }

  /** The label named id visible in the current block (lua's findlabel search), if any. */
  private visibleLabel(id: number): LabelDesc | undefined {
    const i = this.labelHead[id];
    return i !== undefined && i >= this.fs.bl!.firstLabel ? this.labels[i] : undefined;
  }

  private addGoto(id: number, line: number): GotoDesc {
    if (this.nGotos >= SHRT_MAX) this.growError("labels/gotos", SHRT_MAX);
    const prev = this.gotoHead[id] ?? null;
    const g: GotoDesc = {
      id, line, nactvar: this.fs.nactvar, seq: this.gotoSeq++, dead: false, prevSame: prev, nextSame: null,
    };
    if (prev !== null) prev.nextSame = g;
    this.gotoHead[id] = g;
    this.gotos.push(g);
    this.nGotos++;
    return g;
  }

  /** Resolve a pending goto (lua's closegoto minus the check): unlink it. */
  private killGoto(g: GotoDesc): void {
    g.dead = true;
    this.nGotos--;
    if (g.prevSame !== null) g.prevSame.nextSame = g.nextSame;
    if (g.nextSame !== null) g.nextSame.prevSame = g.prevSame;
    else this.gotoHead[g.id] = g.prevSame;
  }

  /** The check closegoto makes before resolving a goto with a label. */
  private checkgoto(gt: GotoDesc, label: LabelDesc): void {
    if (gt.nactvar < label.nactvar) {
      const vname = this.localName(this.fs, gt.nactvar);
      this.semerror(
        `<goto ${this.names[gt.id]}> at line ${gt.line} jumps into the scope of local '${vname}'`);
    }
  }

  /** findgotos: close the pending gotos of block bl matching a new label, in order. */
  private findgotos(lb: LabelDesc, bl: BlockCnt): void {
    let g = this.gotoHead[lb.id];
    if (g == null || g.seq < bl.firstGotoSeq) return;
    const found: GotoDesc[] = [];
    for (; g != null && g.seq >= bl.firstGotoSeq; g = g.prevSame) found.push(g);
    for (let k = found.length - 1; k >= 0; k--) {
      this.checkgoto(found[k]!, lb);
      this.killGoto(found[k]!);
    }
  }

  /** movegotosout: the pending gotos of a closed block move to the enclosing one (fs.bl). */
  private movegotosout(bl: BlockCnt): void {
    const gl = this.gotos;
    const n = gl.length;
    let w = bl.firstGoto;
    for (let i = w; i < n; i++) {
      const gt = gl[i]!;
      if (gt.dead) continue;
      if (gt.nactvar > bl.nactvar) gt.nactvar = bl.nactvar;
      const lb = this.visibleLabel(gt.id);
      if (lb !== undefined) {
        this.checkgoto(gt, lb);
        this.killGoto(gt);
      } else {
        gl[w++] = gt;
      }
    }
    if (w !== n) gl.length = w;
  }

  private undefgoto(gt: GotoDesc): void {
    const msg = gt.id === ID_BREAK
      ? `<break> at line ${gt.line} not inside a loop`
      : `no visible label '${this.names[gt.id]}' for <goto> at line ${gt.line}`;
    this.semerror(msg);
  }

  private openFunc(lineDefined: number): FuncState {
    const prev = this.fs;
    if (prev !== undefined) {
      if (prev.np >= MAX_PROTOS) this.growError("functions", MAX_PROTOS);
      prev.np++;
    }
    const fs = new FuncState(prev ?? null, lineDefined, this.nactvarAll);
    this.fs = fs;
    this.enterblock(fs, false);
    return fs;
  }

  private closeFunc(fs: FuncState): void {
    this.leaveblock(fs);
    this.fs = fs.prev!;
  }

  // ---------------------------------------------------------------- chunk

  parseChunk(): ParsedChunk {
    const fs = this.openFunc(0);
    fs.isVararg = true;
    fs.ups.push(ID_ENV);
    this.next();
    const line = this.tLine, col = this.tCol;
    const base = this.sp;
    this.statlist();
    const body = this.blockNode(line, col, base, this.tLine);
    this.check(TK_EOS);
    this.leaveblock(fs);
    const tree = new SyntaxTree(this.nodes, this.names, this.strs, this.nums, body);
    let generation = this.generation;
    if (generation !== PRIVATE && this.nodes.length > SHARED_NODES_MAX) {
      // a huge tree keeps its buffer, rather than have it held forever by sharedNodes
      sharedNodes = new Int32Array(1 << 14);
      generation = PRIVATE;
    }
    return new ParsedChunk(tree, generation, this.src, this.chunk, this.cLevelBase);
  }

  // ---------------------------------------------------------------- statements

  /** statlist: parse statements, pushing them on the scratch stack. */
  private statlist(): void {
    if (this.recovering) {
      this.statlistRecovering();
      return;
    }
    for (;;) {
      const t = this.t;
      if (t === TK_RETURN) {
        this.statement();
        return;
      }
      if (t === TK_ELSE || t === TK_ELSEIF || t === TK_END || t === TK_EOS || t === TK_UNTIL) return;
      this.statement();
    }
  }

  /** block: a statlist in a new scope. */
  private block(): number {
    const fs = this.fs;
    this.enterblock(fs, false);
    const line = this.tLine, col = this.tCol;
    const base = this.sp;
    this.statlist();
    const b = this.blockNode(line, col, base, this.tLine);
    this.leaveblock(fs);
    return b;
  }

  /** statement: parse one statement, pushing it (if not empty) on the scratch stack. */
  private statement(): void {
    const line = this.line;
    const tl = this.tLine, tc = this.tCol;
    this.enterlevel();
    switch (this.t) {
      case 59: // ';'
        this.next();
        break;
      case TK_IF:
        this.push(this.ifstat(line));
        break;
      case TK_WHILE: {
        this.next();
        const cond = this.expr();
        const fs = this.fs;
        this.enterblock(fs, true);
        this.checknext(TK_DO);
        const body = this.block();
        this.checkMatch(TK_END, TK_WHILE, line);
        this.leaveblock(fs);
        this.push(this.node2(K.While, tl, tc, cond, body));
        break;
      }
      case TK_DO: {
        this.next();
        const body = this.block();
        this.checkMatch(TK_END, TK_DO, line);
        this.push(this.node1(K.Do, tl, tc, body));
        break;
      }
      case TK_FOR:
        this.push(this.forstat(line));
        break;
      case TK_REPEAT: {
        const fs = this.fs;
        this.enterblock(fs, true); // loop block
        this.enterblock(fs, false); // scope block
        this.next();
        const bline = this.tLine, bcol = this.tCol;
        const base = this.sp;
        this.statlist();
        const body = this.blockNode(bline, bcol, base, this.tLine);
        this.checkMatch(TK_UNTIL, TK_REPEAT, line);
        const cond = this.expr(); // inside the scope block
        this.leaveblock(fs);
        this.leaveblock(fs);
        this.push(this.node2(K.Repeat, tl, tc, body, cond));
        break;
      }
      case TK_FUNCTION: {
        // funcstat -> FUNCTION funcname body
        this.next();
        let name = this.sv;
        let target = this.singlevar();
        let isMethod = false;
        while (this.t === 46) {
          target = this.fieldsel(target);
          name += "." + this.keyName(target);
        }
        if (this.t === 58) {
          isMethod = true;
          target = this.fieldsel(target);
          name += ":" + this.keyName(target);
        }
        const func = this.body(isMethod, line, tc, this.addStr(name));
        this.push(this.node2(K.FunctionStat, tl, tc, target, func));
        break;
      }
      case TK_LOCAL:
        this.next();
        if (this.t === TK_FUNCTION) {
          const fcol = this.tCol;
          this.next();
          const name = this.sv;
          const id = this.checkName();
          this.newLocalvar(id);
          this.adjustlocalvars(1);
          const func = this.body(false, this.line, fcol, this.addStr(name));
          this.push(this.node2(K.LocalFunction, tl, tc, id, func));
        } else {
          const base = this.sp;
          do {
            const id = this.checkName();
            this.push(id);
            this.newLocalvar(id);
          } while (this.testnext(44));
          const nvars = this.sp - base;
          const names = this.list(base);
          const exprs = this.testnext(61) ? this.explist() : this.emptyList();
          this.adjustlocalvars(nvars);
          this.push(this.node2(K.Local, tl, tc, names, exprs));
        }
        break;
      case TK_DBCOLON: {
        this.next();
        const id = this.checkName();
        this.labelstat(id, line, tl, tc);
        break;
      }
      case TK_RETURN: {
        this.next();
        const t = this.t;
        const exprs = blockFollow(t, true) || t === 59 ? this.emptyList() : this.explist();
        this.testnext(59);
        this.push(this.node1(K.Return, tl, tc, exprs));
        break;
      }
      case TK_BREAK:
      case TK_GOTO:
        this.push(this.gotostat());
        break;
      default:
        this.exprstat();
        break;
    }
    this.nCcalls--;
  }

  private ifstat(line: number): number {
    const tl = this.tLine, tc = this.tCol;
    const base = this.sp;
    this.testThenBlock();
    while (this.t === TK_ELSEIF) this.testThenBlock();
    const clauses = this.list(base);
    const orelse = this.testnext(TK_ELSE) ? this.block() : 0;
    this.checkMatch(TK_END, TK_IF, line);
    return this.node2(K.If, tl, tc, clauses, orelse);
  }

  /** test_then_block: pushes the clause on the scratch stack. */
  private testThenBlock(): void {
    const cl = this.tLine, cc = this.tCol;
    this.next(); // skip IF or ELSEIF
    const cond = this.expr();
    this.checknext(TK_THEN);
    const fs = this.fs;
    const line = this.tLine, col = this.tCol;
    const base = this.sp;
    this.enterblock(fs, false);
    if (this.t === TK_GOTO || this.t === TK_BREAK) {
      this.push(this.gotostat());
      while (this.t === 59) this.next();
      if (blockFollow(this.t, false)) {
        const body = this.blockNode(line, col, base, this.tLine);
        this.leaveblock(fs);
        this.push(this.node2(K.Clause, cl, cc, cond, body));
        return;
      }
    }
    this.statlist();
    const body = this.blockNode(line, col, base, this.tLine);
    this.leaveblock(fs);
    this.push(this.node2(K.Clause, cl, cc, cond, body));
  }

  private forstat(line: number): number {
    const tl = this.tLine, tc = this.tCol;
    const fs = this.fs;
    this.enterblock(fs, true);
    this.next(); // skip 'for'
    const varId = this.checkName();
    let stat: number;
    if (this.t === 61) {
      // fornum
      this.newLocalvar(ID_FOR + 0);
      this.newLocalvar(ID_FOR + 1);
      this.newLocalvar(ID_FOR + 2);
      this.newLocalvar(varId);
      this.next();
      const start = this.expr();
      this.checknext(44);
      const limit = this.expr();
      const step = this.testnext(44) ? this.expr() : 0;
      const body = this.forbody(1);
      stat = this.node5(K.NumericFor, tl, tc, varId, start, limit, step, body);
    } else if (this.t === 44 || this.t === TK_IN) {
      // forlist
      this.newLocalvar(ID_FOR + 3);
      this.newLocalvar(ID_FOR + 4);
      this.newLocalvar(ID_FOR + 5);
      const base = this.sp;
      this.push(varId);
      this.newLocalvar(varId);
      while (this.testnext(44)) {
        const id = this.checkName();
        this.push(id);
        this.newLocalvar(id);
      }
      const nvars = this.sp - base;
      const names = this.list(base);
      this.checknext(TK_IN);
      const exprs = this.explist();
      const body = this.forbody(nvars);
      stat = this.node3(K.GenericFor, tl, tc, names, exprs, body);
    } else {
      this.error("'=' or 'in' expected");
    }
    this.checkMatch(TK_END, TK_FOR, line);
    this.leaveblock(fs);
    return stat;
  }

  private forbody(nvars: number): number {
    const fs = this.fs;
    this.adjustlocalvars(3); // control variables
    this.checknext(TK_DO);
    this.enterblock(fs, false); // scope for declared variables
    this.adjustlocalvars(nvars);
    const body = this.block();
    this.leaveblock(fs);
    return body;
  }

  private gotostat(): number {
    const line = this.line;
    const tl = this.tLine, tc = this.tCol;
    let node: number;
    let id: number;
    if (this.t === TK_GOTO) {
      this.next();
      id = this.checkName();
      node = this.node1(K.Goto, tl, tc, id);
    } else {
      this.next();
      id = ID_BREAK;
      node = this.node0(K.Break, tl, tc);
    }
    const gt = this.addGoto(id, line);
    // findlabel: a backward jump is resolved at once
    const lb = this.visibleLabel(id);
    if (lb !== undefined) {
      this.checkgoto(gt, lb);
      this.killGoto(gt);
      this.gotos.pop();
    }
    return node;
  }

  private labelstat(id: number, line: number, tl: number, tc: number): void {
    const fs = this.fs;
    // checkrepeated (current block only, as in 5.3)
    const old = this.visibleLabel(id);
    if (old !== undefined) this.semerror(`label '${this.names[id]}' already defined on line ${old.line}`);
    this.checknext(TK_DBCOLON);
    const lb = this.addLabel(id, line);
    this.push(this.node1(K.Label, tl, tc, id));
    // skipnoopstat
    while (this.t === 59 || this.t === TK_DBCOLON) this.statement();
    if (blockFollow(this.t, false)) {
      // a label at the end of a block is outside the scope of the block's locals
      lb.nactvar = fs.bl!.nactvar;
    }
    this.findgotos(lb, fs.bl!);
  }

  private exprstat(): void {
    const e = this.suffixedexp();
    if (this.t === 61 || this.t === 44) {
      // assignment
      const base = this.sp;
      let v = e;
      let nvars = 1;
      for (;;) {
        const k = this.kindOf(v);
        if (k !== K.Name && k !== K.Index) this.error("syntax error");
        this.push(v);
        if (this.t !== 44) break;
        this.next();
        v = this.suffixedexp();
        if (nvars + this.nCcalls > MAX_C_LEVELS) this.errorlimit(this.fs, MAX_C_LEVELS, "C levels");
        nvars++;
      }
      const targets = this.list(base);
      const line = this.tLine, col = this.tCol;
      this.checknext(61);
      const exprs = this.explist();
      this.push(this.node2(K.Assign, line, col, targets, exprs));
    } else {
      const k = this.kindOf(e);
      if (k !== K.Call && k !== K.MethodCall) this.error("syntax error");
      const n = this.nodes;
      this.push(this.node1(K.CallStat, n[e + F.Line]!, n[e + F.Col]!, e));
    }
  }

  // ---------------------------------------------------------------- functions

  /** body -> '(' parlist ')' block END. col: of the 'function' keyword; name: index in strs of
   *  the name for tracebacks, or -1. */
  private body(isMethod: boolean, line: number, col: number, name: number): number {
    const fs = this.openFunc(line);
    this.checknext(40);
    const pbase = this.sp;
    if (isMethod) {
      this.newLocalvar(ID_SELF);
      this.push(ID_SELF);
      this.adjustlocalvars(1);
    }
    let nparams = 0;
    if (this.t !== 41) {
      do {
        if (this.t === TK_NAME) {
          const id = this.checkName();
          this.push(id);
          this.newLocalvar(id);
          nparams++;
        } else if (this.t === TK_DOTS) {
          this.next();
          fs.isVararg = true;
        } else {
          this.error("<name> or '...' expected");
        }
      } while (!fs.isVararg && this.testnext(44));
    }
    this.adjustlocalvars(nparams);
    const params = this.list(pbase);
    this.checknext(41);
    const bline = this.tLine, bcol = this.tCol;
    const base = this.sp;
    this.statlist();
    const endLine = this.line;
    const body = this.blockNode(bline, bcol, base, this.tLine);
    this.checkMatch(TK_END, TK_FUNCTION, line);
    this.closeFunc(fs);
    const flags = (fs.isVararg ? FN_VARARG : 0) | (isMethod ? FN_METHOD : 0);
    return this.node5(K.Function, line, col, params, flags, body, endLine, name);
  }

  // ---------------------------------------------------------------- expressions

  /** An expression list (a list node). */
  private explist(): number {
    const e = this.subexpr(0);
    if (this.t !== 44) return this.list1(e);
    const base = this.sp;
    this.push(e);
    while (this.t === 44) {
      this.next();
      this.push(this.subexpr(0));
    }
    return this.list(base);
  }

  private expr(): number {
    return this.subexpr(0);
  }

  /** subexpr -> (simpleexp | unop subexpr) { binop subexpr }, binops above 'limit'. */
  private subexpr(limit: number): number {
    if (++this.nCcalls > MAX_C_LEVELS) this.errorlimit(this.fs, MAX_C_LEVELS, "C levels");
    let e: number;
    const t = this.t;
    if (t === 45 || t === TK_NOT || t === 35 || t === 126) {
      const line = this.tLine, col = this.tCol;
      this.next();
      const operand = this.subexpr(UNARY_PRIORITY);
      const op = t === 45 ? UnOpr.MINUS : t === TK_NOT ? UnOpr.NOT : t === 35 ? UnOpr.LEN : UnOpr.BNOT;
      e = this.node2(K.Unary, line, col, op, operand);
    } else {
      e = this.simpleexp();
    }
    let op = this.t;
    while (LEFT[op]! > limit) {
      const line = this.tLine, col = this.tCol;
      this.next();
      const right = this.subexpr(RIGHT[op]!);
      e = this.node3(K.Binary, line, col, BINOP[op]!, e, right);
      op = this.t;
    }
    this.nCcalls--;
    return e;
  }

  private simpleexp(): number {
    const line = this.tLine, col = this.tCol;
    let e: number;
    switch (this.t) {
      case TK_INT: case TK_FLT:
        e = this.numberNode(line, col, this.nv);
        break;
      case TK_STRING:
        e = this.node1(K.String, line, col, this.addStr(this.sv));
        break;
      case TK_NIL:
        e = this.node0(K.Nil, line, col);
        break;
      case TK_TRUE:
        e = this.node0(K.True, line, col);
        break;
      case TK_FALSE:
        e = this.node0(K.False, line, col);
        break;
      case TK_DOTS:
        if (!this.fs.isVararg) this.varargError();
        e = this.node0(K.Vararg, line, col);
        break;
      case 123: // '{'
        return this.constructor_();
      case TK_FUNCTION:
        this.next();
        return this.body(false, this.line, col, -1);
      default:
        return this.suffixedexp();
    }
    this.next();
    return e;
  }

  private primaryexp(): number {
    const line = this.tLine, col = this.tCol;
    switch (this.t) {
      case 40: { // '('
        const l = this.line;
        this.next();
        const expr = this.subexpr(0);
        this.checkMatch(41, 40, l);
        return this.node1(K.Paren, line, col, expr);
      }
      case TK_NAME:
        return this.singlevar();
      default:
        this.error("unexpected symbol");
    }
  }

  /** suffixedexp -> primaryexp { '.' NAME | '[' exp ']' | ':' NAME funcargs | funcargs } */
  private suffixedexp(): number {
    const line = this.tLine, col = this.tCol;
    const l = this.line;
    let e = this.primaryexp();
    for (;;) {
      switch (this.t) {
        case 46: // '.'
          e = this.fieldsel(e);
          break;
        case 91: { // '['
          const kl = this.tLine, kc = this.tCol;
          this.next();
          const key = this.subexpr(0);
          this.checknext(93);
          e = this.node2(K.Index, kl, kc, e, key);
          break;
        }
        case 58: { // ':'
          this.next();
          const nameLine = this.tLine, nameCol = this.tCol;
          const name = this.checkName();
          const args = this.funcargs(l);
          e = this.node5(K.MethodCall, line, col, e, name, nameLine, nameCol, args);
          break;
        }
        case 40: case TK_STRING: case 123: {
          const args = this.funcargs(l);
          e = this.node2(K.Call, line, col, e, args);
          break;
        }
        default:
          return e;
      }
    }
  }

  /** fieldsel -> ['.' | ':'] NAME */
  private fieldsel(obj: number): number {
    const line = this.tLine, col = this.tCol;
    this.next();
    const kl = this.tLine, kc = this.tCol;
    const key = this.node1(K.NameString, kl, kc, this.checkName());
    return this.node2(K.Index, line, col, obj, key);
  }

  /** The key of an indexing made by fieldsel (a name). */
  private keyName(index: number): string {
    const n = this.nodes;
    return this.names[n[n[index + F.IndexKey]! + F.Value]!]!;
  }

  /** Function arguments (a list node). */
  private funcargs(line: number): number {
    switch (this.t) {
      case 40: { // '('
        this.next();
        const args = (this.t as number) === 41 ? this.emptyList() : this.explist();
        this.checkMatch(41, 40, line);
        return args;
      }
      case 123:
        return this.list1(this.constructor_());
      case TK_STRING: {
        const s = this.node1(K.String, this.tLine, this.tCol, this.addStr(this.sv));
        this.next();
        return this.list1(s);
      }
      default:
        this.error("function arguments expected");
    }
  }

  private constructor_(): number {
    const line = this.line;
    const tl = this.tLine, tc = this.tCol;
    this.next(); // '{'
    const base = this.sp;
    do {
      if (this.t === 125) break;
      if (this.t === TK_NAME) {
        if (this.lookahead() !== 61) {
          this.push(this.subexpr(0)); // a positional item is just its expression
        } else {
          const nl = this.tLine, nc = this.tCol;
          const name = this.checkName();
          this.checknext(61);
          this.push(this.node2(K.NamedItem, nl, nc, name, this.subexpr(0)));
        }
      } else if (this.t === 91) {
        const kl = this.tLine, kc = this.tCol;
        this.next();
        const key = this.subexpr(0);
        this.checknext(93);
        this.checknext(61);
        this.push(this.node2(K.KeyedItem, kl, kc, key, this.subexpr(0)));
      } else {
        this.push(this.subexpr(0));
      }
    } while (this.testnext(44) || this.testnext(59));
    const items = this.list(base);
    const endLine = this.tLine;
    this.checkMatch(125, 123, line);
    return this.node2(K.Table, tl, tc, items, endLine);
  }

  // ---------------------------------------------------------------- error recovery
  //
  // For diagnostics (diagnose.ts) a parser made with `recovering` records each syntax error
  // and carries on, so that one pass finds every error it can. Up to the first error it parses
  // exactly as a normal parse does (so the first problem is the error parse() throws), and a
  // normal parse pays nothing for any of this: statlist() checks one flag.
  //
  //  * statlist runs each statement under try/catch (statlistRecovering). When one throws, the
  //    parser's scope state goes back to what it was at the statement's start (Mark) and the
  //    token stream is resynchronised (resync).
  //  * resync re-reads the tokens from the statement's start up to the offending one, keeping a
  //    stack of what they left open (Frame: brackets, and block constructs with the header part
  //    they still wait for: 'then', 'do', a parameter list). Then it skips tokens (skip) to a
  //    plausible statement start (syncStart): a statement keyword, or a name first on its line
  //    -- inside an open bracket only at the start of a line, and a name there only if it is
  //    the offending token or an assignment follows, never inside a table constructor. Tokens
  //    that close frames close them; a closer of the wrong kind at the start of a line closes
  //    the innermost block (`until` typed for `end`). When a block construct is open at a
  //    statement start, or its header ends ('then', 'do', ')'), its body is parsed for real
  //    (pendingBody) and its closer expected, so that `if x = 1 then ... end` reports the '='
  //    and not also a stray 'end' later. A closer with no construct open ends the skip (the
  //    enclosing block's statlist stops there), unless it is within a line inside brackets.
  //  * A statement that fails at its first token right after a statement that parsed, on a line
  //    whose first token (a name) that statement swallowed (`y = 2 +` / `z = (3`), is parsed
  //    again from that name: the error is real, and so are the errors of that line.
  //  * At the top level, a stray 'else'/'elseif' begins an 'if' whose 'end' is taken if it comes.
  //  * Goto/label errors and '...' outside a vararg function are recorded without stopping.
  //  * An error is recorded only if its token lies beyond the previous error's (maxTok): a
  //    cascade at the same token (an "'end' expected near <eof>" per open block) is dropped. An
  //    error that is not beyond it makes the next resynchronisation first skip past it, so
  //    every error moves maxTok forward or the parse forward: recovery always terminates, and a
  //    token budget bounds its work. Lexical errors met while skipping are recorded and their
  //    token skipped (a bad string up to its closing quote).

  /** The problems of the whole chunk, in source order (recovery mode). */
  parseProblems(): SyntaxProblem[] {
    const problems: SyntaxProblem[] = [];
    this.problems = problems;
    this.budget = 16 * this.len + 4096;
    try {
      const fs = this.openFunc(0);
      fs.isVararg = true;
      fs.ups.push(ID_ENV);
      this.nextSafe();
      for (;;) {
        this.statlist();
        if (this.t === TK_EOS) break;
        // a closer that closes nothing, or a statement after 'return'
        try {
          this.check(TK_EOS);
        } catch (e) {
          this.noteThrown(e);
        }
        const t = this.t;
        const frames: Frame[] = [];
        if (t === TK_END || t === TK_UNTIL || t === TK_ELSE || t === TK_ELSEIF) {
          if (t === TK_ELSE || t === TK_ELSEIF) {
            // the rest of an 'if' whose start is gone: its 'end' is taken if it comes
            pushFrame(frames, FR_IF, t === TK_ELSEIF ? TK_THEN : 0, this.tLine, TK_IF);
            frames[0]!.optional = true;
          }
          this.nextSafe();
        }
        const m = this.mark();
        try {
          this.skip(frames, this.tStart, false);
        } catch (e) {
          this.recover(e, m, null);
        }
      }
      try {
        this.leaveblock(fs);
      } catch (e) {
        this.noteThrown(e);
      }
    } catch (e) {
      if (e !== ABORT) throw e;
    }
    problems.sort((a, b) => a.start - b.start);
    return problems;
  }

  /** statlist in recovery mode: a statement that fails is recorded and skipped. */
  private statlistRecovering(): void {
    let prev: Mark | null = null;
    for (;;) {
      const t = this.t;
      if (t === TK_ELSE || t === TK_ELSEIF || t === TK_END || t === TK_EOS || t === TK_UNTIL) return;
      const m = this.mark();
      try {
        this.statement();
        if (t === TK_RETURN) return;
        prev = m;
      } catch (e) {
        this.recover(e, m, prev);
        prev = null;
      }
    }
  }

  private mark(): Mark {
    const fs = this.fs;
    return new Mark(this.tStart, this.tLine, this.tStart - this.tCol + 1, fs, fs.bl, fs.nactvar, this.nactvarAll,
      this.nCcalls, this.sp, this.labels.length, this.gotoSeq);
  }

  /** Back to the scope state of a statement's start (its tree nodes are left as garbage). */
  private restore(m: Mark): void {
    const fs = m.fs;
    this.fs = fs;
    fs.bl = m.bl;
    fs.nactvar = m.nactvar;
    this.nactvarAll = m.nactvarAll;
    this.nCcalls = m.nCcalls;
    this.sp = m.sp;
    if (this.labels.length > m.nlabels) this.truncateLabels(m.nlabels);
    const gl = this.gotos;
    let n = gl.length;
    while (n > 0 && gl[n - 1]!.seq >= m.gotoSeq) {
      const g = gl[--n]!;
      if (!g.dead) this.killGoto(g);
    }
    gl.length = n;
  }

  /** Record error e thrown in the statement marked m and resynchronise (looping while that throws). */
  private recover(e: unknown, m: Mark, prev: Mark | null): void {
    for (;;) {
      const errTok = this.tStart;
      const atEnd = this.t === TK_EOS; // (a lexical error leaves t at the token before it)
      const fresh = this.noteThrown(e);
      this.restore(m);
      // at the end of the text there is nothing left to resynchronise: each enclosing block
      // then fails in turn ("'end' expected near <eof>"), cheaply, and is not recorded
      if (atEnd) return;
      try {
        this.resync(m, fresh ? prev : null, errTok, !fresh);
        return;
      } catch (e2) {
        e = e2;
      }
    }
  }

  /**
   * After the statement marked m failed at the token starting at errTok: re-read its tokens
   * to learn what they left open, then skip to where parsing can go on. prev: the statement
   * before it, when that one parsed and this one failed at its first token (see above).
   * forcing: the error was not beyond the previous one; skip past that one first.
   */
  private resync(m: Mark, prev: Mark | null, errTok: number, forcing: boolean): void {
    const from = prev !== null && errTok === m.start ? prev : m;
    this.seek(from.start, from.line, from.lineStart);
    this.nextSafe();
    let frames: Frame[] = [];
    let cand: Mark | null = null;
    let candFrames: Frame[] = frames;
    while (this.tStart < errTok && this.t !== TK_EOS) {
      this.settleFunction(frames);
      if (!forcing && this.tStart > from.start && this.firstOnLine()) {
        const top = frames.length > 0 ? frames[frames.length - 1]! : null;
        if (this.t === TK_NAME && (top === null || (top.kind >= FR_IF && top.await === 0))) {
          cand = this.mark();
          candFrames = frames.map((f) => ({ ...f }));
        } else {
          cand = null;
        }
      }
      feed(frames, this.t, this.tLine);
      this.nextSafe();
    }
    if (cand !== null && this.tStart === errTok && !this.firstOnLine()) {
      // the line the error is on starts with a name the statement swallowed: parse it again
      this.seek(cand.start, cand.line, cand.lineStart);
      this.nextSafe();
      frames = candFrames;
    }
    this.skip(frames, errTok, forcing);
  }

  /** Skip tokens (tracking frames) to a statement start or a closer of the current block. */
  private skip(frames: Frame[], errTok: number, forcing: boolean): void {
    for (;;) {
      const t = this.t;
      if (t === TK_EOS) return;
      this.settleFunction(frames);
      if (forcing) {
        if (this.tStart <= this.maxTok) {
          feed(frames, t, this.tLine);
          this.nextSafe();
          continue;
        }
        forcing = false;
      }
      const b = topBlock(frames);
      const f = b >= 0 ? frames[b]! : null;
      if (f !== null && t === f.await) {
        // the 'then' or 'do' that ends the header: the body follows
        frames.length = b + 1;
        f.await = 0;
        this.nextSafe();
        this.pendingBody(frames, b);
        continue;
      }
      if (t === 41 && frames.length > 0 && frames[frames.length - 1]!.params) {
        // the ')' that ends a parameter list: the function body follows
        frames.pop();
        frames[frames.length - 1]!.await = 0;
        this.nextSafe();
        this.pendingBody(frames, frames.length - 1);
        continue;
      }
      if (t === TK_END || t === TK_UNTIL || t === TK_ELSE || t === TK_ELSEIF) {
        if (f === null) {
          // inside brackets within a line, past the error, it closes nothing that is open
          // (the body of a function whose keyword is mangled): skipped
          if (frames.length > 0 && this.tStart !== errTok && !this.firstOnLine()) {
            this.nextSafe();
            continue;
          }
          return; // the current block's: statlist stops there
        }
        frames.length = b + 1;
        const wrongCloserOwnsLine = this.firstOnLine();
        this.nextSafe();
        if (f.kind === FR_IF && t === TK_ELSEIF) {
          f.await = TK_THEN;
        } else if (f.kind === FR_IF && t === TK_ELSE) {
          f.await = 0;
          f.inElse = true;
          this.pendingBody(frames, b);
        } else if (t === (f.kind === FR_REPEAT ? TK_UNTIL : TK_END) ||
          (wrongCloserOwnsLine && t !== TK_ELSE && t !== TK_ELSEIF)) {
          // its closer; or the wrong one ('until' for 'end'...) where a closer would go, at
          // the start of a line: that mistake is likely the one lua reported
          frames.length = b;
        } // else a closer of the wrong kind within a line: skipped
        continue;
      }
      if (this.syncStart(frames, errTok)) {
        if (f === null) return;
        // a statement inside a construct whose header is broken: parse its body from here
        frames.length = b + 1;
        f.await = 0;
        if (this.pendingBody(frames, b)) continue;
      }
      feed(frames, t, this.tLine);
      this.nextSafe();
    }
  }

  /**
   * Whether the current token plausibly starts a statement (see skip). Inside an open bracket
   * only at the start of a line; a label only there.
   */
  private syncStart(frames: Frame[], errTok: number): boolean {
    const t = this.t;
    const top = frames.length > 0 ? frames[frames.length - 1]! : null;
    const inBracket = top !== null && top.kind < FR_IF;
    switch (t) {
      case TK_LOCAL: case TK_IF: case TK_WHILE: case TK_FOR: case TK_REPEAT: case TK_RETURN:
      case TK_BREAK: case TK_DO:
        return !inBracket || this.firstOnLine();
      case TK_DBCOLON:
        return this.firstOnLine();
      case TK_GOTO: case TK_FUNCTION:
        return (!inBracket || this.firstOnLine()) && this.peekSafe() === TK_NAME;
      case TK_NAME:
        if (!this.firstOnLine()) return false;
        if (!inBracket) return true;
        if (top.kind === FR_BRACE) return false;
        return this.tStart === errTok || this.peekSafe() === 61;
      default:
        return false;
    }
  }

  /**
   * A 'function' keyword just read in skipped tokens that is followed neither by a name, a '('
   * nor a line break is no function: forget it (else its "body" would swallow what follows).
   */
  private settleFunction(frames: Frame[]): void {
    const top = frames[frames.length - 1];
    if (top === undefined || !top.fresh) return;
    top.fresh = false;
    const t = this.t;
    if (t !== TK_NAME && t !== 40 && !this.firstOnLine()) frames.pop();
  }

  /**
   * Parse the rest of the block construct frames[b] (its header done or given up) from the
   * current token: its body and closer. False if nested too deep to try (it is then skipped).
   */
  private pendingBody(frames: Frame[], b: number): boolean {
    if (this.nCcalls > MAX_C_LEVELS - 50) return false;
    const f = frames[b]!;
    const fs = this.fs;
    const sp = this.sp;
    this.nCcalls++;
    switch (f.kind) {
      case FR_FUNC: {
        const nfs = this.openFunc(f.line);
        nfs.isVararg = true; // (unknown: do not report '...')
        this.statlist();
        this.checkMatch(TK_END, TK_FUNCTION, f.line);
        this.closeFunc(nfs);
        break;
      }
      case FR_IF:
        if (f.inElse) {
          this.block();
        } else {
          this.enterblock(fs, false);
          this.statlist();
          this.leaveblock(fs);
          while (this.t === TK_ELSEIF) this.testThenBlock();
          if (this.testnext(TK_ELSE)) this.block();
        }
        if (!f.optional || this.t === TK_END) this.checkMatch(TK_END, TK_IF, f.line);
        break;
      case FR_LOOP:
        this.enterblock(fs, true);
        this.block();
        this.checkMatch(TK_END, f.tok, f.line);
        this.leaveblock(fs);
        break;
      case FR_DO:
        this.block();
        this.checkMatch(TK_END, TK_DO, f.line);
        break;
      default: // FR_REPEAT
        this.enterblock(fs, true);
        this.enterblock(fs, false);
        this.statlist();
        this.checkMatch(TK_UNTIL, TK_REPEAT, f.line);
        this.expr();
        this.leaveblock(fs);
        this.leaveblock(fs);
    }
    this.sp = sp;
    this.nCcalls--;
    frames.length = b;
    return true;
  }

  /** next() that records a lexical error and skips its token instead of stopping. */
  private nextSafe(): void {
    for (;;) {
      if (--this.budget < 0) throw ABORT;
      try {
        this.next();
        return;
      } catch (e) {
        this.noteThrown(e);
        this.skipBadToken();
      }
    }
  }

  /** lookahead() that answers -1 instead of throwing a lexical error. */
  private peekSafe(): number {
    const t = this.t, sv = this.sv, nv = this.nv, id = this.id;
    const tl = this.tLine, tc = this.tCol, ts = this.tStart, te = this.tEnd;
    const pos = this.pos, line = this.line, ls = this.lineStart;
    try {
      return this.lookahead();
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      this.seek(pos, line, ls);
      this.t = t; this.sv = sv; this.nv = nv; this.id = id;
      this.tLine = tl; this.tCol = tc; this.tStart = ts; this.tEnd = te;
      this.errEnd = -1;
      return -1;
    }
  }

  /** After a lexical error in the token at tStart: move past that token (a short string up to
   *  its closing quote, else where reading stopped). */
  private skipBadToken(): void {
    const src = this.src;
    const len = this.len;
    const start = this.tStart;
    const c = src.charCodeAt(start);
    let q = c === 34 || c === 39 ? shortStringEnd(src, start) : this.pos;
    if (q <= start) q = start + 1;
    if (q > len) q = len;
    let line = this.tLine;
    let ls = start - this.tCol + 1;
    for (let i = start; i < q;) {
      const ch = src.charCodeAt(i++);
      if (ch === 10 || ch === 13) {
        if (i < q) {
          const d = src.charCodeAt(i);
          if ((d === 10 || d === 13) && d !== ch) i++;
        }
        line++;
        ls = i;
      }
    }
    this.seek(q, line, ls);
  }

  /** Whether the current token is the first on its line. */
  private firstOnLine(): boolean {
    const src = this.src;
    for (let i = this.tStart - 1; i >= 0; i--) {
      const c = src.charCodeAt(i);
      if (c === 10 || c === 13) return true;
      if (c !== 32 && c !== 9 && c !== 11 && c !== 12) return false;
    }
    return true;
  }

  /**
   * Record a thrown syntax error if its token lies beyond the latest problem's; anything else
   * is rethrown. Returns whether it was recorded (new).
   */
  private noteThrown(e: unknown): boolean {
    if (!(e instanceof LuaError) || e.kind !== "syntax") throw e;
    const parserError = this.parserError;
    const errEnd = this.errEnd;
    this.parserError = false;
    this.errEnd = -1;
    const tok = this.tStart;
    if (tok <= this.maxTok) return false;
    const line = e.line ?? this.line;
    const column = e.column ?? 1;
    const start = this.lineStart + column - 1;
    let end: number;
    if (parserError) end = this.t === TK_EOS ? start : this.tEnd;
    else end = errEnd >= 0 ? errEnd : this.pos;
    this.record(rawMessage(e), line, column, start, end, tok);
    // a token left unfinished at the end of the text: what is missing after it is its fault
    if (!parserError && this.pos >= this.len) this.maxTok = this.len;
    return true;
  }

  /** Record an error raised without stopping (message without the "chunk:line:" prefix). */
  private noteSoft(msg: string): void {
    const tok = this.tStart;
    if (tok < this.maxTok) return;
    const column = this.column();
    const start = this.lineStart + column - 1;
    const last = this.problems![this.problems!.length - 1];
    if (last !== undefined && last.start === start && last.message === msg) return;
    this.record(msg, this.line, column, start, this.t === TK_EOS ? start : this.tEnd, tok);
  }

  private record(message: string, line: number, column: number, start: number, end: number, tok: number): void {
    const problems = this.problems!;
    const prefix = `${this.chunk}:${line}: `;
    if (message.startsWith(prefix)) message = message.slice(prefix.length);
    this.maxTok = tok;
    // a limit ("too many local variables") is hit again by every later statement: report it once
    if (message.startsWith("too many ")) {
      const what = message.replace(/ near .*$/s, "");
      if (problems.some((p) => p.message.replace(/ near .*$/s, "") === what)) return;
    }
    problems.push({ message, line, column, start, end: Math.max(start, Math.min(end, this.len)) });
    if (problems.length >= MAX_PROBLEMS) throw ABORT;
  }
}

/** What parse() returns: the compact syntax tree, and the object AST built from it on demand. */
export class ParsedChunk implements Chunk {
  readonly kind = "Chunk";
  private ast: Block | undefined;

  constructor(
    private tree: SyntaxTree,
    /** sharedGeneration when the tree was written to sharedNodes, or PRIVATE. */
    private generation: number,
    private readonly source: string,
    readonly chunkName: string,
    private readonly cLevelBase: number,
  ) {}

  /** The compact tree (parsed again if a later parse has reused its buffer). */
  syntaxTree(): SyntaxTree {
    if (this.generation !== PRIVATE && this.generation !== sharedGeneration) {
      // (it parsed before, and parsing is deterministic)
      this.tree = parseInto(this.source, this.chunkName, this.cLevelBase, true).tree;
      this.generation = PRIVATE;
    }
    return this.tree;
  }

  get body(): Block {
    return (this.ast ??= buildAst(this.syntaxTree()));
  }
}

/**
 * Parse a Lua 5.3 chunk (a byte string) into its AST. chunkName is the display name used in
 * messages ("input" gives "input:1: ..."). Throws a LuaError of kind "syntax" worded as lua5.3's.
 */
export function parse(source: string, chunkName: string, options?: ParseOptions): ParsedChunk {
  return parseInto(source, chunkName, options?.cLevelBase ?? 2, false);
}

function parseInto(source: string, chunkName: string, cLevelBase: number, privateNodes: boolean): ParsedChunk {
  const p = new Parser(source, chunkName, cLevelBase, privateNodes);
  try {
    return p.parseChunk();
  } catch (e) {
    if (e instanceof LuaError) {
      if (e.kind === "syntax") attachDiagnostics(e, source, chunkName, cLevelBase);
      throw e;
    }
    if (e instanceof RangeError) {
      // The JS stack ran out before lua's own nesting limits did (parse called from deep inside
      // the host), or a string grew past what the engine allows: report them as lua would.
      const what = /call stack/i.test(e.message) ? "C stack overflow" : "not enough memory";
      const err = syntaxError(`${chunkName}:${p.line}: ${what}`, chunkName, p.line, 1);
      err.source = source;
      attachDiagnostics(err, source, chunkName, cLevelBase);
      throw err;
    }
    throw e;
  }
}

// ---------------------------------------------------------------- diagnostics

/**
 * A syntax error found by a recovering parse: the message as lua5.3 words it without the
 * "chunk:line:" prefix, lua's line and column (columns count bytes, as LuaError's do), and the
 * byte range [start, end) of the offending token in the source (empty at the end of input).
 */
export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
  start: number;
  end: number;
}

/**
 * Every syntax error a recovering parse of a chunk (a byte string) finds, in source order, at
 * most 50. The first is the error parse() throws (same message and position); the others are
 * those found after resynchronising past it (see "error recovery" in the Parser). Empty when the
 * chunk parses. Errors only the code generator finds (compile()) are not among them.
 */
export function syntaxProblems(source: string, chunkName: string, options?: ParseOptions): SyntaxProblem[] {
  // the errors thrown and caught inside need no JS stack trace: capturing one costs more than
  // parsing a line
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Parser(source, chunkName, options?.cLevelBase ?? 2, true, true).parseProblems();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Give a syntax error thrown by parse() its `diagnostics`, computed (by a recovering parse)
 * when first read: a failed compile pays nothing more unless someone looks.
 */
function attachDiagnostics(e: LuaError, source: string, chunkName: string, cLevelBase: number): void {
  let value: Diagnostic[] | undefined;
  Object.defineProperty(e, "diagnostics", {
    configurable: true,
    enumerable: true,
    get: () => (value ??= diagnosticsOf(e, source, chunkName, cLevelBase)),
    set: (v: Diagnostic[] | undefined) => {
      value = v;
    },
  });
}

/** The diagnostics of a syntax error e thrown by parsing source: e's own first. */
function diagnosticsOf(e: LuaError, source: string, chunkName: string, cLevelBase: number): Diagnostic[] {
  let problems: SyntaxProblem[];
  try {
    problems = syntaxProblems(source, chunkName, { cLevelBase });
  } catch {
    problems = []; // (e.g. the JS stack ran out again): e alone
  }
  const first = problems[0];
  if (first === undefined || first.line !== e.line || first.column !== e.column || first.message !== messageOf(e)) {
    const own = problemOf(e, source);
    problems = [own, ...problems.filter((p) => p.start > own.start)];
  }
  return problems.map((p) => toDiagnostic(p, source));
}

/** The message of a LuaError without its "chunk:line: " prefix. */
function messageOf(e: LuaError): string {
  const prefix = `${e.chunkName}:${e.line}: `;
  const m = rawMessage(e);
  return m.startsWith(prefix) ? m.slice(prefix.length) : m;
}

/** A problem for error e (positioned at its line and byte column in source): its range is the
 *  token that starts there. */
function problemOf(e: LuaError, source: string): SyntaxProblem {
  const len = source.length;
  const line = e.line ?? 1;
  const column = e.column ?? 1;
  let l = 1;
  let ls = 0;
  for (let i = 0; i < len && l < line;) {
    const c = source.charCodeAt(i++);
    if (c === 10 || c === 13) {
      if (i < len) {
        const d = source.charCodeAt(i);
        if ((d === 10 || d === 13) && d !== c) i++;
      }
      l++;
      ls = i;
    }
  }
  const start = Math.min(len, ls + column - 1);
  let end = start;
  const lx = new Lexer(source, e.chunkName ?? "?");
  lx.seek(start, line, ls);
  try {
    lx.next();
    if (lx.t !== TK_EOS && lx.tStart === start) end = lx.tEnd;
  } catch {
    end = Math.min(len, start + 1);
  }
  return { message: messageOf(e), line, column, start, end };
}

/** A syntax error as a Diagnostic: its range is the token at e's position. For errors that
 *  come with no diagnostics (the code generator's, such as "function or expression needs too
 *  many registers"). source: the chunk as parsed (a byte string). */
export function errorDiagnostic(e: LuaError, source: string): Diagnostic {
  return toDiagnostic(problemOf(e, source), source);
}

/** A problem as a Diagnostic: the message and columns converted from bytes to the JS text the
 *  byte string encodes (UTF-8; columns count UTF-16 units), lines counted as lua counts them. */
function toDiagnostic(p: SyntaxProblem, src: string): Diagnostic {
  const ls = Math.max(0, p.start - (p.column - 1));
  const column = 1 + utf16Length(src, ls, p.start, false);
  let endLine = p.line;
  let els = ls;
  for (let i = p.start; i < p.end;) {
    const c = src.charCodeAt(i++);
    if (c === 10 || c === 13) {
      if (i < p.end) {
        const d = src.charCodeAt(i);
        if ((d === 10 || d === 13) && d !== c) i++;
      }
      endLine++;
      els = i;
    }
  }
  const endColumn = Math.max(endLine === p.line ? column : 1, 1 + utf16Length(src, els, p.end, true));
  return { severity: "error", message: fromByteString(p.message), line: p.line, column, endLine, endColumn };
}

/**
 * UTF-16 units of the text encoded (UTF-8) by bytes [from, to) of byte string s. A character
 * cut by `to` counts when roundUp (an end), not otherwise (a start). A byte that is not part of
 * a valid sequence counts as one unit (U+FFFD).
 */
function utf16Length(s: string, from: number, to: number, roundUp: boolean): number {
  let units = 0;
  let i = from;
  while (i < to) {
    const b = s.charCodeAt(i);
    let n = 1;
    let u = 1;
    if (b >= 0xc2 && b <= 0xf4) {
      const want = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
      let k = 1;
      while (k < want && i + k < s.length && (s.charCodeAt(i + k) & 0xc0) === 0x80) k++;
      if (k === want) {
        n = want;
        u = want === 4 ? 2 : 1;
      }
    }
    if (i + n > to && !roundUp) break;
    units += u;
    i += n;
  }
  return units;
}
