// Syntax tree -> register bytecode. Walks the compact tree of tree.ts in source order and drives
// codegen.ts the way lparser.c drives lcode.c, so the bytecode (and hence the error blame, which
// reads it) matches lua5.3's. The parser has already rejected bad gotos and breaks; here they
// are only patched. Variables, labels and upvalues are resolved by name id (see lexer.ts), so
// scope lookups compare integers.

import { ExpDesc, FuncState, int2fb, MULTRET, VK, type BlockCnt, type LabelDesc } from "./codegen.js";
import { ID_BREAK, ID_ENV, ID_FOR } from "./lexer.js";
import { NO_JUMP, Op, setB, setC, LFIELDS_PER_FLUSH } from "./opcodes.js";
import type { Proto } from "./proto.js";
import type { ParsedChunk } from "./parser.js";
import { F, FN_VARARG, K, type SyntaxTree } from "./tree.js";

const MAXVARS = 200;
const MAXUPVAL = 255;

/** Compile a parsed chunk into its main prototype (a vararg function with upvalue _ENV). */
export function compile(chunk: ParsedChunk): Proto {
  return new Compiler(chunk.syntaxTree(), chunk.chunkName).mainFunc();
}

class Compiler {
  private fs!: FuncState;
  /** The tree's slots (see tree.ts for the layout). */
  private readonly n: Int32Array;
  private readonly names: readonly string[];
  /** Scratch stack of node indices for walking left-deep chains without recursion; each walk
   *  uses the part above where it found the top and pops back to it. */
  private readonly chain: number[] = [];
  /** Expression descriptors, reused: tmpExp() hands out the one at expTop, and whoever saved
   *  expTop before takes them all back by restoring it (statement() does after every statement,
   *  loops after every round), so compiling allocates next to none. */
  private readonly expPool: ExpDesc[] = [];
  private expTop = 0;

  constructor(
    private readonly tree: SyntaxTree,
    private readonly source: string,
  ) {
    this.n = tree.nodes;
    this.names = tree.names;
  }

  /** A descriptor for an expression being compiled, valid until expTop is restored to a value
   *  saved before this call. */
  private tmpExp(): ExpDesc {
    let e = this.expPool[this.expTop];
    if (e === undefined) {
      e = new ExpDesc();
      this.expPool.push(e);
    }
    this.expTop++;
    return e.init(VK.VOID, 0);
  }

  mainFunc(): Proto {
    const fs = this.openFunc(0);
    fs.isVararg = true;
    fs.addUpvalue(ID_ENV, "_ENV", true, 0);
    const bl = this.enterBlock(false);
    const body = this.tree.root;
    const endLine = this.n[body + F.BlockEndLine]!;
    this.statList(this.n[body + F.BlockStats]!, 0, false);
    this.setPos(endLine, 0);
    return this.closeFunc(bl, endLine);
  }

  // ------------------------------------------------------------ functions and blocks

  private openFunc(linedefined: number): FuncState {
    const fs = new FuncState(this.fs ?? null, this.source, linedefined);
    this.fs = fs;
    return fs;
  }

  private closeFunc(bl: BlockCnt, lastline: number): Proto {
    const fs = this.fs;
    fs.ret(0, 0);
    this.leaveBlock(bl);
    const proto = fs.finish(lastline);
    this.fs = fs.prev!;
    return proto;
  }

  private enterBlock(isLoop: boolean): BlockCnt {
    const fs = this.fs;
    const bl: BlockCnt = {
      previous: fs.bl,
      firstLabel: fs.labels.length,
      firstGoto: fs.gotos.length,
      nactvar: fs.nactvar,
      upval: false,
      isLoop,
    };
    fs.bl = bl;
    return bl;
  }

  private leaveBlock(bl: BlockCnt): void {
    const fs = this.fs;
    if (bl.previous && bl.upval) {
      // a jump to the next instruction whose only job is closing upvalues
      const j = fs.jump();
      fs.patchClose(j, bl.nactvar);
      fs.patchToHere(j);
    }
    if (bl.isLoop) this.breakLabel();
    fs.bl = bl.previous;
    this.removeVars(bl.nactvar);
    fs.freereg = fs.nactvar;
    if (fs.labels.length !== bl.firstLabel) fs.labels.length = bl.firstLabel;
    if (bl.previous) this.moveGotosOut(bl);
  }

