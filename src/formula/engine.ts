// The formula engine: spreadsheet-like formulas over JSON facts.
//
// A formula is an expression (`price * qty`) or a block (`if qty > 10 then return … end`),
// compiled once through the compile cache. Each evaluation runs it in a fresh environment:
// the facts' top-level fields as globals (and the whole document as `fact`), converted
// lazily, over a frozen table of functions (the formula library plus Lua's safe libraries).
// Nothing a formula does survives its evaluation, and no record can see another.

import type { Budget } from "../vm/budget.js";
import { CompileCache } from "../cache/compile-cache.js";
import { LuaError, rawMessage } from "../vm/errors.js";
import { LuaClosure, UpVal } from "../vm/function.js";
import { Lua } from "../vm/lua.js";
import { factView, JsonFields } from "../vm/marshal.js";
import { Op } from "../vm/opcodes.js";
import type { Proto } from "../vm/proto.js";
import { Script } from "../vm/script.js";
import { LuaTable } from "../vm/table.js";
import type { LuaValue } from "../vm/value.js";
import type { Api } from "../vm/host.js";
import type { Diagnostic } from "../vm/diagnose.js";
import { createFormulaLibrary, FORMULA_FUNCTIONS } from "../stdlib-formula/index.js";
import { BAILED, fitsBudget, lowerExpression, parseExpression, tryLowered, type LoweredFn } from "./lowering.js";
import { completeFormula, validateFormula, type CompletionItem, type FunctionSignature, type JsonSchema } from "./validate.js";

export type FormulaKind = "expression" | "block";

/** What a formula's result must be (checked after evaluation). */
export type ResultType = "number" | "integer" | "string" | "boolean" | "list" | "record" | "any";

export interface CompiledFormula {
  readonly source: string;
  readonly name: string;
  readonly kind: FormulaKind;
  /** @internal */
  readonly script: Script;
  /** Global names the formula reads (facts, functions, other computed fields). */
  readonly reads: ReadonlySet<string>;
}

export interface FormulaEngineOptions {
  /** Default budget per evaluation (default: 100,000 instructions, 8 MB, depth 200). */
  budget?: Budget;
  /** The compile cache to use (default: a private one of 10,000 formulas). */
  cache?: CompileCache;
  /** Host functions available to formulas, besides the formula library. */
  functions?: readonly Api[];
  /**
   * The function library formulas see as globals: by default the formula library
   * (src/stdlib-formula) made with `now` and `timeZone`; `false` for none.
   */
  library?: LuaTable | false;
  /** The clock TODAY and NOW read (default: the real time). */
  now?: () => Date;
  /** IANA time zone (or "+05:30") dates are seen in (default "UTC"). */
  timeZone?: string;
  /**
   * Evaluate expression formulas through their JavaScript lowering where they have one
   * (default true; the VM gives the same results, slower: false is for comparison).
   */
  lowering?: boolean;
}

export interface EvaluateOptions {
  budget?: Budget;
  /** Check the result's type; a mismatch is a runtime LuaError naming both types. */
  expect?: ResultType;
}

export type EvaluationResult = { ok: true; value: unknown } | { ok: false; error: LuaError };

/** A compiled formula with its reusable main closure (see FormulaEngine.run). */
interface Compiled extends CompiledFormula {
  slot?: { fn: LuaClosure; env: UpVal; busy: boolean };
  /** The expression lowered to JavaScript (lowering.ts), when it can be. */
  lowered?: LoweredFn;
  /** Most VM instructions one evaluation executes, when lowered (no loops: the code's length). */
  steps: number;
}

const DEFAULT_BUDGET: Budget = { instructions: 100_000, memoryBytes: 8 << 20, depth: 200 };
const EXPRESSION_PREFIX = "return ";

/** Global names read by a chunk: GETTABUP of _ENV with a constant string key, in every function. */
export function globalReads(p: Proto, out: Set<string>): Set<string> {
  const code = p.code;
  for (let pc = 0; pc < code.length; pc++) {
    const i = code[pc]!;
    if ((i & 0x3f) !== Op.GETTABUP) continue;
    const uv = p.upvalues[i >>> 23];
    const c = (i >>> 14) & 0x1ff;
    if (uv?.name === "_ENV" && c & 256) {
      const key = p.k[c & 255];
      if (typeof key === "string") out.add(key);
    }
  }
  for (const child of p.p) globalReads(child, out);
  return out;
}

