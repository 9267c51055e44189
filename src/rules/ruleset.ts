// Rule sets: a JSON document (schemas/ruleset.schema.json) of rules with Lua conditions and
// outputs, compiled into ONE Lua chunk so that a record costs one call, not one per rule.
//
// The chunk runs once per RuleSet (in a frozen VM with the formula library): it defines the
// helpers as locals and returns
//   - `all(_ENV)`: every rule in priority order (or up to the first match, or with scores),
//     returning a table rule index -> true | outputs table — the fast path;
//   - `one[i](_ENV)`: rule i alone — the slow path, taken for a record whose fast path failed,
//     so that each rule gets its own budget and its own error;
//   - `leaves[i][j](_ENV)`: the sub-conditions of rule i's `when`, for explanations.
// `_ENV` is each record's environment: its fields (read lazily) over the frozen globals.

import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import { LuaError } from "../vm/errors.js";
import type { Budget } from "../vm/budget.js";
import { toByteString, fromByteString } from "../vm/bytes.js";
import { diagnose, type Diagnostic } from "../vm/diagnose.js";
import { Lexer, TK_AND, TK_DO, TK_END, TK_EOS, TK_FUNCTION, TK_IF, TK_OR, TK_REPEAT, TK_UNTIL } from "../vm/lexer.js";
import { Lua } from "../vm/lua.js";
import { factView, JsonFields } from "../vm/marshal.js";
import { compile, luaLiteral } from "../vm/script.js";
import { LuaTable } from "../vm/table.js";
import { LuaFloat, type LuaValue } from "../vm/value.js";
import { createFormulaLibrary } from "../stdlib-formula/index.js";
import SCHEMA from "./ruleset-schema.js";
import { globalReads } from "../formula/engine.js";
import { BAILED, fitsBudget, Lowering, NotLowerable, parseExpression, tryLowered, type HelperDef, type LoweredFn, type LowerScope } from "../formula/lowering.js";
import { arith, ArithOp } from "../vm/arith.js";
import { canCompile } from "../vm/jit.js";
import { parse } from "../vm/parser.js";
import type { Expr } from "../vm/ast.js";
import { Op } from "../vm/opcodes.js";
import type { Proto } from "../vm/proto.js";

const LUA_KEYWORDS = new Set(["and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"]);

export type RuleMode = "all" | "first" | "scored";

export interface RuleBudget {
  instructions?: number;
  memoryBytes?: number;
  timeoutMs?: number;
}

export interface RuleDocument {
  id: string;
  description?: string;
  priority?: number;
  when: string;
  outputs?: Record<string, string>;
  action?: string;
  score?: number;
}

export interface RuleSetDocument {
  name: string;
  version?: string;
  description?: string;
  facts?: object;
  helpers?: string;
  mode?: RuleMode;
  budget?: { perRule?: RuleBudget; perRecord?: RuleBudget };
  rules: RuleDocument[];
}