  private setPos(line: number, col: number): void {
    this.fs.line = line;
    this.fs.col = col;
  }

  // ------------------------------------------------------------ variables

  private newLocalVar(id: number): void {
    const fs = this.fs;
    if (fs.ndeclared + 1 > MAXVARS) fs.errorLimit(MAXVARS, "local variables");
    fs.declareLocal(id, this.names[id]!);
  }

  private adjustLocalVars(nvars: number): void {
    const fs = this.fs;
    fs.nactvar += nvars;
    for (; nvars > 0; nvars--) fs.localVar(fs.nactvar - nvars).startpc = fs.pc;
  }

  private removeVars(tolevel: number): void {
    const fs = this.fs;
    while (fs.nactvar > tolevel) fs.localVar(--fs.nactvar).endpc = fs.pc;
    fs.ndeclared = tolevel;
  }

  /** Register of the active local named id, or -1. */
  private searchVar(fs: FuncState, id: number): number {
    const ids = fs.actvarId;
    for (let i = fs.nactvar - 1; i >= 0; i--) if (ids[i] === id) return i;
    return -1;
  }

  private markUpval(fs: FuncState, level: number): void {
    let bl = fs.bl;
    while (bl && bl.nactvar > level) bl = bl.previous;
    if (bl) bl.upval = true;
  }

  private singleVarAux(fs: FuncState | null, id: number, v: ExpDesc, base: boolean): void {
    if (fs === null) {
      v.init(VK.VOID, 0);
      return;
    }
    const reg = this.searchVar(fs, id);
    if (reg >= 0) {
      v.init(VK.LOCAL, reg);
      if (!base) this.markUpval(fs, reg);
      return;
    }
    let idx = fs.searchUpvalue(id);
    if (idx < 0) {
      this.singleVarAux(fs.prev, id, v, false);
      if (v.k === VK.VOID) return;
      if (fs.upvalues.length + 1 > MAXUPVAL) fs.errorLimit(MAXUPVAL, "upvalues");
      idx = fs.addUpvalue(id, this.names[id]!, v.k === VK.LOCAL, v.info);
    }
    v.init(VK.UPVAL, idx);
  }

  private singleVar(id: number, v: ExpDesc): void {
    const fs = this.fs;
    this.singleVarAux(fs, id, v, true);
    if (v.k === VK.VOID) {
      this.singleVarAux(fs, ID_ENV, v, true);
      const mark = this.expTop;
      const key = this.tmpExp().init(VK.K, fs.nameK(id, this.names));
      fs.indexed(v, key);
      this.expTop = mark;
    }
  }

  // ------------------------------------------------------------ gotos and labels

  private closeGoto(g: number, label: LabelDesc): void {
    const fs = this.fs;
    const gt = fs.gotos[g]!;
    fs.patchList(gt.pc, label.pc);
    fs.gotos.splice(g, 1);
  }

  /** Try to resolve pending goto g against the labels of the current block. */
  private findLabel(g: number): boolean {
    const fs = this.fs;
    const bl = fs.bl!;
    const gt = fs.gotos[g]!;
    for (let i = bl.firstLabel; i < fs.labels.length; i++) {
      const lb = fs.labels[i]!;
      if (lb.id === gt.id) {
        if (gt.nactvar > lb.nactvar && (bl.upval || fs.labels.length > bl.firstLabel)) {
          fs.patchClose(gt.pc, lb.nactvar);
        }
        this.closeGoto(g, lb);
        return true;
      }
    }
    return false;
  }

  private newLabelEntry(list: LabelDesc[], id: number, line: number, pc: number): number {
    list.push({ id, line, pc, nactvar: this.fs.nactvar });
    return list.length - 1;
  }

  /** Resolve the pending gotos of the current block that target this new label. */
  private findGotos(lb: LabelDesc): void {
    const fs = this.fs;
    let i = fs.bl!.firstGoto;
    while (i < fs.gotos.length) {
      if (fs.gotos[i]!.id === lb.id) this.closeGoto(i, lb);
      else i++;
    }
  }

