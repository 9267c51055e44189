// Lowering: pure formula expressions translated to one JavaScript function each.
//
// Most formulas and rule conditions are expressions over facts — `ROUND(IF(qty > 10,
// price * qty * 0.95, price * qty), 2)`, `tier == "gold" and orders > 3` — and running them
// in the VM costs a frame, an environment table, a fact view and an argument array per
// builtin call. Lowered, they read each name once straight from the JSON object and compute
// with the interpreter's own arithmetic (arith.ts) in a function V8 compiles as a whole.
//
// Lowered code is speculative. It handles the common values (numbers, strings, booleans,
// nil, JSON objects for field access) and the builtins marked scalar, and throws BAIL on
// anything else: a table operand, a possible metamethod, a shadowed function, a builtin's
// error. Its caller then runs the VM, which gives the exact result or error. Lowered code
// writes nothing and makes nothing a script could observe, so running the VM after it is
// always sound; and it runs only under budgets the VM could not exhaust (fitsBudget).
//
// The generated source holds no value from the formula: names and constants are passed in
// arrays and referenced by index, as in the compiled tier (jit.ts).

import type { Expr, BinaryOp } from "../vm/ast.js";
import { arith, ArithOp, lessEqual, lessThan, numEquals } from "../vm/arith.js";
import type { Budget } from "../vm/budget.js";
import { toByteString } from "../vm/bytes.js";
import type { BuiltinFn } from "../vm/function.js";
import { canCompile } from "../vm/jit.js";
import { numberToLua } from "../vm/marshal.js";
import { numberToString } from "../vm/numconv.js";
import { parse } from "../vm/parser.js";
import type { LuaState } from "../vm/state.js";
import { LuaTable, type ReadThrough } from "../vm/table.js";
import { LuaFloat, type LuaValue } from "../vm/value.js";
import { isScalarBuiltin } from "../stdlib-formula/values.js";
import { SCALAR_MATH } from "../vm/lib/math.js";
import { LuaBuiltin } from "../vm/function.js";

/** Thrown by lowered code when it cannot be sure of the VM's result. */
class Bail {}
const BAIL = new Bail();

/** An expression outside the lowered subset (a table constructor, a method call, …). */
class NotLowerable extends Error {}

/** A lowered formula: the facts object and the computed fields in, a Lua value out. */
export type LoweredFn = (facts: object, computed: ReadonlyMap<LuaValue, LuaValue> | undefined) => LuaValue;

/** How names resolve where the lowered code runs (the environment the VM would build). */
export interface LowerScope {
  /** The frozen globals names fall back to (functions, libraries). */
  globals: Pick<ReadThrough, "get">;
  /** Whether `fact` names the view of the whole facts object. */
  readsFact: boolean;
  /** Names that are not globals where the expression stands (a rule set's helpers). */
  isLocal?: (name: string) => boolean;
  /**
   * Local functions the expression may call, in declaration order (a rule set's helpers of
   * the form `local function f(a, b) return <expression> end`): lowered into JS functions.
   */
  helpers?: ReadonlyMap<string, HelperDef>;
}

/** A helper function `local function name(params) return body end`. */
export interface HelperDef {
  params: readonly string[];
  body: Expr;
  /** Its prototype's code length: the most VM instructions one call executes, its own calls aside. */
  steps: number;
  /** Position among the helpers: a helper may call only those declared before it. */
  order: number;
}

const hasOwn = Object.prototype.hasOwnProperty;
const isEnumerable = Object.prototype.propertyIsEnumerable;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Longest string a lowered concatenation makes (longer ones go to the VM, which charges memory). */
const MAX_CONCAT = 256;

// ---------------------------------------------------------------------------- values