/** One problem in a rule-set document: where (a JSON pointer, and for Lua a range inside the text) and what. */
export interface RuleProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export class RuleSetError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    super(`invalid rule set (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
      problems.map((p) => `  ${p.path}${p.line !== undefined ? `:${p.line}:${p.column}` : ""}: ${p.message}`).join("\n"));
    this.name = "RuleSetError";
  }
}

/** Why a rule did not match: the sub-condition(s) that decided, with the value each had. */
export interface Explanation {
  condition: string;
  value: unknown;
}

export interface RuleResult {
  id: string;
  matched: boolean;
  /** Outputs of a matched rule (named outputs, or what its action returned). */
  outputs?: Record<string, unknown>;
  /** The rule failed: a runtime error or an exceeded budget. */
  error?: { kind: string; message: string };
  /** For a rule that did not match: the sub-conditions that decided it. */
  because?: Explanation[];
}

export interface RecordResult {
  /** False when the record fails the facts schema; the rules did not run. */
  valid: boolean;
  /** Every way the record fails the facts schema. */
  problems?: { path: string; message: string }[];
  /** One entry per rule that ran, in evaluation (priority) order. */
  rules: RuleResult[];
  /** Ids of the matched rules. */
  matched: string[];
  /** Mode "scored": the sum of the matched rules' scores. */
  score?: number;
}

export interface EvaluateRecordOptions {
  /** Explain rules that did not match (default true). */
  explain?: boolean;
}

// ------------------------------------------------------------------------------ validation

type AjvCtor = new (opts: object) => { compile(schema: object): ValidateFunction; errorsText?: unknown };
const Ajv = ((AjvModule as unknown as { default?: AjvCtor }).default ?? AjvModule) as unknown as AjvCtor;
const ajv = new Ajv({ allErrors: true, strict: false });
const validateDocument = ajv.compile(SCHEMA);

function ajvProblems(errors: readonly ErrorObject[] | null | undefined): { path: string; message: string }[] {
  return (errors ?? []).map((e) => {
    let message = e.message ?? "is invalid";
    if (e.keyword === "additionalProperties") message = `unknown property '${String((e.params as { additionalProperty?: string }).additionalProperty)}'`;
    if (e.keyword === "not" && e.instancePath.startsWith("/rules/")) message = "a rule has either outputs or an action, not both";
    if (e.keyword === "enum") message += `: ${(e.params as { allowedValues?: unknown[] }).allowedValues?.map((v) => JSON.stringify(v)).join(", ")}`;
    return { path: e.instancePath === "" ? "/" : e.instancePath, message };
  });
}

/** Lua syntax problems of a snippet, positioned inside it. */
function luaProblems(path: string, text: string, asExpression: boolean): RuleProblem[] {
  const prefix = asExpression ? "return " : "";
  const ds: Diagnostic[] = diagnose(prefix + text, "rule");
  return ds.map((d) => ({
    path,
    message: d.message,
    line: d.line,
    column: d.line === 1 ? Math.max(1, d.column - prefix.length) : d.column,
    endLine: d.endLine,
    endColumn: d.endLine === 1 ? Math.max(1, d.endColumn - prefix.length) : d.endColumn,
  }));
}

// ------------------------------------------------------------------------------ conditions

/** A `when` split at its top-level `or`s and `and`s (for explanations). */
type Cond = { leaf: string; i: number } | { op: "and" | "or"; parts: Cond[] };

/** Split Lua expression text at depth-0 occurrences of keyword token `tk`. */
function splitAt(text: string, tk: number): string[] {
  const bytes = toByteString(text);
  const lx = new Lexer(bytes, "rule");
  const cuts: [number, number][] = [];
  let depth = 0;
  for (lx.next(); lx.t !== TK_EOS; lx.next()) {
    const t = lx.t;
    if (t === 40 || t === 91 || t === 123 || t === TK_FUNCTION || t === TK_IF || t === TK_DO || t === TK_REPEAT) depth++;
    else if (t === 41 || t === 93 || t === 125 || t === TK_END || t === TK_UNTIL) depth--;
    else if (t === tk && depth === 0) cuts.push([lx.tStart, lx.tEnd]);
  }
  if (cuts.length === 0) return [text];
  const parts: string[] = [];
  let from = 0;
  for (const [a, b] of cuts) {
    parts.push(fromByteString(bytes.slice(from, a)).trim());
    from = b;
  }
  parts.push(fromByteString(bytes.slice(from)).trim());
  return parts;
}

/** Whether text is one parenthesised expression "( … )" (the parens match each other). */
function wrapped(text: string): boolean {
  if (!text.startsWith("(") || !text.endsWith(")")) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

function splitCondition(text: string, depth = 0): Cond {
  const t = text.trim();
  if (depth > 8) return { leaf: t, i: 0 };
  if (wrapped(t)) {
    const inner = splitCondition(t.slice(1, -1), depth + 1);
    if ("op" in inner) return inner;
  }
  try {
    const ors = splitAt(t, TK_OR);
    if (ors.length > 1) return { op: "or", parts: ors.map((p) => splitCondition(p, depth + 1)) };
    const ands = splitAt(t, TK_AND);
    if (ands.length > 1) return { op: "and", parts: ands.map((p) => splitCondition(p, depth + 1)) };
  } catch {
    // a lexical error: explain the condition as a whole
  }
  return { leaf: t, i: 0 };
}

/** The leaves in textual order, numbering each (1-based: its Lua index in `leaves[rule]`). */
function leavesOf(c: Cond, out: string[]): string[] {
  if ("leaf" in c) {
    out.push(c.leaf);
    c.i = out.length;
  } else for (const p of c.parts) leavesOf(p, out);
  return out;
}

// ------------------------------------------------------------------------------ the rule set

interface CompiledRule {
  /** Shared, frozen results for the common cases (no allocation per record). */
  hit: RuleResult;
  miss: RuleResult;
  /** Where the fast path reports this rule's match: word and bit. */
  word: number;
  bit: number;
  doc: RuleDocument;
  /** Position in evaluation order (1-based: the Lua index). */
  index: number;
  cond: Cond;
  leaves: string[];
  /** The leaves lowered to JavaScript (undefined where one cannot be), with their VM step bounds. */
  leafLowered?: { fn: LoweredFn | undefined; steps: number; depth: number }[];
}

/** The whole fast path lowered (see RuleSet.lower): the record in, `__all`'s results out. */
type LoweredRules = (record: object, computed: undefined) => LuaValue[];

/** A rule's outputs table, as the VM's table constructor makes it (nil values are left out). */
function outputTable(keys: readonly string[], values: readonly LuaValue[]): LuaTable {
  const t = new LuaTable();
  for (let i = 0; i < keys.length; i++) {
    const v = values[i];
    if (typeof v === "object" && !(v instanceof LuaFloat)) throw new Error("bail"); // tables: the VM's path
    if (v !== undefined) t.set(keys[i], v);
  }
  return t;
}

/** Whether code in p (or its functions) assigns a global or an upvalue. */
function writesOutside(p: Proto): boolean {
  for (const i of p.code) {
    const op = i & 0x3f;
    if (op === Op.SETTABUP || op === Op.SETUPVAL) return true;
  }
  return p.p.some(writesOutside);
}

/** The value of a numeric literal as luaLiteral writes it (`2`, `(-1.5)`, `(1/0)`), or undefined. */
function constantOf(e: Expr | undefined): LuaValue {
  if (e === undefined) return undefined;
  if (e.kind === "Number") return e.value;
  if (e.kind === "Paren") return constantOf(e.expr);
  if (e.kind === "Unary" && e.op === "-") {
    const v = constantOf(e.operand);
    return v === undefined ? undefined : arith(ArithOp.UNM, v, v);
  }
  if (e.kind === "Binary" && e.op === "/") {
    const a = constantOf(e.left);
    const b = constantOf(e.right);
    return a === undefined || b === undefined ? undefined : arith(ArithOp.DIV, a, b);
  }
  return undefined;
}

/** Names the helpers chunk declares as top-level locals (rules see them instead of globals). */
function helperLocals(helpers: string | undefined): Set<string> {
  const out = new Set<string>();
  if (helpers === undefined || helpers.trim() === "") return out;
  for (const st of parse(toByteString(helpers), "helpers").body.stats) {
    if (st.kind === "Local") for (const n of st.names) out.add(n);
    else if (st.kind === "LocalFunction") out.add(st.name);
  }
  return out;
}

/** Global names the expression `text` reads. */
function namesRead(text: string): Set<string> {
  return globalReads(compile(`return (${text}\n)`).proto, new Set());
}

/**
 * The helpers the lowering may inline: `local function f(a, b) return <expression> end` at
 * the top of a helpers chunk made only of such functions and other locals (so that the k-th
 * function of the chunk is the k-th prototype, whose length bounds a call's instructions).
 */
function helperDefs(helpers: string | undefined): Map<string, HelperDef> {
  const out = new Map<string, HelperDef>();
  if (helpers === undefined || helpers.trim() === "") return out;
  const stats = parse(toByteString(helpers), "helpers").body.stats;
  const protos = compile(helpers, { chunkName: "helpers" }).proto.p;
  let k = 0;
  const seen = new Set<string>();
  for (const st of stats) {
    if (st.kind === "LocalFunction") {
      const fn = st.func;
      const ret = fn.body.stats[0];
      const simple = !fn.isVararg && fn.body.stats.length === 1 && ret?.kind === "Return" && ret.exprs.length === 1 && !seen.has(st.name);
      if (simple) out.set(st.name, { params: fn.params, body: ret.exprs[0]!, steps: protos[k]!.code.length, order: k });
      else out.delete(st.name);
      seen.add(st.name);
      k++;
    } else if (st.kind === "Local" && !JSON.stringify(st.exprs, (key, v: unknown) => (key === "value" && typeof v === "bigint" ? String(v) : v)).includes('"kind":"Function"')) {
      for (const n of st.names) {
        out.delete(n); // a later local of the same name hides the function
        seen.add(n);
      }
    } else return new Map(); // anything else may hold functions: prototypes would not line up
  }
  return out;
}

/** VM instructions `return (text)` takes at most (straight-line code: its length), or Infinity. */
function stepsOf(text: string): number {
  try {
    return compile(`return (${text}\n)`).proto.code.length;
  } catch {
    return Infinity;
  }
}

export interface RuleSetOptions {
  /**
   * Evaluate rules through their JavaScript lowering where every rule has one (default true;
   * the VM gives the same results, slower: false is for comparison).
   */
  lowering?: boolean;
}

const DEFAULT_PER_RULE: Budget = { instructions: 100_000, memoryBytes: 8 << 20 };
const DEFAULT_PER_RECORD: Budget = { instructions: 2_000_000, memoryBytes: 16 << 20 };

export class RuleSet {
  readonly name: string;
  readonly version: string | undefined;
  readonly mode: RuleMode;
  /** Rule ids in evaluation order (priority, then document order). */
  readonly order: readonly string[];
  private readonly rules: CompiledRule[];
  private readonly vm: Lua;
  private readonly globals: LuaTable;
  private readonly fastFn: LuaValue;
  private readonly oneFns: LuaTable;
  private readonly leafFns: LuaTable;
  private readonly perRule: Budget;
  private readonly perRecord: Budget;
  private readonly validateFacts: ValidateFunction | undefined;
  /** Whether any rule (or helper) reads `fact`: only then does a record get that view. */
  private readonly readsFact: boolean;
  /** How many 30-bit words the fast path returns its matches in. */
  private words = 1;
  /**
   * The fast path lowered to JavaScript (every rule, or the lowerable ones when `restRules`
   * holds the others), the VM steps it stands for and the helper nesting it adds.
   */
  private lowered: LoweredRules | undefined;
  private loweredSteps = 0;
  private loweredDepth = 0;
  /** Rules the lowered code leaves to the VM (`__rest`), when it covers only some. */
  private restRules: ReadonlySet<CompiledRule> | undefined;
  private restFn: LuaValue;
  /** Each rule's score as a Lua number (for scores summed after a split evaluation). */
  private scores = new Map<CompiledRule, LuaValue>();

  private constructor(readonly document: Readonly<RuleSetDocument>, options: RuleSetOptions) {
    this.name = document.name;
    this.version = document.version;
    this.mode = document.mode ?? "all";
    this.perRule = { ...DEFAULT_PER_RULE, ...document.budget?.perRule };
    this.perRecord = { ...DEFAULT_PER_RECORD, ...document.budget?.perRecord };
    const indexed = document.rules.map((doc, i) => ({ doc, i }));
    indexed.sort((a, b) => (b.doc.priority ?? 0) - (a.doc.priority ?? 0) || a.i - b.i);
    this.rules = indexed.map(({ doc }, k) => {
      const cond = splitCondition(doc.when);
      const hit: RuleResult = Object.freeze({ id: doc.id, matched: true });
      const miss: RuleResult = Object.freeze({ id: doc.id, matched: false });
      return { hit, miss, word: Math.floor(k / 30), bit: 1 << (k % 30), doc, index: k + 1, cond, leaves: leavesOf(cond, []) };
    });
    this.order = this.rules.map((r) => r.doc.id);
    this.validateFacts = document.facts !== undefined ? ajv.compile(document.facts) : undefined;

    const vm = Lua.create({ budget: this.perRecord, cache: false });
    const lib = createFormulaLibrary();
    const out: LuaValue[] = [undefined, undefined];
    for (let k: LuaValue = undefined; lib.next(k, out); ) {
      k = out[0];
      vm.state.globals.set(k, out[1]);
    }
    vm.fork(); // freeze: neither helpers nor rules can change what another record sees
    this.vm = vm;
    this.globals = vm.state.globals;
    // (read from each text compiled alone: inside the chunk, _ENV is a parameter, not an upvalue)
    this.readsFact = this.rules.some((r) => [r.doc.when, ...Object.values(r.doc.outputs ?? {})].some((t) => namesRead(t).has("fact")) ||
      (r.doc.action !== undefined && namesRead(`(function() ${r.doc.action}\nend)()`).has("fact")));
    this.words = Math.max(1, Math.ceil(this.rules.length / 30));
    if (options.lowering !== false) this.lower();
    const source = this.generate();
    const script = compile(source, { chunkName: `rules:${document.name}` });
    const [fast, one, leaves, rest] = vm.run(script, [], { instructions: 10_000_000, memoryBytes: 64 << 20 });
    this.fastFn = fast;
    this.oneFns = one as LuaTable;
    this.leafFns = leaves as LuaTable;
    this.restFn = this.restRules !== undefined ? rest : undefined;
  }

  /**
   * Lower the fast path (and each rule's leaves, for explanations) to JavaScript, where the
   * rules are expressions over the record's fields and the scalar formula functions (see
   * src/formula/lowering.ts). A record the lowered code is unsure of takes the VM path.
   */
  private lower(): void {
    const locals = helperLocals(this.document.helpers);
    const scope: LowerScope = {
      globals: this.globals, readsFact: this.readsFact, helpers: helperDefs(this.document.helpers),
      isLocal: (n) => locals.has(n) || n.startsWith("__"),
    };
    for (const r of this.rules) {
      r.leafLowered = r.leaves.map((leaf) => {
        const e = parseExpression(`(${leaf}\n)`);
        const g = new Lowering(scope);
        try {
          if (e === undefined) return { fn: undefined, steps: 0, depth: 0 };
          const fn = g.build<LoweredFn>(`return result(${g.expr(e)});`);
          return { fn, steps: stepsOf(leaf) + g.extraSteps, depth: g.helperDepth };
        } catch (err) {
          if (err instanceof NotLowerable) return { fn: undefined, steps: 0, depth: 0 };
          throw err;
        }
      });
    }
    if (!canCompile()) return;
    // an action that assigns a name that is not its own local changes what later rules see
    // in __all (a record global, or a condition's name loaded into a local): no split then
    if (this.rules.some((r) => r.doc.action !== undefined && writesOutside(compile(`return (function() ${r.doc.action}\nend)()`).proto))) return;
    const g = new Lowering(scope);
    const bits = Array.from({ length: this.words }, (_, w) => `w${w}`);
    const done = `return [${bits.join(", ")}, m === undefined ? false : m, s];`;
    const rest = new Set<CompiledRule>();
    const lines: string[] = [];
    let steps = 16;
    for (const r of this.rules) {
      const score = r.doc.score !== undefined ? constantOf(parseExpression(luaLiteral(r.doc.score))) : undefined;
      if (score !== undefined) this.scores.set(r, score);
      let ruleLines: string[];
      let ruleSteps = stepsOf(r.doc.when) + 8;
      try {
        if (r.doc.action !== undefined) throw new NotLowerable();
        const when = parseExpression(`(${r.doc.when}\n)`);
        if (when === undefined) throw new NotLowerable();
        ruleLines = [`if (truthy(${g.expr(when)})) {`, `w${r.word} |= ${r.bit};`];
        const outputs = Object.entries(r.doc.outputs ?? {});
        if (outputs.length > 0) {
          const values = outputs.map(([, text]) => {
            const e = parseExpression(`(${text}\n)`);
            if (e === undefined) throw new NotLowerable();
            ruleSteps += stepsOf(text) + 2;
            return g.expr(e);
          });
          const keys = g.constant(outputs.map(([k]) => toByteString(k)));
          ruleLines.push(`if (m === undefined) m = new x.LuaTable();`, `m.setInt(${r.index}, x.outputs(${keys}, [${values.join(", ")}]));`);
        }
        if (this.mode === "scored" && r.doc.score !== undefined) {
          if (!this.scores.has(r)) throw new NotLowerable();
          ruleLines.push(`s = add(s, ${g.constant(this.scores.get(r))});`);
        }
        if (this.mode === "first") ruleLines.push(done);
        ruleLines.push("}");
      } catch (err) {
        if (!(err instanceof NotLowerable)) throw err;
        rest.add(r);
        continue;
      }
      lines.push(...ruleLines);
      steps += ruleSteps;
    }
    // a split evaluation sums scores afterwards, in rule order: every score must be known
    if (rest.size === this.rules.length) return;
    if (rest.size > 0 && (this.mode === "first" || (this.mode === "scored" && this.rules.some((r) => r.doc.score !== undefined && !this.scores.has(r))))) return;
    const body = [`let ${bits.map((b) => `${b} = 0`).join(", ")}, m, s = 0;`, ...lines, done].join("\n");
    this.lowered = g.build<LoweredRules>(body, { LuaTable, outputs: outputTable });
    this.loweredSteps = steps + g.extraSteps;
    this.loweredDepth = g.helperDepth;
    this.restRules = rest.size > 0 ? rest : undefined;
  }

  /**
   * The lowered rules' results `v` completed by the VM's `__rest` for the others, as `__all`
   * would give them; undefined when the split cannot be sure of that (a rule failed, an action
   * wrote to the record's environment, or the budget left too little for both parts).
   */
  private withRest(v: LuaValue[], env: LuaTable): LuaValue[] | undefined {
    const factView = env.strs?.["fact"];
    const ownKeys = env.hashSize();
    let rest: LuaValue[];
    try {
      rest = this.vm.callRaw(this.restFn, [env], this.perRecord);
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      return undefined;
    }
    const used = this.vm.lastUsage;
    const b = this.perRecord;
    if (b.instructions !== undefined && used.instructions + this.loweredSteps > b.instructions) return undefined;
    if (b.memoryBytes !== undefined && used.memoryBytes + 65536 > b.memoryBytes) return undefined;
    if (env.arr.length > 0 || env.hashSize() !== ownKeys || env.strs?.["fact"] !== factView) return undefined;
    const words = this.words;
    const out = v.slice();
    for (let w = 0; w < words; w++) out[w] = ((v[w] as number) | (rest[w] as number));
    const m = v[words];
    const restM = rest[words];
    if (restM instanceof LuaTable) {
      if (m instanceof LuaTable) {
        for (const r of this.restRules!) {
          const o = restM.getInt(r.index);
          if (o !== undefined) m.setInt(r.index, o);
        }
      } else out[words] = restM;
    }
    if (this.mode === "scored") {
      let s: LuaValue = 0;
      for (const r of this.rules) {
        if (((out[r.word] as number) & r.bit) !== 0 && r.doc.score !== undefined) s = arith(ArithOp.ADD, s, this.scores.get(r))!;
      }
      out[words + 1] = s;
    }
    return out;
  }

  /** Validate and compile a rule-set document; every problem is reported at once (RuleSetError). */
  static fromJSON(doc: unknown, options: RuleSetOptions = {}): RuleSet {
    const text = typeof doc === "string" ? doc : undefined;
    let value: unknown = doc;
    if (text !== undefined) {
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new RuleSetError([{ path: "/", message: `not valid JSON: ${(e as Error).message}` }]);
      }
    }
    const problems: RuleProblem[] = [];
    if (!validateDocument(value)) problems.push(...ajvProblems(validateDocument.errors));
    const d = value as RuleSetDocument;
    if (d !== null && typeof d === "object" && Array.isArray(d.rules)) {
      const seen = new Map<string, number>();
      d.rules.forEach((r, i) => {
        if (r === null || typeof r !== "object") return;
        if (typeof r.id === "string") {
          if (seen.has(r.id)) problems.push({ path: `/rules/${i}/id`, message: `duplicate rule id '${r.id}' (also /rules/${seen.get(r.id)})` });
          else seen.set(r.id, i);
        }
        if (typeof r.when === "string") problems.push(...luaProblems(`/rules/${i}/when`, r.when, true));
        if (r.outputs !== null && typeof r.outputs === "object") {
          for (const [name, expr] of Object.entries(r.outputs)) {
            if (typeof expr === "string") problems.push(...luaProblems(`/rules/${i}/outputs/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`, expr, true));
          }
        }
        if (typeof r.action === "string") problems.push(...luaProblems(`/rules/${i}/action`, r.action, false));
      });
    }
    if (d !== null && typeof d === "object" && typeof d.helpers === "string") problems.push(...luaProblems("/helpers", d.helpers, false));
    if (d !== null && typeof d === "object" && d.facts !== undefined && typeof d.facts === "object") {
      try {
        ajv.compile(d.facts);
      } catch (e) {
        problems.push({ path: "/facts", message: `not a usable JSON Schema: ${(e as Error).message}` });
      }
    }
    if (problems.length > 0) throw new RuleSetError(problems);
    try {
      return new RuleSet(d, options);
    } catch (e) {
      // what only the whole chunk reveals (e.g. a helper that assigns a global)
      if (e instanceof LuaError) throw new RuleSetError([{ path: "/", message: e.message }]);
      throw e;
    }
  }

  /** Read, validate and compile a rule-set file (Node). */
  static async fromFile(path: string, options: RuleSetOptions = {}): Promise<RuleSet> {
    const { readFile } = await import("node:fs/promises");
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      throw new RuleSetError([{ path: "/", message: `cannot read ${path}: ${(e as Error).message}` }]);
    }
    return RuleSet.fromJSON(text, options);
  }

  /** The Lua chunk of the whole rule set (see the module comment). */
  private generate(): string {
    const rules = this.rules;
    const outputsOf = (r: RuleDocument): string => {
      if (r.action !== undefined) return `((function() ${r.action}\nend)() or true)`;
      if (r.outputs === undefined || Object.keys(r.outputs).length === 0) return "true";
      return `{ ${Object.entries(r.outputs).map(([k, v]) => `[${luaLiteral(k)}] = (${v}\n)`).join(", ")} }`;
    };
    const lines: string[] = [];
    lines.push(this.document.helpers ?? "", "");
    // the fast path. The names the conditions read are read once per record into locals
    // (registers): a record's fields and the functions cannot change while its rules run, and
    // each rule sees them as they were when the record arrived, as the one-by-one path does.
    const hoisted = this.hoistedNames();
    lines.push("local function __all(_ENV)");
    if (hoisted.length > 0) lines.push(`  local ${hoisted.join(", ")} = ${hoisted.join(", ")}`);
    // matches are bits of small integers (30 per word: int32 arithmetic); outputs go in __m
    const words = Math.max(1, Math.ceil(rules.length / 30));
    const bitsVars = Array.from({ length: words }, (_, w) => `__b${w}`);
    lines.push(`  local __m, __s, ${bitsVars.join(", ")} = false, 0, ${bitsVars.map(() => "0").join(", ")}`);
    const ret = `return ${bitsVars.join(", ")}, __m, __s`;
    for (const r of rules) {
      const w = Math.floor((r.index - 1) / 30);
      const bit = 2 ** ((r.index - 1) % 30);
      const out = outputsOf(r.doc);
      let body = `__b${w} = __b${w} | ${bit}`;
      if (out !== "true") body += ` if not __m then __m = {} end __m[${r.index}] = ${out}`;
      if (this.mode === "scored" && r.doc.score !== undefined) body += ` __s = __s + ${luaLiteral(r.doc.score)}`;
      if (this.mode === "first") body += ` ${ret}`;
      lines.push(`  if (${r.doc.when}\n) then ${body} end`);
    }
    lines.push(`  ${ret}`, "end", "");

    // one rule at a time
    lines.push("local __one = {}");
    for (const r of rules) lines.push(`__one[${r.index}] = function(_ENV) if (${r.doc.when}\n) then return ${outputsOf(r.doc)} end return false end`);
    // sub-conditions
    lines.push("local __leaves = {}");
    for (const r of rules) {
      lines.push(`__leaves[${r.index}] = { ${r.leaves.map((l) => `function(_ENV) return (${l}\n) end`).join(", ")} }`);
    }
    // the rules lowered code leaves to the VM (scores are summed afterwards, in rule order);
    // last, so that the lines of the functions above (in error messages) do not move
    const restRules = this.restRules;
    if (restRules !== undefined) {
      lines.push("local function __rest(_ENV)");
      if (hoisted.length > 0) lines.push(`  local ${hoisted.join(", ")} = ${hoisted.join(", ")}`);
      lines.push(`  local __m, ${bitsVars.join(", ")} = false, ${bitsVars.map(() => "0").join(", ")}`);
      for (const r of rules) {
        if (!restRules.has(r)) continue;
        const out = outputsOf(r.doc);
        let body = `__b${r.word} = __b${r.word} | ${r.bit}`;
        if (out !== "true") body += ` if not __m then __m = {} end __m[${r.index}] = ${out}`;
        lines.push(`  if (${r.doc.when}\n) then ${body} end`);
      }
      lines.push(`  return ${bitsVars.join(", ")}, __m`, "end", "");
    }
    lines.push(`return __all, __one, __leaves${this.restRules !== undefined ? ", __rest" : ""}`);
    return lines.join("\n");
  }

  /** Global names the conditions read, most used first (at most 100: registers are few). */
  private hoistedNames(): string[] {
    const counts = new Map<string, number>();
    for (const r of this.rules) {
      for (const n of namesRead(r.doc.when)) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return [...counts.entries()]
      .filter(([n]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && !n.startsWith("__") && n !== "_ENV" && !LUA_KEYWORDS.has(n))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 100)
      .map(([n]) => n);
  }

  /** The environment of one record: its fields (lazily) over the frozen globals, and `fact`. */
  private env(record: object): LuaTable {
    const env = new LuaTable();
    env.base = new JsonFields(record, this.globals);
    if (this.readsFact) env.initStr("fact", factView(record, new JsonFields(record)));
    return env;
  }

  /** Evaluate every rule (per the mode) against one record. Never throws for a bad record. */
  evaluate(record: unknown, opts: EvaluateRecordOptions = {}): RecordResult {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      return { valid: false, problems: [{ path: "/", message: "a record must be a JSON object" }], rules: [], matched: [] };
    }
    if (this.validateFacts !== undefined && !this.validateFacts(record)) {
      return { valid: false, problems: ajvProblems(this.validateFacts.errors), rules: [], matched: [] };
    }
    const explain = opts.explain !== false;
    let env: LuaTable | undefined; // made when the VM is needed
    const envOf = (): LuaTable => (env ??= this.env(record));
    let fast: LuaValue[] | undefined;
    if (this.lowered !== undefined && fitsBudget(this.perRecord, this.loweredSteps, this.loweredDepth)) {
      const v = tryLowered(this.lowered as unknown as LoweredFn, record, undefined) as LuaValue[] | typeof BAILED;
      if (v !== BAILED) fast = this.restRules === undefined ? v : this.withRest(v, envOf());
    }
    if (fast === undefined) {
      try {
        fast = this.vm.callRaw(this.fastFn, [envOf()], this.perRecord);
      } catch (e) {
        if (!(e instanceof LuaError)) throw e;
        fast = undefined; // some rule failed: run them one by one to find which
      }
    }
    const results: RuleResult[] = [];
    const matched: string[] = [];
    let score = 0;
    if (fast !== undefined) {
      const words = this.words;
      const m = fast[words];
      for (const r of this.rules) {
        if (((fast[r.word] as number) & r.bit) !== 0) {
          results.push(this.matchedResult(r, m instanceof LuaTable ? m.getInt(r.index) : true));
          matched.push(r.doc.id);
          if (this.mode === "first") break;
        } else results.push(explain ? this.explained(r, record, envOf) : r.miss);
      }
      if (this.mode === "scored") score = Number(this.vm.valueToJS(fast[words + 1]) ?? 0);
    } else {
      for (const r of this.rules) {
        const one = this.oneFns.getInt(r.index);
        let v: LuaValue;
        try {
          v = this.vm.callRaw(one, [this.env(record)], this.perRule)[0];
        } catch (e) {
          if (!(e instanceof LuaError)) throw e;
          results.push({ id: r.doc.id, matched: false, error: { kind: e.kind, message: e.message } });
          continue;
        }
        if (v !== undefined && v !== false) {
          results.push(this.matchedResult(r, v));
          matched.push(r.doc.id);
          score += r.doc.score ?? 0;
          if (this.mode === "first") break;
        } else results.push(explain ? this.explained(r, record, envOf) : r.miss);
      }
    }
    const out: RecordResult = { valid: true, rules: results, matched };
    if (this.mode === "scored") out.score = score;
    return out;
  }

  private matchedResult(r: CompiledRule, v: LuaValue): RuleResult {
    if (!(v instanceof LuaTable)) return r.hit;
    const res: RuleResult = { id: r.doc.id, matched: true };
    {
      const o = this.vm.valueToJS(v);
      if (o !== null && typeof o === "object" && !Array.isArray(o)) res.outputs = o as Record<string, unknown>;
      else res.outputs = { value: o };
    }
    return res;
  }

  /** A non-matching rule with the sub-conditions that decided it. */
  private explained(r: CompiledRule, record: object, envOf: () => LuaTable): RuleResult {
    const fns = this.leafFns.getInt(r.index) as LuaTable;
    const because: Explanation[] = [];
    // evaluation order: `and` stops at its first falsy part; `or` explains each falsy part
    const walk = (c: Cond): boolean => {
      if ("leaf" in c) {
        let v: LuaValue | typeof BAILED = BAILED;
        const lowered = r.leafLowered?.[c.i - 1];
        if (lowered?.fn !== undefined && fitsBudget(this.perRule, lowered.steps, lowered.depth)) v = tryLowered(lowered.fn, record, undefined);
        try {
          if (v === BAILED) v = this.vm.callRaw(fns.getInt(c.i), [envOf()], this.perRule)[0];
        } catch (e) {
          if (!(e instanceof LuaError)) throw e;
          because.push({ condition: c.leaf, value: `error: ${e.message}` });
          return false;
        }
        const truthy = v !== undefined && v !== false;
        if (!truthy) because.push({ condition: c.leaf, value: this.vm.valueToJS(v) ?? null });
        return truthy;
      }
      if (c.op === "and") {
        for (const p of c.parts) if (!walk(p)) return false;
        return true;
      }
      const mark = because.length;
      for (const p of c.parts) {
        if (walk(p)) {
          because.length = mark;
          return true;
        }
      }
      return false;
    };
    walk(r.cond);
    return { id: r.doc.id, matched: false, because };
  }
}

export { SCHEMA as RULESET_SCHEMA };
