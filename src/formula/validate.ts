// Validation and completion for formulas as users type them: syntax errors with ranges (all
// the parser can recover past), unknown names against the facts' JSON Schema and the function
// catalogue (with "did you mean"), wrong arity or argument types against the function
// metadata, and type mismatches the schema reveals. Works on the AST; never runs the formula.

import type * as AST from "../vm/ast.js";
import { toByteString } from "../vm/bytes.js";
import { diagnose, type Diagnostic } from "../vm/diagnose.js";
import { byteColumnToIndex, splitLines } from "../vm/error-format.js";
import { parse } from "../vm/parser.js";

/** The metadata of a formula function that validation and completion need. */
/** A type name ("number", "string", "date", …) or a choice of them. */
export type TypeSpec = string | readonly string[];

export interface FunctionSignature {
  readonly name: string;
  readonly signature: {
    readonly params: readonly { readonly name: string; readonly type: TypeSpec; readonly optional?: boolean; readonly variadic?: boolean }[];
    readonly returns: TypeSpec;
  };
  readonly description?: string;
}

function typeText(t: TypeSpec): string {
  return typeof t === "string" ? t : t.join(" or ");
}

/** The subset of JSON Schema used to describe facts. */
export interface JsonSchema {
  type?: string | readonly string[];
  properties?: Readonly<Record<string, JsonSchema>>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  description?: string;
  enum?: readonly unknown[];
  $ref?: string;
  $defs?: Readonly<Record<string, JsonSchema>>;
  definitions?: Readonly<Record<string, JsonSchema>>;
}

export interface ValidateOptions {
  /** JSON Schema of the facts object (its properties are the formula's globals). */
  facts?: JsonSchema;
  /** The function catalogue (e.g. FORMULA_FUNCTIONS). */
  functions?: readonly FunctionSignature[];
  /** Further global names the formula may read. */
  globals?: readonly string[];
}

/** Lua globals a formula may always use (the sandbox's base library and libraries). */
const LUA_GLOBALS = new Set([
  "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen",
  "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall", "_G", "_VERSION",
  "string", "table", "math", "utf8", "fact",
]);

const ARITH = new Set(["+", "-", "*", "/", "%", "^", "//"]);
const ORDER = new Set(["<", "<=", ">", ">="]);

/** Edit distance (Levenshtein), bounded: stops early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < best) best = cur[j]!;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate within a small edit distance, if any. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const max = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    const d = distance(name, c, max);
    if (d < bestD || (d === bestD && best !== undefined && c.length < best.length)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= max ? best : undefined;
}

/** Resolve a local $ref ("#/$defs/x", "#/definitions/x"). */
function deref(s: JsonSchema | undefined, root: JsonSchema | undefined): JsonSchema | undefined {
  for (let guard = 0; s?.$ref !== undefined && guard < 20; guard++) {
    const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(s.$ref);
    if (!m || !root) return undefined;
    s = (m[1] === "$defs" ? root.$defs : root.definitions)?.[m[2]!];
  }
  return s;
}

/** The formula-level type of a schema: number, integer, string, boolean, list, record, or undefined. */
function schemaType(s: JsonSchema | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = Array.isArray(s.type) ? (s.type as string[]).filter((x) => x !== "null") : s.type;
  const one = Array.isArray(t) ? (t.length === 1 ? t[0] : undefined) : t;
  switch (one) {
    case "number": return "number";
    case "integer": return "integer";
    case "string": return "string";
    case "boolean": return "boolean";
    case "array": return "list";
    case "object": return "record";
    default: return undefined;
  }
}

function isNumeric(t: string | undefined): boolean {
  return t === "number" || t === "integer";
}

