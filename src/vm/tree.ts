// The compact syntax tree: what the parser writes and the compiler reads.
//
// Every node is a run of int32 slots in one Int32Array:
//
//     [kind, line, col, field...]        (fields per kind: see the F offsets below)
//
// A node is referred to by the index of its first slot; 0 means "none" (slot 0 is unused).
// Children are written before their parent, so a parent refers back to them. Lists (statements,
// expressions, names...) are a count followed by the items: [n, item1, ..., itemN]. Names are
// the lexer's name ids, string literals index `strs`, numerals `nums` (int32 integers are
// stored inline).
//
// Compared with an object per node (ast.ts) this is what keeps the compiler quick: it reads one
// kind of storage with integer kinds (no property loads on nodes of a dozen shapes), resolves
// variables and finds the constants of names by integer id, and the parser writes every tree
// into the same buffer (parser.ts), so parsing allocates next to nothing.
//
// The object AST is still what parse() hands out: `ParsedChunk.body` (parser.ts) builds it from
// the compact tree the first time it is read (see buildAst), with identical content.

import type * as A from "./ast.js";
import type { LuaFloat } from "./value.js";

export type LuaNumber = number | bigint | LuaFloat;

/** Node kinds. */
export const enum K {
  // expressions
  Nil = 1, True, False, Vararg,
  /** A numeral stored inline (an int32 integer). */
  Int,
  /** Any other numeral: value in nums. */
  Number,
  String,
  /** A string constant written as a name: the key of `a.b` (value: the name id). */
  NameString,
  Name, Index, Call, MethodCall, Function, Table, Binary, Unary, Paren,
  // table constructor items with a key (a positional item is just its expression)
  NamedItem, KeyedItem,
  // statements
  Local, Assign, CallStat, Do, While, Repeat, If, NumericFor, GenericFor, FunctionStat,
  LocalFunction, Return, Break, Goto, Label,
  // parts
  /** `if`/`elseif` condition and body. */
  Clause,
  Block,
}

/** Slot offsets within a node. "list" fields hold the index of a list, "id" fields a name id. */
export const enum F {
  Kind = 0, Line = 1, Col = 2,
  /** Int: the value; Number: index in nums; String: index in strs; NameString, Name: id. */
  Value = 3,
  IndexObj = 3, IndexKey = 4,
  CallFn = 3, CallArgs = 4,
  /** MethodCall: object, method name id, the name's position, args list. */
  MethodObj = 3, MethodName = 4, MethodNameLine = 5, MethodNameCol = 6, MethodArgs = 7,
  /** Function: params list (ids, 'self' included), FN_* flags, body block, line of 'end',
   *  index in strs of the traceback name or -1. */
  FnParams = 3, FnFlags = 4, FnBody = 5, FnEndLine = 6, FnName = 7,
  TableItems = 3, TableEndLine = 4,
  /** NamedItem: name id; KeyedItem: key expression. */
  ItemKey = 3, ItemValue = 4,
  /** Binary: a BinOpr (codegen.ts order, see BINARY_OPS); Unary: an UnOpr (UNARY_OPS). */
  BinOp = 3, BinLeft = 4, BinRight = 5,
  UnOp = 3, UnOperand = 4,
  ParenExpr = 3,
  /** Local: names list (ids), exprs list. */
  LocalNames = 3, LocalExprs = 4,
  AssignTargets = 3, AssignExprs = 4,
  CallStatCall = 3,
  DoBody = 3,
  WhileCond = 3, WhileBody = 4,
  RepeatBody = 3, RepeatCond = 4,
  /** If: clauses list, else block or 0. */
  IfClauses = 3, IfElse = 4,
  ClauseCond = 3, ClauseBody = 4,
  /** NumericFor: variable id, start, limit, step or 0, body. */
  ForVar = 3, ForStart = 4, ForLimit = 5, ForStep = 6, ForBody = 7,
  /** GenericFor: names list (ids), exprs list, body. */
  ForNames = 3, ForExprs = 4, ForListBody = 5,
  FuncStatTarget = 3, FuncStatFunc = 4,
  LocalFuncName = 3, LocalFuncFunc = 4,
  ReturnExprs = 3,
  GotoLabel = 3,
  LabelName = 3,
  BlockStats = 3, BlockEndLine = 4,
}

export const FN_VARARG = 1;
export const FN_METHOD = 2;

/** Binary operators by BinOpr (codegen.ts), the value stored in a Binary node. */
export const BINARY_OPS: readonly A.BinaryOp[] = [
  "+", "-", "*", "%", "^", "/", "//", "&", "|", "~", "<<", ">>", "..",
  "==", "<", "<=", "~=", ">", ">=", "and", "or",
];
/** Unary operators by UnOpr (codegen.ts). */
export const UNARY_OPS: readonly A.UnaryOp[] = ["-", "~", "not", "#"];

