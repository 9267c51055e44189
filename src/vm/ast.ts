// The abstract syntax tree the parser produces and the compiler consumes.
// Every node carries the 1-based line and column of its first token. Where lua5.3 attributes
// an instruction to a different token (an operator, the '(' of a call), the node says so.

import type { LuaFloat } from "./value.js";

export interface Pos {
  line: number;
  col: number;
}

// ---------------------------------------------------------------- expressions

export interface NilExpr extends Pos { kind: "Nil" }
export interface TrueExpr extends Pos { kind: "True" }
export interface FalseExpr extends Pos { kind: "False" }
export interface VarargExpr extends Pos { kind: "Vararg" }
/** Integer (number or bigint, canonical as in value.ts) or float (number or LuaFloat). */
export interface NumberExpr extends Pos { kind: "Number"; value: number | bigint | LuaFloat }
/** A byte string: one JS char per byte. */
export interface StringExpr extends Pos { kind: "String"; value: string }
export interface NameExpr extends Pos { kind: "Name"; name: string }
/** `obj[key]` and `obj.name` (key is then a StringExpr). line/col: of the '[' or '.' token. */
export interface IndexExpr extends Pos { kind: "Index"; obj: Expr; key: Expr }
/** `fn(args)`, `fn"str"`, `fn{...}`. line/col: where the called prefix expression starts
 *  (lua5.3 blames a call on that line). */
export interface CallExpr extends Pos { kind: "Call"; fn: Expr; args: Expr[] }
/** `obj:name(args)`. line/col as for CallExpr. */
export interface MethodCallExpr extends Pos {
  kind: "MethodCall";
  obj: Expr;
  name: string;
  nameLine: number;
  nameCol: number;
  args: Expr[];
}
/** line: lua's linedefined, which lparser.c takes from the token after `function` for function
 *  expressions and after the name for `local function f` (normally the '(' on the same line),
 *  and from the `function` keyword for function statements. col: of the `function` keyword. */
export interface FunctionExpr extends Pos {
  kind: "Function";
  params: string[];
  isVararg: boolean;
  /** Has an implicit first parameter 'self' (function a:b() ... end); 'self' is in params. */
  isMethod: boolean;
  body: Block;
  /** Line of the closing 'end' (lua's lastlinedefined). */
  endLine: number;
  /** Name for tracebacks where the syntax gives one ("a.b.c", "m", "f"); else undefined. */
  name?: string;
}
export type TableItem =
  | { kind: "PosItem"; value: Expr }
  | { kind: "NamedItem"; name: string; value: Expr; line: number; col: number }
  | { kind: "KeyedItem"; key: Expr; value: Expr; line: number; col: number };
export interface TableExpr extends Pos {
  kind: "Table";
  items: TableItem[];
  /** Line of the closing '}'. */
  endLine: number;
}
export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "^" | "//"
  | "&" | "|" | "~" | "<<" | ">>"
  | ".."
  | "==" | "~=" | "<" | "<=" | ">" | ">="
  | "and" | "or";
/** line/col: of the operator token (lua5.3 blames arithmetic errors on the operator's line). */
export interface BinaryExpr extends Pos { kind: "Binary"; op: BinaryOp; left: Expr; right: Expr }
export type UnaryOp = "-" | "not" | "#" | "~";
export interface UnaryExpr extends Pos { kind: "Unary"; op: UnaryOp; operand: Expr }
/** `(expr)`: truncates calls and varargs to one value. */
export interface ParenExpr extends Pos { kind: "Paren"; expr: Expr }

export type Expr =
  | NilExpr | TrueExpr | FalseExpr | VarargExpr | NumberExpr | StringExpr
  | NameExpr | IndexExpr | CallExpr | MethodCallExpr | FunctionExpr | TableExpr
  | BinaryExpr | UnaryExpr | ParenExpr;

// ---------------------------------------------------------------- statements

export interface Block extends Pos {
  stats: Stat[];
  /** Line of the token that ends the block ('end', 'else', 'until', <eof>...). */
  endLine: number;
}

export interface LocalStat extends Pos { kind: "Local"; names: string[]; exprs: Expr[] }
/** targets are NameExpr or IndexExpr. line/col: of the '=' token. */
export interface AssignStat extends Pos { kind: "Assign"; targets: (NameExpr | IndexExpr)[]; exprs: Expr[] }
export interface CallStat extends Pos { kind: "CallStat"; call: CallExpr | MethodCallExpr }
export interface DoStat extends Pos { kind: "Do"; body: Block }
export interface WhileStat extends Pos { kind: "While"; cond: Expr; body: Block }
/** The condition is inside the scope of the body's locals. */
export interface RepeatStat extends Pos { kind: "Repeat"; body: Block; cond: Expr }
export interface IfStat extends Pos {
  kind: "If";
  clauses: { cond: Expr; body: Block; line: number; col: number }[];
  orelse?: Block;
}
export interface NumericForStat extends Pos {
  kind: "NumericFor";
  var: string;
  start: Expr;
  limit: Expr;
  step?: Expr;
  body: Block;
}
export interface GenericForStat extends Pos {
  kind: "GenericFor";
  names: string[];
  exprs: Expr[];
  body: Block;
}
/** `function a.b.c:m() end`: target is the Name/Index expression being assigned. */
export interface FunctionStat extends Pos { kind: "FunctionStat"; target: NameExpr | IndexExpr; func: FunctionExpr }
export interface LocalFunctionStat extends Pos { kind: "LocalFunction"; name: string; func: FunctionExpr }
export interface ReturnStat extends Pos { kind: "Return"; exprs: Expr[] }
export interface BreakStat extends Pos { kind: "Break" }
/** The parser has checked every goto (visible label, no jump into a local's scope). */
export interface GotoStat extends Pos { kind: "Goto"; label: string }
export interface LabelStat extends Pos { kind: "Label"; name: string }

export type Stat =
  | LocalStat | AssignStat | CallStat | DoStat | WhileStat | RepeatStat | IfStat
  | NumericForStat | GenericForStat | FunctionStat | LocalFunctionStat | ReturnStat
  | BreakStat | GotoStat | LabelStat;

/** A whole chunk: the body of the main function (vararg, no parameters). */
export interface Chunk {
  kind: "Chunk";
  body: Block;
  chunkName: string;
}