/**
 * A copy of a prototype tree whose line-1 columns are shifted left by n (the "return " an
 * expression formula is compiled with), so errors point into the formula as written. The
 * cached original is left untouched.
 */
function shiftFirstLine(p: Proto, n: number): Proto {
  const cols = p.colinfo.slice();
  for (let pc = 0; pc < cols.length; pc++) {
    if (p.lineinfo[pc] === 1 && cols[pc]! > n) cols[pc] = cols[pc]! - n;
  }
  return { ...p, colinfo: cols, p: p.p.map((child) => shiftFirstLine(child, n)), jit: undefined, hot: 0 };
}

/** A syntax error of the "return "-prefixed text, re-pointed at the formula as written. */
function shiftError(e: LuaError, source: string, n: number): LuaError {
  const shift = (line: number | undefined, col: number | undefined): number | undefined =>
    line === 1 && col !== undefined && col > n ? col - n : col;
  return new LuaError(rawMessage(e), {
    kind: e.kind, value: e.value, chunkName: e.chunkName, line: e.line, column: shift(e.line, e.column), source,
    diagnostics: e.diagnostics?.map((d) => ({ ...d, column: shift(d.line, d.column)!, endColumn: shift(d.endLine, d.endColumn)! })),
  });
}

function checkFacts(facts: unknown): void {
  if (typeof facts !== "object" || facts === null || Array.isArray(facts)) {
    throw new TypeError("moonrule: facts must be a plain object");
  }
}

function typeOfResult(v: unknown): ResultType {
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "bigint") return "integer";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  if (Array.isArray(v)) return "list";
  return "record";
}

function matches(v: unknown, t: ResultType): boolean {
  if (t === "any") return true;
  const actual = typeOfResult(v);
  return actual === t || (t === "number" && actual === "integer");
}

export class FormulaEngine {
  private readonly vm: Lua;
  private readonly cache: CompileCache;
  private readonly budget: Budget;
  private readonly compiled = new Map<string, CompiledFormula>();
  /** The frozen globals (Lua libraries, formula functions, host APIs) formulas fall back to. */
  private readonly globals: LuaTable;
  private readonly apis: readonly Api[];
  private readonly catalogue: readonly FunctionSignature[];
  private readonly hostNames: readonly string[];
  private readonly lowering: boolean;

  constructor(opts: FormulaEngineOptions = {}) {
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    this.lowering = opts.lowering !== false;
    this.cache = opts.cache ?? new CompileCache({ max: 10_000 });
    const template = Lua.create({ budget: this.budget, cache: this.cache });
    const lib = opts.library === false ? undefined : opts.library ?? createFormulaLibrary({ now: opts.now, timeZone: opts.timeZone });
    if (lib !== undefined) {
      const out: LuaValue[] = [undefined, undefined];
      let k: LuaValue = undefined;
      while (lib.next(k, out)) {
        k = out[0];
        template.state.globals.set(k, out[1]);
      }
    }
    for (const api of opts.functions ?? []) template.load(api);
    this.apis = opts.functions ?? [];
    template.fork(); // freezes the template's globals: formulas can never write them
    this.vm = template;
    this.globals = template.state.globals;
    // what validation and completion know: the library's metadata (when it is the formula
    // library) and the names of host functions
    const hostNames = this.apis.flatMap((a) => (a.scope === undefined ? [...a.builtins.keys()] : [a.scope]));
    if (opts.library instanceof LuaTable) {
      // a custom library: its names are known, its signatures are not
      const out: LuaValue[] = [undefined, undefined];
      for (let k: LuaValue = undefined; opts.library.next(k, out); ) {
        k = out[0];
        if (typeof k === "string") hostNames.push(k);
      }
    }
    this.catalogue = opts.library === undefined ? FORMULA_FUNCTIONS : [];
    this.hostNames = hostNames;
  }