/** A JSON object or array read from the facts, before the VM would make a fact table of it. */
class JsonRef {
  /** top: the facts object itself (`fact`), whose fields are own properties (JsonFields). */
  constructor(readonly json: object, readonly top: boolean) {}
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A JSON value as the VM's fact views convert it (marshal.ts factValue). */
function jsonValue(v: unknown): LuaValue | JsonRef {
  switch (typeof v) {
    case "number":
      return Number.isSafeInteger(v) ? v + 0 : numberToLua(v);
    case "string":
      return toByteString(v);
    case "boolean":
      return v;
    case "object":
      if (v === null) return undefined;
      if (Array.isArray(v) || isPlainObject(v)) return new JsonRef(v, false);
      throw BAIL; // Dates and host objects: the VM converts or rejects them
    default:
      return undefined; // functions, symbols, bigints, undefined read as nil
  }
}

type Value = LuaValue | JsonRef;

/** A global name: computed fields, then the facts' own fields, then the frozen globals. */
function readName(facts: object, computed: ReadonlyMap<LuaValue, LuaValue> | undefined, globals: Pick<ReadThrough, "get">, name: string): Value {
  if (computed !== undefined) {
    const v = computed.get(name);
    if (v !== undefined) return v;
  }
  if (hasOwn.call(facts, name)) return jsonValue((facts as Record<string, unknown>)[name]);
  return globals.get(name);
}

/** A callee resolved when lowering: bail if the facts or computed fields shadow its name. */
function checkCallee(facts: object, computed: ReadonlyMap<LuaValue, LuaValue> | undefined, name: string): void {
  if (hasOwn.call(facts, name) || (computed !== undefined && computed.has(name))) throw BAIL;
}

function index(o: Value, k: Value): Value {
  if (o instanceof JsonRef) {
    const j = o.json;
    if (Array.isArray(j)) {
      if (typeof k === "number" && Number.isInteger(k)) return k >= 1 && k <= j.length ? jsonValue(j[k - 1]) : undefined;
      if (typeof k === "object" && k !== null) throw BAIL; // a float key like 1.0, a table
      return undefined;
    }
    if (typeof k !== "string") {
      if (typeof k === "object" && k !== null) throw BAIL;
      return undefined;
    }
    for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) > 0x7f) throw BAIL; // UTF-8 keys: the VM's conversion decides
    if (o.top ? !hasOwn.call(j, k) : !isEnumerable.call(j, k)) return undefined;
    return jsonValue((j as Record<string, unknown>)[k]);
  }
  if (o instanceof LuaTable && o.metatable === undefined && !(k instanceof JsonRef)) return o.get(k);
  throw BAIL; // strings (their metatable), numbers, nil: the VM raises or finds a method
}

// ------------------------------------------------------------------------ operations

function arithSlow(op: ArithOp, a: Value, b: Value): LuaValue {
  if (a instanceof JsonRef || b instanceof JsonRef) throw BAIL;
  const r = arith(op, a, b);
  if (r === undefined) throw BAIL; // a metamethod or an error: the VM's business
  return r;
}

// Plain numbers (safe integers and non-integral floats) first; a result that would need a
// bigint or a boxed whole float goes through arith.
function add(a: Value, b: Value): LuaValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isInteger(a) && Number.isInteger(b) ? r <= MAX_SAFE && r >= -MAX_SAFE : !Number.isInteger(r)) return r;
  }
  return arithSlow(ArithOp.ADD, a, b);
}

function sub(a: Value, b: Value): LuaValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isInteger(a) && Number.isInteger(b) ? r <= MAX_SAFE && r >= -MAX_SAFE : !Number.isInteger(r)) return r;
  }
  return arithSlow(ArithOp.SUB, a, b);
}

function mul(a: Value, b: Value): LuaValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isInteger(a) && Number.isInteger(b) ? r <= MAX_SAFE && r >= -MAX_SAFE : !Number.isInteger(r)) return r + 0;
  }
  return arithSlow(ArithOp.MUL, a, b);
}

function div(a: Value, b: Value): LuaValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a / b;
    if (!Number.isInteger(r)) return r;
  }
  return arithSlow(ArithOp.DIV, a, b);
}

function unm(a: Value): LuaValue {
  if (typeof a === "number" && a === a) return Number.isInteger(a) ? 0 - a : -a;
  return arithSlow(ArithOp.UNM, a, a);
}

const ARITH: Partial<Record<BinaryOp, ArithOp>> = {
  "%": ArithOp.MOD, "^": ArithOp.POW, "//": ArithOp.IDIV, "&": ArithOp.BAND, "|": ArithOp.BOR, "~": ArithOp.BXOR, "<<": ArithOp.SHL, ">>": ArithOp.SHR,
};

function lt(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (a instanceof JsonRef || b instanceof JsonRef) throw BAIL;
  const r = lessThan(a, b);
  if (r === undefined) throw BAIL;
  return r;
}

function le(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  if (a instanceof JsonRef || b instanceof JsonRef) throw BAIL;
  const r = lessEqual(a, b);
  if (r === undefined) throw BAIL;
  return r;
}

function isNum(v: Value): v is number | bigint | LuaFloat {
  return typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat;
}

function eq(a: Value, b: Value): boolean {
  if (a === b) return true; // raw equality first, as Lua does (NaN is never equal to itself)
  if (isNum(a)) return isNum(b) && numEquals(a, b);
  // two tables may have an __eq metamethod: the VM decides
  if (typeof a === "object" && typeof b === "object" && !(b instanceof LuaFloat)) throw BAIL;
  return false;
}