  private moveGotosOut(bl: BlockCnt): void {
    const fs = this.fs;
    let i = bl.firstGoto;
    while (i < fs.gotos.length) {
      const gt = fs.gotos[i]!;
      if (gt.nactvar > bl.nactvar) {
        if (bl.upval) fs.patchClose(gt.pc, bl.nactvar);
        gt.nactvar = bl.nactvar;
      }
      if (!this.findLabel(i)) i++;
    }
  }

  private breakLabel(): void {
    const fs = this.fs;
    const l = this.newLabelEntry(fs.labels, ID_BREAK, 0, fs.pc);
    this.findGotos(fs.labels[l]!);
  }

  private gotoStat(id: number, line: number, pc: number): void {
    const g = this.newLabelEntry(this.fs.gotos, id, line, pc);
    this.findLabel(g);
  }

  // ------------------------------------------------------------ statements

  /** The statements of a list from index `from` on. inRepeat: the list is a repeat body. */
  private statList(list: number, from: number, inRepeat: boolean): void {
    const n = this.n;
    const count = n[list]!;
    for (let i = from; i < count; i++) {
      const s = n[list + 1 + i]!;
      if (n[s] === K.Return) {
        this.retStat(s);
        return;
      }
      this.statement(s, list, i, inRepeat);
    }
  }

  /** Compile a block's statements in a new scope (the caller has set up any loop block). */
  private block(b: number): void {
    const bl = this.enterBlock(false);
    this.statList(this.n[b + F.BlockStats]!, 0, false);
    this.setPos(this.n[b + F.BlockEndLine]!, 0);
    this.leaveBlock(bl);
  }

  private statement(s: number, list: number, index: number, inRepeat: boolean): void {
    const fs = this.fs;
    const n = this.n;
    const mark = this.expTop;
    this.setPos(n[s + F.Line]!, n[s + F.Col]!);
    switch (n[s] as K) {
      case K.Local: this.localStat(s); break;
      case K.LocalFunction: this.localFunc(s); break;
      case K.Assign: this.assignStat(s); break;
      case K.CallStat: {
        const v = this.tmpExp();
        this.expr(n[s + F.CallStatCall]!, v);
        fs.code[v.info] = setC(fs.code[v.info]!, 1); // call statement uses no results
        break;
      }
      case K.Do: this.block(n[s + F.DoBody]!); break;
      case K.While: this.whileStat(s); break;
      case K.Repeat: this.repeatStat(s); break;
      case K.If: this.ifStat(s); break;
      case K.NumericFor: this.forStat(s, true); break;
      case K.GenericFor: this.forStat(s, false); break;
      case K.FunctionStat: this.funcStat(s); break;
      case K.Break: this.gotoStat(ID_BREAK, n[s + F.Line]!, fs.jump()); break;
      case K.Goto: this.gotoStat(n[s + F.GotoLabel]!, n[s + F.Line]!, fs.jump()); break;
      case K.Label: this.labelStat(s, list, index, inRepeat); break;
      case K.Return: this.retStat(s); break;
      default: break;
    }
    fs.freereg = fs.nactvar;
    this.expTop = mark;
  }

  private labelStat(s: number, list: number, index: number, inRepeat: boolean): void {
    const fs = this.fs;
    const n = this.n;
    const l = this.newLabelEntry(fs.labels, n[s + F.LabelName]!, n[s + F.Line]!, fs.getLabel());
    // A label followed only by other labels up to the end of its block counts as outside the
    // block's locals (lua 5.3 rule), except at the end of a repeat body (the 'until' sees them).
    let last = true;
    for (let j = index + 1; j < n[list]!; j++) {
      if (n[n[list + 1 + j]!] !== K.Label) {
        last = false;
        break;
      }
    }
    if (last && !inRepeat) fs.labels[l]!.nactvar = fs.bl!.nactvar;
    this.findGotos(fs.labels[l]!);
  }

  private localStat(s: number): void {
    const n = this.n;
    const names = n[s + F.LocalNames]!;
    const nvars = n[names]!;
    for (let i = 1; i <= nvars; i++) this.newLocalVar(n[names + i]!);
    const e = this.tmpExp();
    const nexps = this.explist(n[s + F.LocalExprs]!, e);
    this.adjustAssign(nvars, nexps, e);
    this.adjustLocalVars(nvars);
  }

