// AST -> register bytecode. Walks the tree in source order and drives codegen.ts the way
// lparser.c drives lcode.c, so the bytecode (and hence the error blame, which reads it) matches
// lua5.3's. The parser has already rejected bad gotos and breaks; here they are only patched.

import type * as A from "./ast.js";
import { BinOpr, ExpDesc, FuncState, int2fb, MULTRET, UnOpr, VK, type BlockCnt, type LabelDesc } from "./codegen.js";
import { getA, NO_JUMP, Op, setB, setC, LFIELDS_PER_FLUSH } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { LuaFloat } from "./value.js";

const MAXVARS = 200;
const MAXUPVAL = 255;

const BINOPS: Record<A.BinaryOp, BinOpr> = {
  "+": BinOpr.ADD, "-": BinOpr.SUB, "*": BinOpr.MUL, "%": BinOpr.MOD, "^": BinOpr.POW,
  "/": BinOpr.DIV, "//": BinOpr.IDIV, "&": BinOpr.BAND, "|": BinOpr.BOR, "~": BinOpr.BXOR,
  "<<": BinOpr.SHL, ">>": BinOpr.SHR, "..": BinOpr.CONCAT, "==": BinOpr.EQ, "<": BinOpr.LT,
  "<=": BinOpr.LE, "~=": BinOpr.NE, ">": BinOpr.GT, ">=": BinOpr.GE, and: BinOpr.AND, or: BinOpr.OR,
};

const UNOPS: Record<A.UnaryOp, UnOpr> = { "-": UnOpr.MINUS, "~": UnOpr.BNOT, not: UnOpr.NOT, "#": UnOpr.LEN };

/** Compile a parsed chunk into its main prototype (a vararg function with upvalue _ENV). */
export function compile(chunk: A.Chunk): Proto {
  return new Compiler(chunk.chunkName).mainFunc(chunk);
}

class Compiler {
  private fs!: FuncState;

  constructor(private readonly source: string) {}

  mainFunc(chunk: A.Chunk): Proto {
    const fs = this.openFunc(0);
    fs.isVararg = true;
    fs.upvalues.push({ name: "_ENV", instack: true, idx: 0 });
    const bl = this.enterBlock(false);
    this.statList(chunk.body.stats);
    this.setPos(chunk.body.endLine, 0);
    return this.closeFunc(bl, chunk.body.endLine);
  }

  // ------------------------------------------------------------ functions and blocks

  private protos: Proto[][] = [];

  private openFunc(linedefined: number): FuncState {
    const fs = new FuncState(this.fs ?? null, this.source, linedefined);
    this.fs = fs;
    this.protos.push([]);
    return fs;
  }

  private closeFunc(bl: BlockCnt, lastline: number): Proto {
    const fs = this.fs;
    fs.ret(0, 0);
    this.leaveBlock(bl);
    const proto = fs.finish(lastline, this.protos.pop()!);
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
    fs.labels.length = bl.firstLabel;
    if (bl.previous) this.moveGotosOut(bl);
  }

  private setPos(line: number, col: number): void {
    this.fs.line = line;
    this.fs.col = col;
  }

  // ------------------------------------------------------------ variables

  private newLocalVar(name: string): void {
    const fs = this.fs;
    if (fs.actvar.length + 1 > MAXVARS) fs.errorLimit(MAXVARS, "local variables");
    fs.locvars.push({ name, startpc: 0, endpc: 0 });
    fs.actvar.push(fs.locvars.length - 1);
  }

  private adjustLocalVars(nvars: number): void {
    const fs = this.fs;
    fs.nactvar += nvars;
    for (; nvars > 0; nvars--) fs.locvars[fs.actvar[fs.nactvar - nvars]!]!.startpc = fs.pc;
  }

  private removeVars(tolevel: number): void {
    const fs = this.fs;
    while (fs.nactvar > tolevel) fs.locvars[fs.actvar[--fs.nactvar]!]!.endpc = fs.pc;
    fs.actvar.length = tolevel;
  }

