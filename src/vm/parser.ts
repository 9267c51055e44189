// Recursive-descent parser for Lua 5.3 producing the compact syntax tree of tree.ts (from which
// the object AST of ast.ts is built on demand).
//
// The structure mirrors lparser.c of lua 5.3.6 closely, because lua's error messages depend on
// exactly when each check happens: which token is current when an error is raised (the "near"
// part), the line the lexer is on, the nesting counter behind "too many C levels", and the scope
// bookkeeping behind the goto/label/break errors and the local/upvalue limits. No code is
// generated here; the scope machinery only exists to raise the same errors at the same moment.

import { BinOpr, UnOpr } from "./codegen.js";
import { LuaError, syntaxError } from "./errors.js";
import {
  ID_BREAK, ID_ENV, ID_FOR, ID_SELF, Lexer, NUM_TOKENS, token2str,
  TK_AND, TK_BREAK, TK_CONCAT, TK_DBCOLON, TK_DO, TK_DOTS, TK_ELSE, TK_ELSEIF, TK_END, TK_EOS, TK_EQ,
  TK_FALSE, TK_FLT, TK_FOR, TK_FUNCTION, TK_GE, TK_GOTO, TK_IDIV, TK_IF, TK_IN, TK_INT, TK_LE, TK_LOCAL,
  TK_NAME, TK_NE, TK_NIL, TK_NOT, TK_OR, TK_REPEAT, TK_RETURN, TK_SHL, TK_SHR, TK_STRING, TK_THEN,
  TK_TRUE, TK_UNTIL, TK_WHILE,
} from "./lexer.js";
import type { Block, Chunk } from "./ast.js";
import { buildAst, F, FN_METHOD, FN_VARARG, K, SyntaxTree, type LuaNumber } from "./tree.js";

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

  constructor(src: string, chunk: string, private readonly cLevelBase: number, privateNodes: boolean) {
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
    this.fail(msg, t === 0 ? null : this.txtToken(t), this.column());
  }

  /** semerror: no "near" part. */
  private semerror(msg: string): never {
    this.fail(msg, null, this.column());
  }

  private errorExpected(token: number): never {
    this.error(`${token2str(token)} expected`);
  }

  private errorlimit(fs: FuncState, limit: number, what: string): never {
    const where = fs.lineDefined === 0 ? "main function" : `function at line ${fs.lineDefined}`;
    this.error(`too many ${what} (limit is ${limit}) in ${where}`);
  }

  /** luaM_growvector overflow: a runtime-style error without position (lua raises it so). */
  private growError(what: string, limit: number): never {
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

  private undefgoto(gt: GotoDesc): never {
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
        if (!this.fs.isVararg) this.error("cannot use '...' outside a vararg function");
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
    if (e instanceof LuaError) throw e;
    if (e instanceof RangeError) {
      // The JS stack ran out before lua's own nesting limits did (parse called from deep inside
      // the host), or a string grew past what the engine allows: report them as lua would.
      const what = /call stack/i.test(e.message) ? "C stack overflow" : "not enough memory";
      const err = syntaxError(`${chunkName}:${p.line}: ${what}`, chunkName, p.line, 1);
      err.source = source;
      throw err;
    }
    throw e;
  }
}