function concatPart(v: Value): string {
  if (typeof v === "string") return v;
  if (isNum(v)) return numberToString(v);
  throw BAIL; // __concat, or the VM's error
}

function concat(a: Value, b: Value): string {
  const x = concatPart(a);
  const y = concatPart(b);
  if (x.length + y.length > MAX_CONCAT) throw BAIL;
  return x + y;
}

function len(a: Value): number {
  if (typeof a === "string") return a.length;
  throw BAIL; // tables (with __len or borders), and the VM's error
}

function truthy(v: Value): boolean {
  return v !== undefined && v !== false;
}

/** Builtins marked scalar never read the state they are passed (see stdlib-formula/values.ts). */
const NO_STATE = undefined as unknown as LuaState;

function call(fn: BuiltinFn, args: Value[]): LuaValue {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === "object" && !(a instanceof LuaFloat)) throw BAIL; // tables and functions
  }
  const r = fn(NO_STATE, args as LuaValue[]);
  if (Array.isArray(r)) throw BAIL; // several results: the VM adjusts them
  return r as LuaValue;
}

/** A result the host receives: tables and JSON objects go through the VM (valueToJS of its table). */
function result(v: Value): LuaValue {
  if (typeof v === "object" && !(v instanceof LuaFloat)) throw BAIL;
  return v;
}

const HELPERS = { readName, checkCallee, index, add, sub, mul, div, unm, arithSlow, lt, le, eq, concat, len, truthy, call, result, JsonRef };

// ------------------------------------------------------------------------- generator

const BINARY: Partial<Record<BinaryOp, (a: string, b: string) => string>> = {
  "+": (a, b) => `add(${a}, ${b})`,
  "-": (a, b) => `sub(${a}, ${b})`,
  "*": (a, b) => `mul(${a}, ${b})`,
  "/": (a, b) => `div(${a}, ${b})`,
  "..": (a, b) => `concat(${a}, ${b})`,
  "==": (a, b) => `eq(${a}, ${b})`,
  "~=": (a, b) => `!eq(${a}, ${b})`,
  "<": (a, b) => `lt(${a}, ${b})`,
  "<=": (a, b) => `le(${a}, ${b})`,
  // evaluation order does not matter: lowered expressions have no effects, and any error bails
  ">": (a, b) => `lt(${b}, ${a})`,
  ">=": (a, b) => `le(${b}, ${a})`,
};

/**
 * Translates expressions in one scope into the body of one function `(f, c)` (facts,
 * computed fields). Names are read once, at the top; expressions become JS expressions.
 */
export class Lowering {
  private readonly names = new Map<string, string>();
  private readonly callees = new Map<string, string>();
  private readonly consts: unknown[] = [];
  private readonly builtins: BuiltinFn[] = [];
  private temps = 0;
  /** Helper functions generated so far (name → JS name), their source, and their step bounds. */
  private readonly helperNames = new Map<string, string>();
  private readonly helperSource: string[] = [];
  private readonly helperSteps = new Map<string, number>();
  private readonly helperNesting = new Map<string, number>();
  /** While generating a helper's body: its parameters (Lua name → JS name) and position. */
  private inHelper: { params: Map<string, string>; order: number } | undefined;
  /** VM instructions the helper calls add (per call site), and the deepest helper nesting. */
  extraSteps = 0;
  helperDepth = 0;
  private nesting = 0;

  constructor(private readonly scope: LowerScope) {}

  /** A constant, by index (never as source text). */
  constant(v: unknown): string {
    this.consts.push(v);
    return `k${this.consts.length - 1}`;
  }

  /** A fresh temporary variable. */
  temp(): string {
    return `t${this.temps++}`;
  }