  private searchVar(fs: FuncState, name: string): number {
    for (let i = fs.nactvar - 1; i >= 0; i--) {
      if (fs.locvars[fs.actvar[i]!]!.name === name) return i;
    }
    return -1;
  }

  private markUpval(fs: FuncState, level: number): void {
    let bl = fs.bl;
    while (bl && bl.nactvar > level) bl = bl.previous;
    if (bl) bl.upval = true;
  }

  private singleVarAux(fs: FuncState | null, name: string, v: ExpDesc, base: boolean): void {
    if (fs === null) {
      v.init(VK.VOID, 0);
      return;
    }
    const reg = this.searchVar(fs, name);
    if (reg >= 0) {
      v.init(VK.LOCAL, reg);
      if (!base) this.markUpval(fs, reg);
      return;
    }
    let idx = fs.upvalues.findIndex((u) => u.name === name);
    if (idx < 0) {
      this.singleVarAux(fs.prev, name, v, false);
      if (v.k === VK.VOID) return;
      if (fs.upvalues.length + 1 > MAXUPVAL) fs.errorLimit(MAXUPVAL, "upvalues");
      fs.upvalues.push({ name, instack: v.k === VK.LOCAL, idx: v.info });
      idx = fs.upvalues.length - 1;
    }
    v.init(VK.UPVAL, idx);
  }

  private singleVar(name: string, v: ExpDesc): void {
    const fs = this.fs;
    this.singleVarAux(fs, name, v, true);
    if (v.k === VK.VOID) {
      this.singleVarAux(fs, "_ENV", v, true);
      const key = new ExpDesc().init(VK.K, fs.stringK(name));
      fs.indexed(v, key);
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
      if (lb.name === gt.name) {
        if (gt.nactvar > lb.nactvar && (bl.upval || fs.labels.length > bl.firstLabel)) {
          fs.patchClose(gt.pc, lb.nactvar);
        }
        this.closeGoto(g, lb);
        return true;
      }
    }
    return false;
  }

  private newLabelEntry(list: LabelDesc[], name: string, line: number, pc: number): number {
    list.push({ name, line, pc, nactvar: this.fs.nactvar });
    return list.length - 1;
  }