  private localFunc(s: number): void {
    const fs = this.fs;
    const fvar = fs.nactvar;
    this.newLocalVar(this.n[s + F.LocalFuncName]!);
    this.adjustLocalVars(1);
    const b = this.tmpExp();
    this.body(this.n[s + F.LocalFuncFunc]!, b);
    // debug information sees the variable only from here
    fs.localVar(fvar).startpc = fs.pc;
  }

  private funcStat(s: number): void {
    const n = this.n;
    const v = this.tmpExp();
    this.expr(n[s + F.FuncStatTarget]!, v);
    const b = this.tmpExp();
    this.body(n[s + F.FuncStatFunc]!, b);
    this.fs.storeVar(v, b);
    this.fs.fixLine(n[s + F.Line]!, n[s + F.Col]!); // the definition "happens" on the first line
  }

  private assignStat(s: number): void {
    const fs = this.fs;
    const n = this.n;
    const targets = n[s + F.AssignTargets]!;
    const nvars = n[targets]!;
    const lhs: ExpDesc[] = [];
    for (let i = 1; i <= nvars; i++) {
      const v = this.tmpExp();
      this.expr(n[targets + i]!, v);
      if (v.k !== VK.INDEXED) this.checkConflict(lhs, v);
      lhs.push(v);
    }
    const e = this.tmpExp();
    const nexps = this.explist(n[s + F.AssignExprs]!, e);
    this.setPos(n[s + F.Line]!, n[s + F.Col]!);
    if (nexps !== nvars) {
      this.adjustAssign(nvars, nexps, e);
    } else {
      fs.setOneRet(e);
      fs.storeVar(lhs[nvars - 1]!, e);
      for (let i = nvars - 2; i >= 0; i--) {
        fs.storeVar(lhs[i]!, this.tmpExp().init(VK.NONRELOC, fs.freereg - 1));
      }
      return;
    }
    for (let i = nvars - 1; i >= 0; i--) {
      fs.storeVar(lhs[i]!, this.tmpExp().init(VK.NONRELOC, fs.freereg - 1));
    }
  }

  /** A local (or upvalue) assigned in a multiple assignment that an earlier indexed target
   *  uses as table or key must be copied first, as lua's check_conflict does. */
  private checkConflict(lhs: ExpDesc[], v: ExpDesc): void {
    const fs = this.fs;
    const extra = fs.freereg;
    let conflict = false;
    for (const lh of lhs) {
      if (lh.k !== VK.INDEXED) continue;
      if (lh.indVt === v.k && lh.indT === v.info) {
        conflict = true;
        lh.indVt = VK.LOCAL;
        lh.indT = extra;
      }
      if (v.k === VK.LOCAL && lh.indIdx === v.info) {
        conflict = true;
        lh.indIdx = extra;
      }
    }
    if (conflict) {
      fs.codeABC(v.k === VK.LOCAL ? Op.MOVE : Op.GETUPVAL, extra, v.info, 0);
      fs.reserveRegs(1);
    }
  }

  private adjustAssign(nvars: number, nexps: number, e: ExpDesc): void {
    const fs = this.fs;
    let extra = nvars - nexps;
    if (e.hasMultRet()) {
      extra++;
      if (extra < 0) extra = 0;
      fs.setReturns(e, extra);
      if (extra > 1) fs.reserveRegs(extra - 1);
    } else {
      if (e.k !== VK.VOID) fs.exp2nextreg(e);
      if (extra > 0) {
        const reg = fs.freereg;
        fs.reserveRegs(extra);
        fs.codeNil(reg, extra);
      }
    }
    if (nexps > nvars) fs.freereg -= nexps - nvars;
  }

  private cond(e: number): number {
    const v = this.tmpExp();
    this.expr(e, v);
    if (v.k === VK.NIL) v.k = VK.FALSE;
    this.fs.goIfTrue(v);
    return v.f;
  }

  private whileStat(s: number): void {
    const fs = this.fs;
    const whileInit = fs.getLabel();
    const condExit = this.cond(this.n[s + F.WhileCond]!);
    const bl = this.enterBlock(true);
    this.block(this.n[s + F.WhileBody]!);
    fs.jumpTo(whileInit);
    this.leaveBlock(bl);
    fs.patchToHere(condExit);
  }