/** Whether a value of type `actual` can go where `expected` is declared (unknown: yes). */
function compatible(expected: TypeSpec, actual: string | undefined): boolean {
  if (typeof expected !== "string") return expected.some((t) => compatible(t, actual));
  if (actual === undefined || expected === "any") return true;
  if (expected === "number") return isNumeric(actual);
  if (expected === "integer") return actual === "integer" || actual === "number";
  if (expected === "date") return actual === "string" || actual === "date";
  if (expected === "string") return actual === "string" || isNumeric(actual) || actual === "date";
  return expected === actual;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** Where a parsed (byte) position of the compiled text lands in the formula as written. */
class Positions {
  private readonly lines: string[];

  constructor(source: string, private readonly shift: number) {
    this.lines = splitLines(source);
  }

  /** A 1-based UTF-16 column for a byte column on `line`. */
  col(line: number, byteCol: number): number {
    const b = line === 1 ? byteCol - this.shift : byteCol;
    const text = this.lines[line - 1] ?? "";
    return byteColumnToIndex(text, Math.max(1, b)) + 1;
  }

  range(line: number, byteCol: number, byteLen: number): { line: number; column: number; endLine: number; endColumn: number } {
    const column = this.col(line, byteCol);
    return { line, column, endLine: line, endColumn: this.col(line, byteCol + byteLen) };
  }
}

/** Compile-level choice of how a formula reads: "return <expr>" or a block. */
function chooseText(source: string): { text: string; shift: number; diagnostics: Diagnostic[] } {
  const asExpr = diagnose("return " + source, "formula");
  if (asExpr.length === 0) return { text: "return " + source, shift: 7, diagnostics: [] };
  const asBlock = diagnose(source, "formula");
  if (asBlock.length === 0) return { text: source, shift: 0, diagnostics: [] };
  const statementLike = /^\s*(local|if|for|while|repeat|return|function|do|goto|::)\b|^\s*[\w.]+\s*=[^=]/.test(source);
  if (statementLike) return { text: source, shift: 0, diagnostics: asBlock };
  // shift expression-mode diagnostics back onto the formula as written (UTF-16 columns here)
  const shifted = asExpr.map((d) => ({
    ...d,
    column: d.line === 1 ? Math.max(1, d.column - 7) : d.column,
    endColumn: d.endLine === 1 ? Math.max(1, d.endColumn - 7) : d.endColumn,
  }));
  return { text: "return " + source, shift: 7, diagnostics: shifted };
}

/**
 * Diagnostics for a formula (empty when it is fine): syntax errors with ranges, then names,
 * functions, arity and types checked against the facts schema and the function catalogue.
 */
export function validateFormula(source: string, opts: ValidateOptions = {}): Diagnostic[] {
  const { text, shift, diagnostics } = chooseText(source);
  if (diagnostics.length > 0) return diagnostics;
  const chunk = parse(toByteString(text), "formula").body;
  const checker = new Checker(new Positions(source, shift), opts);
  checker.block(chunk);
  return checker.out.sort((a, b) => a.line - b.line || a.column - b.column);
}

class Checker {
  readonly out: Diagnostic[] = [];
  private readonly scopes: Set<string>[] = [new Set()];
  private readonly functions = new Map<string, FunctionSignature>();
  private readonly root: JsonSchema | undefined;
  private readonly props: Readonly<Record<string, JsonSchema>>;
  private readonly extra: Set<string>;

  constructor(private readonly pos: Positions, opts: ValidateOptions) {
    for (const f of opts.functions ?? []) this.functions.set(f.name, f);
    this.root = opts.facts;
    this.props = deref(opts.facts, opts.facts)?.properties ?? {};
    this.extra = new Set(opts.globals ?? []);
  }

  private report(severity: "error" | "warning", message: string, line: number, byteCol: number, byteLen: number): void {
    this.out.push({ severity, message, ...this.pos.range(line, byteCol, byteLen) });
  }

  private isLocal(name: string): boolean {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i]!.has(name)) return true;
    return false;
  }

  private declare(name: string): void {
    this.scopes[this.scopes.length - 1]!.add(name);
  }

  block(b: AST.Block, names: readonly string[] = []): void {
    this.scopes.push(new Set(names));
    for (const s of b.stats) this.stat(s);
    this.scopes.pop();
  }

  private stat(s: AST.Stat): void {
    switch (s.kind) {
      case "Local":
        for (const e of s.exprs) this.expr(e);
        for (const n of s.names) this.declare(n);
        return;
      case "Assign":
        for (const e of s.exprs) this.expr(e);
        for (const t of s.targets) {
          if (t.kind === "Name") {
            if (!this.isLocal(t.name)) this.declare(t.name); // a global the formula sets, then reads
          } else this.expr(t);
        }
        return;
      case "CallStat":
        this.expr(s.call);
        return;
      case "Do":
        this.block(s.body);
        return;
      case "While":
        this.expr(s.cond);
        this.block(s.body);
        return;
      case "Repeat":
        this.scopes.push(new Set());
        for (const st of s.body.stats) this.stat(st);
        this.expr(s.cond);
        this.scopes.pop();
        return;
      case "If":
        for (const c of s.clauses) {
          this.expr(c.cond);
          this.block(c.body);
        }
        if (s.orelse) this.block(s.orelse);
        return;
      case "NumericFor":
        this.expr(s.start);
        this.expr(s.limit);
        if (s.step) this.expr(s.step);
        this.block(s.body, [s.var]);
        return;
      case "GenericFor":
        for (const e of s.exprs) this.expr(e);
        this.block(s.body, s.names);
        return;
      case "FunctionStat":
        if (s.target.kind === "Name" && !this.isLocal(s.target.name)) this.declare(s.target.name);
        this.expr(s.func);
        return;
      case "LocalFunction":
        this.declare(s.name);
        this.expr(s.func);
        return;
      case "Return":
        for (const e of s.exprs) this.expr(e);
        return;
      default:
        return;
    }
  }

  /** Check an expression; returns its type where it is known. */
  expr(e: AST.Expr): string | undefined {
    switch (e.kind) {
      case "Number":
        return typeof e.value === "number" && Number.isInteger(e.value) ? "integer" : typeof e.value === "bigint" ? "integer" : "number";
      case "String":
        return "string";
      case "True":
      case "False":
        return "boolean";
      case "Name":
        return this.name(e);
      case "Index":
        return this.index(e);
      case "Call":
        return this.call(e);
      case "MethodCall":
        this.expr(e.obj);
        for (const a of e.args) this.expr(a);
        return undefined;
      case "Function":
        this.block(e.body, e.params);
        return "function";
      case "Table":
        for (const it of e.items) {
          if (it.kind === "KeyedItem") this.expr(it.key);
          this.expr(it.value);
        }
        return "record";
      case "Binary":
        return this.binary(e);
      case "Unary": {
        const t = this.expr(e.operand);
        if (e.op === "-" && t !== undefined && !isNumeric(t)) this.report("error", `'-' needs a number, got ${article(t)}`, e.line, e.col, 1);
        return e.op === "not" ? "boolean" : e.op === "#" ? "integer" : t;
      }
      case "Paren":
        return this.expr(e.expr);
      default:
        return undefined;
    }
  }

  private name(e: AST.NameExpr): string | undefined {
    const n = e.name;
    if (this.isLocal(n)) return undefined;
    const prop = this.props[n];
    if (prop !== undefined) return schemaType(deref(prop, this.root));
    if (this.functions.has(n) || LUA_GLOBALS.has(n) || this.extra.has(n)) return undefined;
    const suggestion = didYouMean(n, [...Object.keys(this.props), ...this.functions.keys(), ...this.extra]);
    this.report("error", `unknown name '${n}'${suggestion ? ` — did you mean '${suggestion}'?` : ""}`, e.line, e.col, toByteString(n).length);
    return undefined;
  }

  /** The schema of an expression that reads facts (`price`, `fact.customer`, `customer.address`), if known. */
  private schemaOf(e: AST.Expr): JsonSchema | undefined {
    if (e.kind === "Name") {
      if (this.isLocal(e.name)) return undefined;
      if (e.name === "fact") return deref(this.root, this.root);
      return deref(this.props[e.name], this.root);
    }
    if (e.kind === "Index" && e.key.kind === "String") {
      const parent = this.schemaOf(e.obj);
      return deref(parent?.properties?.[e.key.value], this.root);
    }
    if (e.kind === "Index") {
      const parent = this.schemaOf(e.obj);
      return parent?.items ? deref(parent.items, this.root) : undefined;
    }
    return undefined;
  }

  private index(e: AST.IndexExpr): string | undefined {
    this.expr(e.obj);
    if (e.key.kind !== "String") {
      this.expr(e.key);
      return schemaType(this.schemaOf(e));
    }
    const parent = this.schemaOf(e.obj);
    if (parent?.properties !== undefined) {
      const field = e.key.value;
      if (parent.properties[field] === undefined) {
        const closed = parent.additionalProperties === false;
        const suggestion = didYouMean(field, Object.keys(parent.properties));
        // e.line/e.col point at the '.': the field name follows it
        this.report(closed ? "error" : "warning", `unknown field '${field}'${suggestion ? ` — did you mean '${suggestion}'?` : ""}`, e.key.line, e.key.col, toByteString(field).length);
        return undefined;
      }
      return schemaType(deref(parent.properties[field], this.root));
    }
    return undefined;
  }

  private call(e: AST.CallExpr): string | undefined {
    const argTypes = e.args.map((a) => this.expr(a));
    if (e.fn.kind !== "Name" || this.isLocal(e.fn.name)) {
      this.expr(e.fn);
      return undefined;
    }
    const name = e.fn.name;
    const f = this.functions.get(name);
    if (f === undefined) {
      if (LUA_GLOBALS.has(name) || this.extra.has(name)) return undefined;
      if (this.props[name] !== undefined) {
        this.report("error", `'${name}' is a field of the facts, not a function`, e.fn.line, e.fn.col, toByteString(name).length);
        return undefined;
      }
      const suggestion = didYouMean(name, this.functions.keys());
      this.report("error", `unknown function '${name}'${suggestion ? ` — did you mean '${suggestion}'?` : ""}`, e.fn.line, e.fn.col, toByteString(name).length);
      return undefined;
    }
    const params = f.signature.params;
    const variadic = params.some((p) => p.variadic);
    const min = params.filter((p) => !p.optional && !p.variadic).length;
    const max = variadic ? Infinity : params.length;
    const last = e.args[e.args.length - 1];
    const openEnded = last !== undefined && (last.kind === "Call" || last.kind === "MethodCall" || last.kind === "Vararg");
    const n = e.args.length;
    const nameLen = toByteString(name).length;
    if (n < min && !openEnded) {
      this.report("error", `${name} needs ${min === max ? "" : "at least "}${min} argument${min === 1 ? "" : "s"}, got ${n}`, e.fn.line, e.fn.col, nameLen);
    } else if (n > max) {
      this.report("error", `${name} takes at most ${max} argument${max === 1 ? "" : "s"}, got ${n}`, e.fn.line, e.fn.col, nameLen);
    }
    for (let i = 0; i < n; i++) {
      const p = i < params.length ? params[i]! : params.find((q) => q.variadic);
      const t = argTypes[i];
      if (p === undefined || t === undefined || compatible(p.type, t)) continue;
      const a = e.args[i]!;
      this.report("error", `argument #${i + 1} of ${name} ('${p.name}') must be ${article(typeText(p.type))}, got ${article(t)}`, a.line, a.col, 1);
    }
    const ret = f.signature.returns;
    return typeof ret === "string" && ret !== "any" ? ret : undefined;
  }

  private binary(e: AST.BinaryExpr): string | undefined {
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    if (ARITH.has(e.op)) {
      for (const [t, side] of [[l, e.left], [r, e.right]] as const) {
        if (t !== undefined && !isNumeric(t)) {
          this.report("error", `arithmetic on ${article(t)} ('${e.op}' needs numbers)`, side.line, side.col, 1);
        }
      }
      return e.op === "/" || e.op === "^" ? "number" : l === "integer" && r === "integer" ? "integer" : "number";
    }
    if (ORDER.has(e.op)) {
      if (l !== undefined && r !== undefined && isNumeric(l) !== isNumeric(r)) {
        this.report("error", `comparing ${article(l)} with ${article(r)}`, e.line, e.col, e.op.length);
      }
      return "boolean";
    }
    if (e.op === "..") return "string";
    if (e.op === "==" || e.op === "~=") return "boolean";
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Completion

export interface CompletionItem {
  label: string;
  kind: "field" | "function" | "variable" | "keyword";
  /** A type ("number") or a signature ("ROUND(x, digits?) → number"). */
  detail?: string;
  documentation?: string;
  /** Text to insert (a function gets its opening parenthesis). */
  insertText: string;
  /** The range the completion replaces: the word being typed (1-based UTF-16 columns). */
  range: { line: number; column: number; endColumn: number };
}

const KEYWORDS = ["and", "or", "not", "nil", "true", "false", "if", "then", "else", "elseif", "end", "local", "return", "for", "in", "do", "while", "function"];

function signatureText(f: FunctionSignature): string {
  const ps = f.signature.params.map((p) => (p.variadic ? `...${p.name}` : p.optional ? `${p.name}?` : p.name));
  return `${f.name}(${ps.join(", ")}) → ${typeText(f.signature.returns)}`;
}

/**
 * Completion candidates at a position (1-based line, and column of the cursor in UTF-16
 * units: the cursor sits before that column): fields of the facts (following `a.b.` paths
 * through the schema), functions with their signatures, and keywords, matching the word
 * being typed (case-insensitive prefix), best first.
 */
export function completeFormula(source: string, position: { line: number; column: number }, opts: ValidateOptions = {}): CompletionItem[] {
  const lineText = splitLines(source)[position.line - 1] ?? "";
  const cursor = Math.min(Math.max(0, position.column - 1), lineText.length);
  let start = cursor;
  while (start > 0 && /[\w]/.test(lineText[start - 1]!)) start--;
  const prefix = lineText.slice(start, cursor);
  const range = { line: position.line, column: start + 1, endColumn: cursor + 1 };
  const root = opts.facts;
  const matchesPrefix = (label: string): boolean => label.toLowerCase().startsWith(prefix.toLowerCase());
  const rank = (label: string): number => (label.startsWith(prefix) ? 0 : 1);
  const fieldItems = (props: Readonly<Record<string, JsonSchema>> | undefined): CompletionItem[] =>
    Object.entries(props ?? {})
      .filter(([k]) => matchesPrefix(k))
      .map(([k, s]) => {
        const t = schemaType(deref(s, root));
        const item: CompletionItem = { label: k, kind: "field", insertText: k, range };
        if (t !== undefined) item.detail = t;
        const doc = deref(s, root)?.description;
        if (doc !== undefined) item.documentation = doc;
        return item;
      });

  // after "a.b." : the fields of that path
  if (start > 0 && lineText[start - 1] === ".") {
    const m = /([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*)\s*\.$/.exec(lineText.slice(0, start));
    if (!m) return [];
    const path = m[1]!.split(".").map((x) => x.trim());
    let schema: JsonSchema | undefined = path[0] === "fact" ? deref(root, root) : deref(deref(root, root)?.properties?.[path[0]!], root);
    for (const part of path.slice(1)) schema = deref(schema?.properties?.[part], root);
    return fieldItems(schema?.properties).sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label));
  }
  const items: CompletionItem[] = [...fieldItems(deref(root, root)?.properties)];
  for (const f of opts.functions ?? []) {
    if (!matchesPrefix(f.name)) continue;
    const item: CompletionItem = { label: f.name, kind: "function", detail: signatureText(f), insertText: f.name + "(", range };
    if (f.description !== undefined) item.documentation = f.description;
    items.push(item);
  }
  for (const g of opts.globals ?? []) if (matchesPrefix(g)) items.push({ label: g, kind: "variable", insertText: g, range });
  if (prefix.length > 0) for (const k of KEYWORDS) if (k.startsWith(prefix)) items.push({ label: k, kind: "keyword", insertText: k, range });
  const kindOrder = { field: 0, function: 1, variable: 2, keyword: 3 } as const;
  return items.sort((a, b) => rank(a.label) - rank(b.label) || kindOrder[a.kind] - kindOrder[b.kind] || a.label.localeCompare(b.label));
}