  /** JS expression text for e; throws NotLowerable outside the subset. */
  expr(e: Expr): string {
    switch (e.kind) {
      case "Nil":
        return "undefined";
      case "True":
        return "true";
      case "False":
        return "false";
      case "Number":
      case "String":
        return this.constant(e.value);
      case "Name":
        return this.name(e.name);
      case "Paren":
        return `(${this.expr(e.expr)})`;
      case "Index":
        return `index(${this.expr(e.obj)}, ${this.expr(e.key)})`;
      case "Call": {
        if (e.args.length > 8) throw new NotLowerable();
        if (e.fn.kind === "Name") {
          const helper = this.inHelper?.params.has(e.fn.name) ? undefined : this.scope.helpers?.get(e.fn.name);
          if (helper !== undefined) return `${this.helper(e.fn.name, helper)}(${e.args.map((a) => this.expr(a)).join(", ")})`;
          return `call(${this.callee(e.fn.name)}, [${e.args.map((a) => this.expr(a)).join(", ")}])`;
        }
        // a library function such as math.floor: resolved now (the library tables are frozen)
        if (e.fn.kind === "Index" && e.fn.obj.kind === "Name" && e.fn.key.kind === "String") {
          const lib = e.fn.obj.name;
          if (this.inHelper?.params.has(lib) === true || this.scope.isLocal?.(lib) === true) throw new NotLowerable();
          const t = this.scope.globals.get(lib);
          if (!(t instanceof LuaTable) || t.metatable !== undefined) throw new NotLowerable();
          const fn = this.builtinRef(lib, t.get(e.fn.key.value));
          return `call(${fn}, [${e.args.map((a) => this.expr(a)).join(", ")}])`;
        }
        throw new NotLowerable();
      }
      case "Unary": {
        const a = this.expr(e.operand);
        if (e.op === "-") return `unm(${a})`;
        if (e.op === "not") return `!truthy(${a})`;
        if (e.op === "#") return `len(${a})`;
        return `arithSlow(${ArithOp.BNOT}, ${a}, ${a})`;
      }
      case "Binary": {
        const a = this.expr(e.left);
        const b = this.expr(e.right);
        if (e.op === "and" || e.op === "or") {
          const t = this.temp();
          return e.op === "and" ? `(truthy(${t} = ${a}) ? ${b} : ${t})` : `(truthy(${t} = ${a}) ? ${t} : ${b})`;
        }
        const op = BINARY[e.op];
        if (op !== undefined) return op(a, b);
        return `arithSlow(${ARITH[e.op]!}, ${a}, ${b})`;
      }
      default:
        throw new NotLowerable(); // functions, tables, methods, varargs
    }
  }

  private name(name: string): string {
    if (this.inHelper !== undefined) {
      // inside a helper: its parameters, else the chunk's globals (frozen: read now)
      const param = this.inHelper.params.get(name);
      if (param !== undefined) return param;
      if (this.scope.isLocal?.(name) === true || name === "_ENV") throw new NotLowerable();
      const g = this.scope.globals.get(name);
      if (typeof g === "object" && !(g instanceof LuaFloat)) throw new NotLowerable(); // tables, functions: not as values
      return this.constant(g);
    }
    if (this.scope.isLocal?.(name) === true || name === "_ENV") throw new NotLowerable();
    let v = this.names.get(name);
    if (v === undefined) {
      v = `n${this.names.size}`;
      this.names.set(name, v);
    }
    return v;
  }

  private callee(name: string): string {
    if (this.scope.isLocal?.(name) === true) throw new NotLowerable();
    return this.builtinRef(name, this.scope.globals.get(name));
  }

  /**
   * A scalar builtin found under the global `name` (directly or as a field of it), called by
   * reference; outside a helper, the facts must not shadow `name` (checked per evaluation).
   */
  private builtinRef(name: string, g: LuaValue): string {
    if (!(isScalarBuiltin(g) || (g instanceof LuaBuiltin && SCALAR_MATH.has(g.fn)))) throw new NotLowerable();
    this.builtins.push(g.fn);
    const v = `b${this.builtins.length - 1}`;
    if (this.inHelper === undefined && !this.callees.has(name)) this.callees.set(name, v);
    return v;
  }

  /** The JS function of helper `name` (generated on first use), counting its cost at this call. */
  private helper(name: string, h: HelperDef): string {
    if (this.inHelper !== undefined && h.order >= this.inHelper.order) throw new NotLowerable(); // not visible, or recursive
    let fn = this.helperNames.get(name);
    if (fn === undefined) {
      const outer = this.inHelper;
      const outerSteps = this.extraSteps;
      const outerNesting = this.nesting;
      this.extraSteps = 0;
      this.nesting = 0;
      const params = new Map(h.params.map((p, i) => [p, `p${i}`] as const));
      this.inHelper = { params, order: h.order };
      try {
        const body = this.expr(h.body);
        fn = `h${this.helperNames.size}`;
        this.helperSource.push(`function ${fn}(${h.params.map((_, i) => `p${i}`).join(", ")}) { return ${body}; }`);
        this.helperNames.set(name, fn);
        this.helperSteps.set(name, h.steps + this.extraSteps);
        this.helperNesting.set(name, this.nesting + 1);
      } finally {
        this.inHelper = outer;
        this.extraSteps = outerSteps;
        this.nesting = outerNesting;
      }
    }
    this.extraSteps += this.helperSteps.get(name)! + 1;
    this.nesting = Math.max(this.nesting, this.helperNesting.get(name)!);
    if (this.inHelper === undefined) this.helperDepth = Math.max(this.helperDepth, this.nesting);
    return fn;
  }