  private repeatStat(s: number): void {
    const fs = this.fs;
    const n = this.n;
    const repeatInit = fs.getLabel();
    const bl1 = this.enterBlock(true);
    const bl2 = this.enterBlock(false);
    this.statList(n[n[s + F.RepeatBody]! + F.BlockStats]!, 0, true);
    const cond = n[s + F.RepeatCond]!;
    this.setPos(n[cond + F.Line]!, n[cond + F.Col]!);
    const condExit = this.cond(cond);
    if (bl2.upval) fs.patchClose(condExit, bl2.nactvar);
    this.leaveBlock(bl2);
    fs.patchList(condExit, repeatInit);
    this.leaveBlock(bl1);
  }

  private ifStat(s: number): void {
    const fs = this.fs;
    const n = this.n;
    let escapeList = NO_JUMP;
    const clauses = n[s + F.IfClauses]!;
    const count = n[clauses]!;
    const orelse = n[s + F.IfElse]!;
    for (let i = 1; i <= count; i++) {
      const hasMore = i < count || orelse !== 0;
      escapeList = this.testThenBlock(n[clauses + i]!, hasMore, escapeList);
    }
    if (orelse !== 0) this.block(orelse);
    fs.patchToHere(escapeList);
  }

  private testThenBlock(c: number, hasMore: boolean, escapeList: number): number {
    const fs = this.fs;
    const n = this.n;
    const mark = this.expTop;
    const v = this.tmpExp();
    this.setPos(n[c + F.Line]!, n[c + F.Col]!);
    this.expr(n[c + F.ClauseCond]!, v);
    const body = n[c + F.ClauseBody]!;
    const stats = n[body + F.BlockStats]!;
    const first = n[stats]! > 0 ? n[stats + 1]! : 0;
    let jf: number;
    let bl: BlockCnt;
    let rest = 0;
    if (first !== 0 && (n[first] === K.Break || n[first] === K.Goto)) {
      // `if cond then break/goto` jumps straight on the condition
      fs.goIfFalse(v);
      bl = this.enterBlock(false);
      this.setPos(n[first + F.Line]!, n[first + F.Col]!);
      const label = n[first] === K.Break ? ID_BREAK : n[first + F.GotoLabel]!;
      this.gotoStat(label, n[first + F.Line]!, v.t);
      this.expTop = mark;
      if (n[stats] === 1) {
        this.setPos(n[body + F.BlockEndLine]!, 0);
        this.leaveBlock(bl);
        return escapeList;
      }
      jf = fs.jump();
      rest = 1;
    } else {
      fs.goIfTrue(v);
      jf = v.f;
      this.expTop = mark;
      bl = this.enterBlock(false);
    }
    this.statList(stats, rest, false);
    this.setPos(n[body + F.BlockEndLine]!, 0);
    this.leaveBlock(bl);
    if (hasMore) escapeList = fs.concat(escapeList, fs.jump());
    fs.patchToHere(jf);
    return escapeList;
  }

  private forStat(s: number, isNum: boolean): void {
    const bl = this.enterBlock(true);
    const body = isNum ? this.forNum(s) : this.forList(s);
    this.setPos(this.n[body + F.BlockEndLine]!, 0);
    this.leaveBlock(bl);
  }

  private exp1(e: number): void {
    const v = this.tmpExp();
    this.expr(e, v);
    this.fs.exp2nextreg(v);
  }

  /** Returns the body block. */
  private forNum(s: number): number {
    const fs = this.fs;
    const n = this.n;
    const base = fs.freereg;
    this.newLocalVar(ID_FOR + 0); // (for index)
    this.newLocalVar(ID_FOR + 1); // (for limit)
    this.newLocalVar(ID_FOR + 2); // (for step)
    this.newLocalVar(n[s + F.ForVar]!);
    this.exp1(n[s + F.ForStart]!);
    this.exp1(n[s + F.ForLimit]!);
    const step = n[s + F.ForStep]!;
    if (step !== 0) this.exp1(step);
    else {
      fs.codeK(fs.freereg, fs.intK(1));
      fs.reserveRegs(1);
    }
    const body = n[s + F.ForBody]!;
    this.forBody(s, body, base, 1, true, n[s + F.Line]!);
    return body;
  }