  /** Compile a formula (cached): an expression if it reads as one, else a block. Throws a syntax LuaError. */
  compile(source: string, name = "formula"): CompiledFormula {
    const key = name + "\u0000" + source;
    const hit = this.compiled.get(key);
    if (hit !== undefined) return hit;
    let kind: FormulaKind = "expression";
    let script: Script;
    try {
      const asExpr = this.cache.compile(EXPRESSION_PREFIX + source, { chunkName: name });
      // the same compiled code, presented with the formula's own text and columns
      script = new Script(source, name, shiftFirstLine(asExpr.proto, EXPRESSION_PREFIX.length));
    } catch (exprError) {
      if (!(exprError instanceof LuaError)) throw exprError;
      try {
        script = this.cache.compile(source, { chunkName: name });
        kind = "block";
      } catch (blockError) {
        // report what the user most likely meant: a block if it starts like a statement
        if (/^\s*(local|if|for|while|repeat|return|function|do|goto|::)\b|^\s*[\w.]+\s*=[^=]/.test(source)) throw blockError;
        throw shiftError(exprError, source, EXPRESSION_PREFIX.length);
      }
    }
    const reads = globalReads(script.proto, new Set<string>());
    const compiled: Compiled = { source, name, kind, script, reads, steps: script.proto.code.length };
    if (kind === "expression" && this.lowering) {
      const e = parseExpression(source);
      if (e !== undefined) compiled.lowered = lowerExpression(e, { globals: this.globals, readsFact: reads.has("fact") });
    }
    if (this.compiled.size >= 10_000) this.compiled.clear();
    this.compiled.set(key, compiled);
    return compiled;
  }

  /** Evaluate a formula against one facts object; returns its value (JS). Throws LuaError. */
  evaluate(formula: string | CompiledFormula, facts: object = {}, opts: EvaluateOptions = {}): unknown {
    const f = typeof formula === "string" ? this.compile(formula) : formula;
    const value = this.vm.valueToJS(this.value(f, facts, undefined, opts.budget));
    if (opts.expect !== undefined && !matches(value, opts.expect)) {
      const msg = `${f.name}: the formula returned ${value === undefined ? "nil" : `a ${typeOfResult(value)}`}, expected ${opts.expect === "integer" ? "an integer" : `a ${opts.expect}`}`;
      throw new LuaError(msg, { kind: "runtime", chunkName: f.name });
    }
    return value;
  }

  /** Evaluate one formula for many records; one failing record never stops the others. */
  evaluateMany(formula: string | CompiledFormula, records: Iterable<object>, opts: EvaluateOptions = {}): EvaluationResult[] {
    const f = typeof formula === "string" ? this.compile(formula) : formula;
    const out: EvaluationResult[] = [];
    for (const r of records) {
      try {
        out.push({ ok: true, value: this.evaluate(f, r, opts) });
      } catch (e) {
        if (!(e instanceof LuaError)) throw e;
        out.push({ ok: false, error: e });
      }
    }
    return out;
  }

  /**
   * Diagnostics for a formula as the user types it (see validateFormula): syntax errors with
   * ranges, names and fields against the facts' JSON Schema, functions against this engine's
   * catalogue. `computed`: names of computed fields the formula may also read.
   */
  validate(source: string, opts: { facts?: JsonSchema; computed?: readonly string[] } = {}): Diagnostic[] {
    return validateFormula(source, { facts: opts.facts, functions: this.catalogue, globals: [...this.hostNames, ...(opts.computed ?? [])] });
  }

  /** Completion candidates at a position (see completeFormula). */
  complete(source: string, position: { line: number; column: number }, opts: { facts?: JsonSchema } = {}): CompletionItem[] {
    return completeFormula(source, position, { facts: opts.facts, functions: this.catalogue, globals: this.hostNames });
  }

  /**
   * Named formulas that may reference each other by name (computed fields). Dependencies are
   * read from the compiled code; a cycle is reported at once, naming it.
   */
  fields(definitions: Readonly<Record<string, string>>): ComputedFields {
    return new ComputedFields(this, definitions);
  }

  /**
   * @internal The formula's value (a Lua value) for these facts and computed fields: from its
   * lowered form when it has one and the budget leaves the VM nothing to report, else (or
   * when the lowered code bails) from the VM.
   */
  value(f: CompiledFormula, facts: object, computed: Map<LuaValue, LuaValue> | undefined, budget: Budget | undefined): LuaValue {
    const lowered = (f as Compiled).lowered;
    if (lowered !== undefined && fitsBudget(budget ?? this.budget, (f as Compiled).steps)) {
      checkFacts(facts);
      const v = tryLowered(lowered, facts, computed);
      if (v !== BAILED) return v;
    }
    return this.run(f, this.environment(f, facts, computed), budget);
  }