  /** Resolve the pending gotos of the current block that target this new label. */
  private findGotos(lb: LabelDesc): void {
    const fs = this.fs;
    let i = fs.bl!.firstGoto;
    while (i < fs.gotos.length) {
      if (fs.gotos[i]!.name === lb.name) this.closeGoto(i, lb);
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
    const l = this.newLabelEntry(fs.labels, "break", 0, fs.pc);
    this.findGotos(fs.labels[l]!);
  }

  private gotoStat(name: string, line: number, pc: number): void {
    const g = this.newLabelEntry(this.fs.gotos, name, line, pc);
    this.findLabel(g);
  }

  // ------------------------------------------------------------ statements

  private statList(stats: A.Stat[]): void {
    for (let i = 0; i < stats.length; i++) {
      const s = stats[i]!;
      if (s.kind === "Return") {
        this.retStat(s);
        return;
      }
      this.statement(s, stats, i);
    }
  }

  private statement(s: A.Stat, siblings: A.Stat[], index: number): void {
    const fs = this.fs;
    this.setPos(s.line, s.col);
    switch (s.kind) {
      case "Local": this.localStat(s); break;
      case "LocalFunction": this.localFunc(s); break;
      case "Assign": this.assignStat(s); break;
      case "CallStat": {
        const v = new ExpDesc();
        this.expr(s.call, v);
        fs.code[v.info] = setC(fs.code[v.info]!, 1); // call statement uses no results
        break;
      }
      case "Do": {
        const bl = this.enterBlock(false);
        this.statList(s.body.stats);
        this.setPos(s.body.endLine, 0);
        this.leaveBlock(bl);
        break;
      }
      case "While": this.whileStat(s); break;
      case "Repeat": this.repeatStat(s); break;
      case "If": this.ifStat(s); break;
      case "NumericFor": this.forStat(s); break;
      case "GenericFor": this.forStat(s); break;
      case "FunctionStat": this.funcStat(s); break;
      case "Break": this.gotoStat("break", s.line, fs.jump()); break;
      case "Goto": this.gotoStat(s.label, s.line, fs.jump()); break;
      case "Label": this.labelStat(s, siblings, index); break;
      case "Return": this.retStat(s); break;
    }
    fs.freereg = fs.nactvar;
  }

  private labelStat(s: A.LabelStat, siblings: A.Stat[], index: number, inRepeat = false): void {
    const fs = this.fs;
    const l = this.newLabelEntry(fs.labels, s.name, s.line, fs.getLabel());
    // A label followed only by other labels up to the end of its block counts as outside the
    // block's locals (lua 5.3 rule), except at the end of a repeat body (the 'until' sees them).
    let last = true;
    for (let j = index + 1; j < siblings.length; j++) {
      if (siblings[j]!.kind !== "Label") {
        last = false;
        break;
      }
    }
    if (last && !this.inRepeatBody(siblings) && !inRepeat) fs.labels[l]!.nactvar = fs.bl!.nactvar;
    this.findGotos(fs.labels[l]!);
  }

  private repeatBodies = new Set<A.Stat[]>();

  private inRepeatBody(stats: A.Stat[]): boolean {
    return this.repeatBodies.has(stats);
  }

  private localStat(s: A.LocalStat): void {
    for (const n of s.names) this.newLocalVar(n);
    const e = new ExpDesc();
    const nexps = this.explist(s.exprs, e);
    this.adjustAssign(s.names.length, nexps, e);
    this.adjustLocalVars(s.names.length);
  }

  private localFunc(s: A.LocalFunctionStat): void {
    const fs = this.fs;
    const fvar = fs.nactvar;
    this.newLocalVar(s.name);
    this.adjustLocalVars(1);
    const b = new ExpDesc();
    this.body(s.func, b);
    // debug information sees the variable only from here
    fs.locvars[fs.actvar[fvar]!]!.startpc = fs.pc;
  }

  private funcStat(s: A.FunctionStat): void {
    const v = new ExpDesc();
    this.expr(s.target, v);
    const b = new ExpDesc();
    this.body(s.func, b);
    this.fs.storeVar(v, b);
    this.fs.fixLine(s.line, s.col); // the definition "happens" on the first line
  }

  private assignStat(s: A.AssignStat): void {
    const fs = this.fs;
    const lhs: ExpDesc[] = [];
    for (const t of s.targets) {
      const v = new ExpDesc();
      this.expr(t, v);
      if (v.k !== VK.INDEXED) this.checkConflict(lhs, v);
      lhs.push(v);
    }
    const e = new ExpDesc();
    const nexps = this.explist(s.exprs, e);
    const nvars = lhs.length;
    this.setPos(s.line, s.col);
    if (nexps !== nvars) {
      this.adjustAssign(nvars, nexps, e);
    } else {
      fs.setOneRet(e);
      fs.storeVar(lhs[nvars - 1]!, e);
      for (let i = nvars - 2; i >= 0; i--) {
        fs.storeVar(lhs[i]!, new ExpDesc().init(VK.NONRELOC, fs.freereg - 1));
      }
      return;
    }
    for (let i = nvars - 1; i >= 0; i--) {
      fs.storeVar(lhs[i]!, new ExpDesc().init(VK.NONRELOC, fs.freereg - 1));
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

  private cond(e: A.Expr): number {
    const v = new ExpDesc();
    this.expr(e, v);
    if (v.k === VK.NIL) v.k = VK.FALSE;
    this.fs.goIfTrue(v);
    return v.f;
  }

  private whileStat(s: A.WhileStat): void {
    const fs = this.fs;
    const whileInit = fs.getLabel();
    const condExit = this.cond(s.cond);
    const bl = this.enterBlock(true);
    const inner = this.enterBlock(false);
    this.statList(s.body.stats);
    this.setPos(s.body.endLine, 0);
    this.leaveBlock(inner);
    fs.jumpTo(whileInit);
    this.leaveBlock(bl);
    fs.patchToHere(condExit);
  }

  private repeatStat(s: A.RepeatStat): void {
    const fs = this.fs;
    const repeatInit = fs.getLabel();
    const bl1 = this.enterBlock(true);
    const bl2 = this.enterBlock(false);
    this.repeatBodies.add(s.body.stats);
    this.statList(s.body.stats);
    this.repeatBodies.delete(s.body.stats);
    this.setPos(s.cond.line, s.cond.col);
    const condExit = this.cond(s.cond);
    if (bl2.upval) fs.patchClose(condExit, bl2.nactvar);
    this.leaveBlock(bl2);
    fs.patchList(condExit, repeatInit);
    this.leaveBlock(bl1);
  }

  private ifStat(s: A.IfStat): void {
    const fs = this.fs;
    let escapeList = NO_JUMP;
    const n = s.clauses.length;
    for (let ci = 0; ci < n; ci++) {
      const c = s.clauses[ci]!;
      const hasMore = ci + 1 < n || s.orelse !== undefined;
      escapeList = this.testThenBlock(c, hasMore, escapeList);
    }
    if (s.orelse) {
      const bl = this.enterBlock(false);
      this.statList(s.orelse.stats);
      this.setPos(s.orelse.endLine, 0);
      this.leaveBlock(bl);
    }
    fs.patchToHere(escapeList);
  }

  private testThenBlock(c: { cond: A.Expr; body: A.Block; line: number; col: number }, hasMore: boolean, escapeList: number): number {
    const fs = this.fs;
    const v = new ExpDesc();
    this.setPos(c.line, c.col);
    this.expr(c.cond, v);
    let jf: number;
    const stats = c.body.stats;
    const first = stats[0];
    let bl: BlockCnt;
    let rest = stats;
    if (first && (first.kind === "Break" || first.kind === "Goto")) {
      // `if cond then break/goto` jumps straight on the condition
      fs.goIfFalse(v);
      bl = this.enterBlock(false);
      this.setPos(first.line, first.col);
      this.gotoStat(first.kind === "Break" ? "break" : first.label, first.line, v.t);
      if (stats.length === 1) {
        this.setPos(c.body.endLine, 0);
        this.leaveBlock(bl);
        return escapeList;
      }
      jf = fs.jump();
      rest = stats.slice(1);
    } else {
      fs.goIfTrue(v);
      bl = this.enterBlock(false);
      jf = v.f;
    }
    this.statList(rest);
    this.setPos(c.body.endLine, 0);
    this.leaveBlock(bl);
    if (hasMore) escapeList = fs.concat(escapeList, fs.jump());
    fs.patchToHere(jf);
    return escapeList;
  }

  private forStat(s: A.NumericForStat | A.GenericForStat): void {
    const bl = this.enterBlock(true);
    if (s.kind === "NumericFor") this.forNum(s);
    else this.forList(s);
    this.setPos(s.body.endLine, 0);
    this.leaveBlock(bl);
  }

  private exp1(e: A.Expr): void {
    const v = new ExpDesc();
    this.expr(e, v);
    this.fs.exp2nextreg(v);
  }

  private forNum(s: A.NumericForStat): void {
    const fs = this.fs;
    const base = fs.freereg;
    this.newLocalVar("(for index)");
    this.newLocalVar("(for limit)");
    this.newLocalVar("(for step)");
    this.newLocalVar(s.var);
    this.exp1(s.start);
    this.exp1(s.limit);
    if (s.step) this.exp1(s.step);
    else {
      fs.codeK(fs.freereg, fs.intK(1));
      fs.reserveRegs(1);
    }
    this.forBody(s, base, 1, true);
  }

  private forList(s: A.GenericForStat): void {
    const fs = this.fs;
    const base = fs.freereg;
    this.newLocalVar("(for generator)");
    this.newLocalVar("(for state)");
    this.newLocalVar("(for control)");
    for (const n of s.names) this.newLocalVar(n);
    const e = new ExpDesc();
    const line = s.exprs[0]?.line ?? s.line;
    this.adjustAssign(3, this.explist(s.exprs, e), e);
    fs.checkStack(3); // room to call the generator
    this.setPos(line, 0);
    this.forBody(s, base, s.names.length, false, line);
  }

  private forBody(s: A.NumericForStat | A.GenericForStat, base: number, nvars: number, isNum: boolean, callLine = s.line): void {
    const fs = this.fs;
    this.adjustLocalVars(3);
    this.setPos(s.line, s.col);
    const prep = isNum ? fs.codeAsBx(Op.FORPREP, base, NO_JUMP) : fs.jump();
    const bl = this.enterBlock(false);
    this.adjustLocalVars(nvars);
    fs.reserveRegs(nvars);
    this.statList(s.body.stats);
    this.setPos(s.body.endLine, 0);
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
    fs.fixLine(isNum ? s.line : callLine);
  }

  private retStat(s: A.ReturnStat): void {
    const fs = this.fs;
    this.setPos(s.line, s.col);
    let first = 0;
    let nret = 0;
    if (s.exprs.length > 0) {
      const e = new ExpDesc();
      nret = this.explist(s.exprs, e);
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

  /** Compile a list: all but the last go to consecutive registers; the last stays in e. */
  private explist(exprs: A.Expr[], e: ExpDesc): number {
    if (exprs.length === 0) {
      e.init(VK.VOID, 0);
      return 0;
    }
    this.expr(exprs[0]!, e);
    for (let i = 1; i < exprs.length; i++) {
      this.fs.exp2nextreg(e);
      this.expr(exprs[i]!, e.init(VK.VOID, 0));
    }
    return exprs.length;
  }

  /** Names and indexings are left unresolved (VLOCAL/VUPVAL/VINDEXED), so they also serve
   *  as assignment targets. */
  private expr(node: A.Expr, v: ExpDesc): void {
    const fs = this.fs;
    v.t = v.f = NO_JUMP;
    switch (node.kind) {
      case "Nil": v.init(VK.NIL, 0); return;
      case "True": v.init(VK.TRUE, 0); return;
      case "False": v.init(VK.FALSE, 0); return;
      case "Number": {
        const val = node.value;
        const isInt = typeof val === "bigint" || (typeof val === "number" && Number.isInteger(val));
        v.init(isInt ? VK.KINT : VK.KFLT, 0);
        v.nval = val;
        return;
      }
      case "String": v.init(VK.K, fs.stringK(node.value)); return;
      case "Vararg":
        this.setPos(node.line, node.col);
        v.init(VK.VARARG, fs.codeABC(Op.VARARG, 0, 1, 0));
        return;
      case "Name":
        this.singleVar(node.name, v);
        return;
      case "Index":
      case "Call":
      case "MethodCall":
        this.suffixedExpr(node, v);
        return;
      case "Function":
        this.body(node, v);
        return;
      case "Table":
        this.constructor_(node, v);
        return;
      case "Paren":
        this.expr(node.expr, v);
        fs.dischargeVars(v);
        return;
      case "Unary": {
        this.expr(node.operand, v);
        this.setPos(node.line, node.col);
        fs.prefix(UNOPS[node.op], v, node.line, node.col);
        return;
      }
      case "Binary": {
        // left-associative chains (a + b + c ...) are left-deep trees of any length:
        // walk the left spine with a loop, as lua's subexpr does, not with recursion
        const spine: A.BinaryExpr[] = [];
        let n: A.Expr = node;
        while (n.kind === "Binary") {
          spine.push(n);
          n = n.left;
        }
        this.expr(n, v);
        for (let j = spine.length - 1; j >= 0; j--) {
          const b = spine[j]!;
          const op = BINOPS[b.op];
          this.setPos(b.line, b.col);
          fs.infix(op, v);
          const v2 = new ExpDesc();
          this.expr(b.right, v2);
          this.setPos(b.line, b.col);
          fs.posfix(op, v, v2, b.line, b.col);
        }
        return;
      }
    }
  }

  /** `a.b[c]:m(x)(y)...`: suffix chains are left-deep; compile them with a loop. */
  private suffixedExpr(node: A.IndexExpr | A.CallExpr | A.MethodCallExpr, v: ExpDesc): void {
    const fs = this.fs;
    const chain: (A.IndexExpr | A.CallExpr | A.MethodCallExpr)[] = [];
    let n: A.Expr = node;
    while (n.kind === "Index" || n.kind === "Call" || n.kind === "MethodCall") {
      chain.push(n);
      n = n.kind === "Call" ? n.fn : n.obj;
    }
    this.expr(n, v);
    for (let j = chain.length - 1; j >= 0; j--) {
      const s = chain[j]!;
      switch (s.kind) {
        case "Index": {
          this.setPos(s.line, s.col);
          fs.exp2anyregup(v);
          const key = new ExpDesc();
          this.expr(s.key, key);
          fs.exp2val(key);
          fs.indexed(v, key);
          break;
        }
        case "Call":
          this.setPos(s.line, s.col);
          fs.exp2nextreg(v);
          this.funcArgs(s.args, v, s.line, s.col);
          break;
        case "MethodCall": {
          this.setPos(s.nameLine, s.nameCol);
          const key = new ExpDesc().init(VK.K, fs.stringK(s.name));
          fs.self(v, key);
          this.funcArgs(s.args, v, s.line, s.col);
          break;
        }
      }
    }
  }

  private funcArgs(args: A.Expr[], f: ExpDesc, line: number, col: number): void {
    const fs = this.fs;
    const a = new ExpDesc();
    if (args.length === 0) a.init(VK.VOID, 0);
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

  private body(fn: A.FunctionExpr, e: ExpDesc): void {
    const outer = this.fs;
    const fs = this.openFunc(fn.line);
    fs.line = fn.line;
    const bl = this.enterBlock(false);
    for (const p of fn.params) this.newLocalVar(p);
    this.adjustLocalVars(fn.params.length);
    fs.numparams = fs.nactvar;
    fs.isVararg = fn.isVararg;
    fs.reserveRegs(fs.nactvar);
    this.statList(fn.body.stats);
    this.setPos(fn.endLine, 0);
    const proto = this.closeFunc(bl, fn.endLine);
    this.protos[this.protos.length - 1]!.push(proto);
    outer.line = fn.endLine;
    e.init(VK.RELOCABLE, outer.codeABx(Op.CLOSURE, 0, this.protos[this.protos.length - 1]!.length - 1));
    outer.exp2nextreg(e);
  }

  private constructor_(node: A.TableExpr, t: ExpDesc): void {
    const fs = this.fs;
    this.setPos(node.line, node.col);
    const pc = fs.codeABC(Op.NEWTABLE, 0, 0, 0);
    let na = 0;
    let nh = 0;
    let tostore = 0;
    t.init(VK.RELOCABLE, pc);
    fs.exp2nextreg(t);
    const v = new ExpDesc().init(VK.VOID, 0);
    for (const item of node.items) {
      // closelistfield
      if (v.k !== VK.VOID) {
        fs.exp2nextreg(v);
        v.init(VK.VOID, 0);
        if (tostore === LFIELDS_PER_FLUSH) {
          fs.setList(t.info, na, tostore);
          tostore = 0;
        }
      }
      if (item.kind === "PosItem") {
        this.expr(item.value, v);
        na++;
        tostore++;
      } else {
        const reg = fs.freereg;
        const key = new ExpDesc();
        this.setPos(item.line, item.col);
        if (item.kind === "NamedItem") key.init(VK.K, fs.stringK(item.name));
        else {
          this.expr(item.key, key);
          fs.exp2val(key);
        }
        nh++;
        const rkkey = fs.exp2RK(key);
        const val = new ExpDesc();
        this.expr(item.value, val);
        this.setPos(item.line, item.col);
        fs.codeABC(Op.SETTABLE, t.info, rkkey, fs.exp2RK(val));
        fs.freereg = reg;
      }
    }
    this.setPos(node.endLine, 0);
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
    void getA;
  }
}

export { LuaFloat };