  /** Returns the body block. */
  private forList(s: number): number {
    const fs = this.fs;
    const n = this.n;
    const base = fs.freereg;
    this.newLocalVar(ID_FOR + 3); // (for generator)
    this.newLocalVar(ID_FOR + 4); // (for state)
    this.newLocalVar(ID_FOR + 5); // (for control)
    const names = n[s + F.ForNames]!;
    const nvars = n[names]!;
    for (let i = 1; i <= nvars; i++) this.newLocalVar(n[names + i]!);
    const e = this.tmpExp();
    const exprs = n[s + F.ForExprs]!;
    const line = n[n[exprs + 1]! + F.Line]!; // of the first expression
    this.adjustAssign(3, this.explist(exprs, e), e);
    fs.checkStack(3); // room to call the generator
    this.setPos(line, 0);
    const body = n[s + F.ForListBody]!;
    this.forBody(s, body, base, nvars, false, line);
    return body;
  }

  private forBody(s: number, body: number, base: number, nvars: number, isNum: boolean, callLine: number): void {
    const fs = this.fs;
    const n = this.n;
    const line = n[s + F.Line]!;
    this.adjustLocalVars(3);
    this.setPos(line, n[s + F.Col]!);
    const prep = isNum ? fs.codeAsBx(Op.FORPREP, base, NO_JUMP) : fs.jump();
    const bl = this.enterBlock(false);
    this.adjustLocalVars(nvars);
    fs.reserveRegs(nvars);
    this.statList(n[body + F.BlockStats]!, 0, false);
    this.setPos(n[body + F.BlockEndLine]!, 0);
    this.leaveBlock(bl);
    fs.patchToHere(prep);
    let endFor: number;
    if (isNum) {
      endFor = fs.codeAsBx(Op.FORLOOP, base, NO_JUMP);
    } else {
      fs.codeABC(Op.TFORCALL, base, 0, nvars);
      fs.fixLine(callLine);
      endFor = fs.codeAsBx(Op.TFORLOOP, base + 2, NO_JUMP);
    }
    fs.patchList(endFor, prep + 1);
    fs.fixLine(isNum ? line : callLine);
  }

  private retStat(s: number): void {
    const fs = this.fs;
    const n = this.n;
    this.setPos(n[s + F.Line]!, n[s + F.Col]!);
    let first = 0;
    let nret = 0;
    const exprs = n[s + F.ReturnExprs]!;
    if (n[exprs]! > 0) {
      const e = this.tmpExp();
      nret = this.explist(exprs, e);
      if (e.hasMultRet()) {
        fs.setMultRet(e);
        if (e.k === VK.CALL && nret === 1) {
          fs.code[e.info] = (fs.code[e.info]! & ~0x3f) | Op.TAILCALL;
        }
        first = fs.nactvar;
        nret = MULTRET;
      } else if (nret === 1) {
        first = fs.exp2anyreg(e);
      } else {
        fs.exp2nextreg(e);
        first = fs.nactvar;
      }
    }
    fs.ret(first, nret);
  }

  // ------------------------------------------------------------ expressions

  /** Compile a list: all but the last go to consecutive registers; the last stays in e.
   *  Returns the number of expressions. */
  private explist(list: number, e: ExpDesc): number {
    const n = this.n;
    const count = n[list]!;
    if (count === 0) {
      e.init(VK.VOID, 0);
      return 0;
    }
    this.expr(n[list + 1]!, e);
    for (let i = 2; i <= count; i++) {
      this.fs.exp2nextreg(e);
      this.expr(n[list + i]!, e.init(VK.VOID, 0));
    }
    return count;
  }