export class SyntaxTree {
  constructor(
    /** Slots (possibly more than the tree uses: the parser's buffer). */
    readonly nodes: Int32Array,
    /** Name id -> name. */
    readonly names: readonly string[],
    readonly strs: readonly string[],
    readonly nums: readonly LuaNumber[],
    /** The main function's body (a Block node). */
    readonly root: number,
  ) {}
}

/** The object AST (ast.ts) of a tree's main block. */
export function buildAst(tree: SyntaxTree): A.Block {
  return new AstBuilder(tree).block(tree.root);
}

/** Builds the object AST from the compact tree. Left-deep chains (`a + b + c ...`,
 *  `f()()...`, `a.b.c...`) can be arbitrarily long: they are walked with loops. */
class AstBuilder {
  private readonly n: Int32Array;

  constructor(private readonly t: SyntaxTree) {
    this.n = t.nodes;
  }

  private list<T>(l: number, item: (node: number) => T): T[] {
    const n = this.n;
    const out: T[] = new Array<T>(n[l]!);
    for (let i = 0; i < out.length; i++) out[i] = item(n[l + 1 + i]!);
    return out;
  }

  private nameList(l: number): string[] {
    return this.list(l, (id) => this.t.names[id]!);
  }

  private exprList(l: number): A.Expr[] {
    return this.list(l, (e) => this.expr(e));
  }

  block(b: number): A.Block {
    const n = this.n;
    return {
      line: n[b + F.Line]!, col: n[b + F.Col]!,
      stats: this.list(n[b + F.BlockStats]!, (s) => this.stat(s)),
      endLine: n[b + F.BlockEndLine]!,
    };
  }

  private stat(s: number): A.Stat {
    const n = this.n;
    const line = n[s + F.Line]!, col = n[s + F.Col]!;
    switch (n[s] as K) {
      case K.Local:
        return { kind: "Local", line, col, names: this.nameList(n[s + F.LocalNames]!), exprs: this.exprList(n[s + F.LocalExprs]!) };
      case K.Assign:
        return {
          kind: "Assign", line, col,
          targets: this.exprList(n[s + F.AssignTargets]!) as (A.NameExpr | A.IndexExpr)[],
          exprs: this.exprList(n[s + F.AssignExprs]!),
        };
      case K.CallStat:
        return { kind: "CallStat", line, col, call: this.expr(n[s + F.CallStatCall]!) as A.CallExpr | A.MethodCallExpr };
      case K.Do:
        return { kind: "Do", line, col, body: this.block(n[s + F.DoBody]!) };
      case K.While:
        return { kind: "While", line, col, cond: this.expr(n[s + F.WhileCond]!), body: this.block(n[s + F.WhileBody]!) };
      case K.Repeat:
        return { kind: "Repeat", line, col, body: this.block(n[s + F.RepeatBody]!), cond: this.expr(n[s + F.RepeatCond]!) };
      case K.If: {
        const clauses = this.list(n[s + F.IfClauses]!, (c) => ({
          cond: this.expr(n[c + F.ClauseCond]!), body: this.block(n[c + F.ClauseBody]!),
          line: n[c + F.Line]!, col: n[c + F.Col]!,
        }));
        const orelse = n[s + F.IfElse]! ? this.block(n[s + F.IfElse]!) : undefined;
        return { kind: "If", line, col, clauses, orelse };
      }
      case K.NumericFor: {
        const step = n[s + F.ForStep]!;
        return {
          kind: "NumericFor", line, col, var: this.t.names[n[s + F.ForVar]!]!,
          start: this.expr(n[s + F.ForStart]!), limit: this.expr(n[s + F.ForLimit]!),
          step: step ? this.expr(step) : undefined, body: this.block(n[s + F.ForBody]!),
        };
      }
      case K.GenericFor:
        return {
          kind: "GenericFor", line, col, names: this.nameList(n[s + F.ForNames]!),
          exprs: this.exprList(n[s + F.ForExprs]!), body: this.block(n[s + F.ForListBody]!),
        };
      case K.FunctionStat:
        return {
          kind: "FunctionStat", line, col,
          target: this.expr(n[s + F.FuncStatTarget]!) as A.NameExpr | A.IndexExpr,
          func: this.func(n[s + F.FuncStatFunc]!),
        };
      case K.LocalFunction:
        return { kind: "LocalFunction", line, col, name: this.t.names[n[s + F.LocalFuncName]!]!, func: this.func(n[s + F.LocalFuncFunc]!) };
      case K.Return:
        return { kind: "Return", line, col, exprs: this.exprList(n[s + F.ReturnExprs]!) };
      case K.Break:
        return { kind: "Break", line, col };
      case K.Goto:
        return { kind: "Goto", line, col, label: this.t.names[n[s + F.GotoLabel]!]! };
      case K.Label:
        return { kind: "Label", line, col, name: this.t.names[n[s + F.LabelName]!]! };
      default:
        throw new Error(`not a statement node: kind ${n[s]}`);
    }
  }