  /** The factory's source: the function `(f, c) => …` that reads the names, then runs `body`. */
  source(body: string): string {
    const reads: string[] = [];
    let n = 0;
    for (const [name, v] of this.names) {
      reads.push(name === "fact" && this.scope.readsFact ? `const ${v} = new JsonRef(f, true);` : `const ${v} = readName(f, c, G, N[${n}]);`);
      n++;
    }
    for (const _ of this.callees) reads.push(`checkCallee(f, c, N[${n++}]);`);
    // temporaries: the main function's are its locals, the helpers' live beside them (a helper
    // never calls itself, so no two activations share one)
    const temps = this.temps > 0 ? `let ${Array.from({ length: this.temps }, (_, i) => `t${i}`).join(", ")};` : "";
    return [
      `"use strict";`,
      `const { ${Object.keys(HELPERS).join(", ")} } = H;`,
      ...this.consts.map((_, i) => `const k${i} = K[${i}];`),
      ...this.builtins.map((_, i) => `const b${i} = B[${i}];`),
      ...(this.helperSource.length > 0 ? [temps, ...this.helperSource] : []),
      `return function lowered(f, c) {`,
      ...reads,
      temps,
      body,
      `};`,
    ].join("\n");
  }

  /** The function of source(body); `extra` reaches the generated code as `x`. */
  build<F>(body: string, extra?: unknown): F {
    const nameKeys = [...this.names.keys(), ...this.callees.keys()];
    const factory = new Function("H", "G", "N", "K", "B", "x", this.source(body)) as (...a: unknown[]) => F;
    return factory(HELPERS, this.scope.globals, nameKeys, this.consts, this.builtins, extra);
  }
}

/** A formula's source, as an expression AST (`return <source>`), or undefined. */
export function parseExpression(source: string): Expr | undefined {
  let chunk;
  try {
    chunk = parse(toByteString(`return ${source}`), "formula");
  } catch {
    return undefined;
  }
  const stats = chunk.body.stats;
  const ret = stats[0];
  return stats.length === 1 && ret?.kind === "Return" && ret.exprs.length === 1 ? ret.exprs[0] : undefined;
}

/** `e` as a lowered function, or undefined when it is outside the subset or code generation is forbidden. */
export function lowerExpression(e: Expr, scope: LowerScope): LoweredFn | undefined {
  if (!canCompile()) return undefined;
  const g = new Lowering(scope);
  try {
    return g.build<LoweredFn>(`return result(${g.expr(e)});`);
  } catch (err) {
    if (err instanceof NotLowerable) return undefined;
    throw err;
  }
}

/** The generated JavaScript for `e` (for inspection and tests), or undefined. */
export function loweredSource(e: Expr, scope: LowerScope): string | undefined {
  const g = new Lowering(scope);
  try {
    return g.source(`return result(${g.expr(e)});`);
  } catch (err) {
    if (err instanceof NotLowerable) return undefined;
    throw err;
  }
}

/** What tryLowered returns when the lowered code bailed: run the VM. */
export const BAILED: unique symbol = Symbol("bailed");

export function tryLowered(fn: LoweredFn, facts: object, computed: ReadonlyMap<LuaValue, LuaValue> | undefined): LuaValue | typeof BAILED {
  try {
    return fn(facts, computed);
  } catch {
    return BAILED; // whatever went wrong, the VM finds the exact result or error
  }
}

/**
 * Whether a lowered evaluation executing at most `steps` VM instructions stays within `b`
 * whatever it does, so that only the VM can report a budget error: no lowered expression
 * loops, nests calls deeper than its helpers and one builtin, or holds more than a few small
 * strings.
 */
export function fitsBudget(b: Budget, steps: number, helperDepth = 0): boolean {
  return (
    (b.instructions === undefined || b.instructions >= steps) &&
    (b.depth === undefined || b.depth >= 4 + helperDepth) &&
    (b.memoryBytes === undefined || b.memoryBytes >= 65536 + steps * 2 * MAX_CONCAT) &&
    (b.timeoutMs === undefined || b.timeoutMs > 0) &&
    b.signal?.aborted !== true
  );
}

export { NotLowerable };