  /** Names and indexings are left unresolved (VLOCAL/VUPVAL/VINDEXED), so they also serve
   *  as assignment targets. */
  private expr(node: number, v: ExpDesc): void {
    const fs = this.fs;
    const n = this.n;
    v.t = v.f = NO_JUMP;
    switch (n[node] as K) {
      case K.Nil: v.init(VK.NIL, 0); return;
      case K.True: v.init(VK.TRUE, 0); return;
      case K.False: v.init(VK.FALSE, 0); return;
      case K.Int:
        v.init(VK.KINT, 0);
        v.nval = n[node + F.Value]!;
        return;
      case K.Number: {
        const val = this.tree.nums[n[node + F.Value]!]!;
        const isInt = typeof val === "bigint" || (typeof val === "number" && Number.isInteger(val));
        v.init(isInt ? VK.KINT : VK.KFLT, 0);
        v.nval = val;
        return;
      }
      case K.String: v.init(VK.K, fs.stringK(this.tree.strs[n[node + F.Value]!]!)); return;
      case K.NameString: v.init(VK.K, fs.nameK(n[node + F.Value]!, this.names)); return;
      case K.Vararg:
        this.setPos(n[node + F.Line]!, n[node + F.Col]!);
        v.init(VK.VARARG, fs.codeABC(Op.VARARG, 0, 1, 0));
        return;
      case K.Name:
        this.singleVar(n[node + F.Value]!, v);
        return;
      case K.Index:
      case K.Call:
      case K.MethodCall:
        this.suffixedExpr(node, v);
        return;
      case K.Function:
        this.body(node, v);
        return;
      case K.Table:
        this.constructor_(node, v);
        return;
      case K.Paren:
        this.expr(n[node + F.ParenExpr]!, v);
        fs.dischargeVars(v);
        return;
      case K.Unary: {
        const line = n[node + F.Line]!, col = n[node + F.Col]!;
        this.expr(n[node + F.UnOperand]!, v);
        this.setPos(line, col);
        fs.prefix(n[node + F.UnOp]!, v, line, col);
        return;
      }
      case K.Binary:
        this.binaryExpr(node, v);
        return;
      default:
        throw new Error(`not an expression node: kind ${n[node]}`);
    }
  }

  /** Left-associative chains (a + b + c ...) are left-deep trees of any length: walk the left
   *  spine with a loop, as lua's subexpr does, not with recursion. */
  private binaryExpr(node: number, v: ExpDesc): void {
    const fs = this.fs;
    const n = this.n;
    const spine = this.chain;
    const base = spine.length;
    let e = node;
    for (; n[e] === K.Binary; e = n[e + F.BinLeft]!) spine.push(e);
    this.expr(e, v);
    const mark = this.expTop;
    const v2 = this.tmpExp();
    while (spine.length > base) {
      const b = spine.pop()!;
      const op = n[b + F.BinOp]!;
      const line = n[b + F.Line]!, col = n[b + F.Col]!;
      this.setPos(line, col);
      fs.infix(op, v);
      this.expr(n[b + F.BinRight]!, v2.init(VK.VOID, 0));
      this.setPos(line, col);
      fs.posfix(op, v, v2, line, col);
    }
    this.expTop = mark;
  }

  /** `a.b[c]:m(x)(y)...`: suffix chains are left-deep; compile them with a loop. */
  private suffixedExpr(node: number, v: ExpDesc): void {
    const fs = this.fs;
    const n = this.n;
    const chain = this.chain;
    const base = chain.length;
    let e = node;
    for (;;) {
      const k = n[e] as K;
      if (k !== K.Index && k !== K.Call && k !== K.MethodCall) break;
      chain.push(e);
      e = n[e + (k === K.Call ? F.CallFn : k === K.Index ? F.IndexObj : F.MethodObj)]!;
    }
    this.expr(e, v);
    const mark = this.expTop;
    while (chain.length > base) {
      const s = chain.pop()!;
      const line = n[s + F.Line]!, col = n[s + F.Col]!;
      switch (n[s] as K) {
        case K.Index: {
          this.setPos(line, col);
          fs.exp2anyregup(v);
          const key = this.tmpExp();
          this.expr(n[s + F.IndexKey]!, key);
          fs.exp2val(key);
          fs.indexed(v, key);
          break;
        }
        case K.Call:
          this.setPos(line, col);
          fs.exp2nextreg(v);
          this.funcArgs(n[s + F.CallArgs]!, v, line, col);
          break;
        default: { // MethodCall
          this.setPos(n[s + F.MethodNameLine]!, n[s + F.MethodNameCol]!);
          const key = this.tmpExp().init(VK.K, fs.nameK(n[s + F.MethodName]!, this.names));
          fs.self(v, key);
          this.funcArgs(n[s + F.MethodArgs]!, v, line, col);
          break;
        }
      }
      this.expTop = mark;
    }
  }