  private func(f: number): A.FunctionExpr {
    const n = this.n;
    const flags = n[f + F.FnFlags]!;
    const name = n[f + F.FnName]!;
    return {
      kind: "Function", line: n[f + F.Line]!, col: n[f + F.Col]!,
      params: this.nameList(n[f + F.FnParams]!),
      isVararg: (flags & FN_VARARG) !== 0, isMethod: (flags & FN_METHOD) !== 0,
      body: this.block(n[f + F.FnBody]!), endLine: n[f + F.FnEndLine]!,
      name: name < 0 ? undefined : this.t.strs[name],
    };
  }

  private tableItem(it: number): A.TableItem {
    const n = this.n;
    switch (n[it] as K) {
      case K.NamedItem:
        return {
          kind: "NamedItem", name: this.t.names[n[it + F.ItemKey]!]!, value: this.expr(n[it + F.ItemValue]!),
          line: n[it + F.Line]!, col: n[it + F.Col]!,
        };
      case K.KeyedItem:
        return {
          kind: "KeyedItem", key: this.expr(n[it + F.ItemKey]!), value: this.expr(n[it + F.ItemValue]!),
          line: n[it + F.Line]!, col: n[it + F.Col]!,
        };
      default:
        return { kind: "PosItem", value: this.expr(it) };
    }
  }

  expr(e: number): A.Expr {
    const n = this.n;
    const line = n[e + F.Line]!, col = n[e + F.Col]!;
    switch (n[e] as K) {
      case K.Nil: return { kind: "Nil", line, col };
      case K.True: return { kind: "True", line, col };
      case K.False: return { kind: "False", line, col };
      case K.Vararg: return { kind: "Vararg", line, col };
      case K.Int: return { kind: "Number", line, col, value: n[e + F.Value]! };
      case K.Number: return { kind: "Number", line, col, value: this.t.nums[n[e + F.Value]!]! };
      case K.String: return { kind: "String", line, col, value: this.t.strs[n[e + F.Value]!]! };
      case K.NameString: return { kind: "String", line, col, value: this.t.names[n[e + F.Value]!]! };
      case K.Name: return { kind: "Name", line, col, name: this.t.names[n[e + F.Value]!]! };
      case K.Index: case K.Call: case K.MethodCall: return this.suffixed(e);
      case K.Function: return this.func(e);
      case K.Table:
        return { kind: "Table", line, col, items: this.list(n[e + F.TableItems]!, (it) => this.tableItem(it)), endLine: n[e + F.TableEndLine]! };
      case K.Binary: return this.binary(e);
      case K.Unary:
        return { kind: "Unary", line, col, op: UNARY_OPS[n[e + F.UnOp]!]!, operand: this.expr(n[e + F.UnOperand]!) };
      case K.Paren: return { kind: "Paren", line, col, expr: this.expr(n[e + F.ParenExpr]!) };
      default:
        throw new Error(`not an expression node: kind ${n[e]}`);
    }
  }

  /** A left-deep chain of binary operators, innermost first. */
  private binary(e: number): A.Expr {
    const n = this.n;
    const spine: number[] = [];
    for (; n[e] === K.Binary; e = n[e + F.BinLeft]!) spine.push(e);
    let left = this.expr(e);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i]!;
      left = {
        kind: "Binary", line: n[b + F.Line]!, col: n[b + F.Col]!, op: BINARY_OPS[n[b + F.BinOp]!]!,
        left, right: this.expr(n[b + F.BinRight]!),
      };
    }
    return left;
  }

  /** A chain of indexings and calls (`a.b[c]:m()()`), built from the innermost prefix out. */
  private suffixed(e: number): A.Expr {
    const n = this.n;
    const chain: number[] = [];
    for (;;) {
      const k = n[e] as K;
      if (k !== K.Index && k !== K.Call && k !== K.MethodCall) break;
      chain.push(e);
      e = n[e + (k === K.Call ? F.CallFn : k === K.Index ? F.IndexObj : F.MethodObj)]!;
    }
    let obj = this.expr(e);
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = chain[i]!;
      const line = n[s + F.Line]!, col = n[s + F.Col]!;
      switch (n[s] as K) {
        case K.Index:
          obj = { kind: "Index", line, col, obj, key: this.expr(n[s + F.IndexKey]!) };
          break;
        case K.Call:
          obj = { kind: "Call", line, col, fn: obj, args: this.exprList(n[s + F.CallArgs]!) };
          break;
        default:
          obj = {
            kind: "MethodCall", line, col, obj, name: this.t.names[n[s + F.MethodName]!]!,
            nameLine: n[s + F.MethodNameLine]!, nameCol: n[s + F.MethodNameCol]!,
            args: this.exprList(n[s + F.MethodArgs]!),
          };
          break;
      }
    }
    return obj;
  }
}