  /** @internal the evaluation environment: facts (and computed values) over the function globals */
  environment(f: CompiledFormula, facts: object, computed?: Map<LuaValue, LuaValue>): LuaTable {
    checkFacts(facts);
    // names resolve as: computed fields and `fact` (the table's own), then the facts' fields,
    // then the frozen globals (functions, libraries) — all without a metamethod call
    const env = new LuaTable();
    env.base = new JsonFields(facts, this.globals);
    if (computed !== undefined) for (const [k, v] of computed) env.init(k, v);
    if (f.reads.has("fact")) env.initStr("fact", factView(facts, new JsonFields(facts)));
    return env;
  }

  /** @internal Run in `env`; the first result as a Lua value. */
  run(f: CompiledFormula, env: LuaTable, budget: Budget | undefined): LuaValue {
    // A formula without nested functions cannot make a closure that would keep its _ENV, so
    // its main closure is reused with the upvalue pointed at this evaluation's environment
    // (unless that closure is already running: a host function evaluating formulas).
    const c = f as Compiled;
    let slot = c.slot;
    if (slot === undefined && f.script.proto.p.length === 0) {
      const uv = new UpVal([undefined], 0);
      slot = c.slot = { fn: new LuaClosure(f.script.proto, [uv]), env: uv, busy: false };
    }
    if (slot === undefined || slot.busy) {
      const fn = new LuaClosure(f.script.proto, [new UpVal([env], 0)]);
      return this.vm.runClosure(fn, f.script, budget ?? this.budget)[0];
    }
    slot.env.s[0] = env;
    slot.busy = true;
    try {
      return this.vm.runClosure(slot.fn, f.script, budget ?? this.budget)[0];
    } finally {
      slot.env.s[0] = undefined; // keep nothing of the evaluation alive
      slot.busy = false;
    }
  }

  /** @internal */
  toJS(v: LuaValue): unknown {
    return this.vm.valueToJS(v);
  }
}

export interface FieldsResult {
  /** Every field that evaluated, by name (JS values). */
  values: Record<string, unknown>;
  /** Every field that failed, by name (a field depending on a failed one fails too). */
  errors: Record<string, LuaError>;
}

/** A set of named formulas evaluated in dependency order (see FormulaEngine.fields). */
export class ComputedFields {
  /** Field names in evaluation order. */
  readonly order: readonly string[];
  private readonly formulas = new Map<string, CompiledFormula>();
  private readonly deps = new Map<string, string[]>();

  constructor(private readonly engine: FormulaEngine, definitions: Readonly<Record<string, string>>) {
    const names = Object.keys(definitions);
    for (const name of names) {
      const f = engine.compile(definitions[name]!, name);
      this.formulas.set(name, f);
      this.deps.set(name, names.filter((n) => n !== name && f.reads.has(n)));
      if (f.reads.has(name)) throw new LuaError(`computed field '${name}' refers to itself`, { kind: "runtime", chunkName: name });
    }
    this.order = this.sort(names);
  }

  /** Depth-first topological order; a back edge is a cycle, reported with its path. */
  private sort(names: string[]): string[] {
    const order: string[] = [];
    const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
    const path: string[] = [];
    const visit = (n: string): void => {
      const s = state.get(n);
      if (s === 2) return;
      if (s === 1) {
        const cycle = [...path.slice(path.indexOf(n)), n];
        throw new LuaError(`cycle between computed fields: ${cycle.join(" -> ")}`, { kind: "runtime", chunkName: n });
      }
      state.set(n, 1);
      path.push(n);
      for (const d of this.deps.get(n)!) visit(d);
      path.pop();
      state.set(n, 2);
      order.push(n);
    };
    for (const n of names) visit(n);
    return order;
  }

  /** Evaluate every field for one facts object, each seeing the facts and the fields before it. */
  evaluate(facts: object = {}, opts: { budget?: Budget } = {}): FieldsResult {
    const values: Record<string, unknown> = {};
    const errors: Record<string, LuaError> = {};
    const computed = new Map<LuaValue, LuaValue>();
    for (const name of this.order) {
      const failedDep = this.deps.get(name)!.find((d) => d in errors);
      if (failedDep !== undefined) {
        errors[name] = new LuaError(`${name}: depends on '${failedDep}', which failed`, { kind: "runtime", chunkName: name });
        continue;
      }
      const f = this.formulas.get(name)!;
      try {
        const v = this.engine.value(f, facts, computed, opts.budget);
        Object.defineProperty(values, name, { value: this.engine.toJS(v), enumerable: true, writable: true, configurable: true });
        if (v !== undefined) computed.set(name, v);
      } catch (e) {
        if (!(e instanceof LuaError)) throw e;
        errors[name] = e;
      }
    }
    return { values, errors };
  }
}