  private funcArgs(args: number, f: ExpDesc, line: number, col: number): void {
    const fs = this.fs;
    const a = this.tmpExp();
    if (this.n[args] === 0) a.init(VK.VOID, 0);
    else {
      this.explist(args, a);
      fs.setMultRet(a);
    }
    const base = f.info;
    let nparams: number;
    if (a.hasMultRet()) nparams = MULTRET;
    else {
      if (a.k !== VK.VOID) fs.exp2nextreg(a);
      nparams = fs.freereg - (base + 1);
    }
    this.setPos(line, col);
    f.init(VK.CALL, fs.codeABC(Op.CALL, base, nparams + 1, 2));
    fs.fixLine(line, col);
    fs.freereg = base + 1;
  }

  /** A function expression: compile it into a nested prototype, then a CLOSURE in e. */
  private body(fn: number, e: ExpDesc): void {
    const n = this.n;
    const outer = this.fs;
    const line = n[fn + F.Line]!;
    const endLine = n[fn + F.FnEndLine]!;
    const fs = this.openFunc(line);
    fs.line = line;
    const bl = this.enterBlock(false);
    const params = n[fn + F.FnParams]!;
    const nparams = n[params]!;
    for (let i = 1; i <= nparams; i++) this.newLocalVar(n[params + i]!);
    this.adjustLocalVars(nparams);
    fs.numparams = fs.nactvar;
    fs.isVararg = (n[fn + F.FnFlags]! & FN_VARARG) !== 0;
    fs.reserveRegs(fs.nactvar);
    this.statList(n[n[fn + F.FnBody]! + F.BlockStats]!, 0, false);
    this.setPos(endLine, 0);
    const proto = this.closeFunc(bl, endLine);
    outer.protos.push(proto);
    outer.line = endLine;
    e.init(VK.RELOCABLE, outer.codeABx(Op.CLOSURE, 0, outer.protos.length - 1));
    outer.exp2nextreg(e);
  }

  private constructor_(node: number, t: ExpDesc): void {
    const fs = this.fs;
    const n = this.n;
    this.setPos(n[node + F.Line]!, n[node + F.Col]!);
    const pc = fs.codeABC(Op.NEWTABLE, 0, 0, 0);
    let na = 0;
    let nh = 0;
    let tostore = 0;
    t.init(VK.RELOCABLE, pc);
    fs.exp2nextreg(t);
    const v = this.tmpExp();
    const mark = this.expTop;
    const items = n[node + F.TableItems]!;
    const count = n[items]!;
    for (let i = 1; i <= count; i++) {
      const item = n[items + i]!;
      // closelistfield
      if (v.k !== VK.VOID) {
        fs.exp2nextreg(v);
        v.init(VK.VOID, 0);
        if (tostore === LFIELDS_PER_FLUSH) {
          fs.setList(t.info, na, tostore);
          tostore = 0;
        }
      }
      const kind = n[item] as K;
      if (kind !== K.NamedItem && kind !== K.KeyedItem) {
        // a positional item is its expression
        this.expr(item, v);
        na++;
        tostore++;
      } else {
        const reg = fs.freereg;
        const key = this.tmpExp();
        const line = n[item + F.Line]!, col = n[item + F.Col]!;
        this.setPos(line, col);
        if (kind === K.NamedItem) key.init(VK.K, fs.nameK(n[item + F.ItemKey]!, this.names));
        else {
          this.expr(n[item + F.ItemKey]!, key);
          fs.exp2val(key);
        }
        nh++;
        const rkkey = fs.exp2RK(key);
        const val = this.tmpExp();
        this.expr(n[item + F.ItemValue]!, val);
        this.setPos(line, col);
        fs.codeABC(Op.SETTABLE, t.info, rkkey, fs.exp2RK(val));
        fs.freereg = reg;
      }
      this.expTop = mark;
    }
    this.setPos(n[node + F.TableEndLine]!, 0);
    // lastlistfield
    if (tostore > 0) {
      if (v.hasMultRet()) {
        fs.setMultRet(v);
        fs.setList(t.info, na, MULTRET);
        na--;
      } else {
        if (v.k !== VK.VOID) fs.exp2nextreg(v);
        fs.setList(t.info, na, tostore);
      }
    }
    fs.code[pc] = setC(setB(fs.code[pc]!, int2fb(na)), int2fb(nh));
  }
}
