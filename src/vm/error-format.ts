// Rendering errors for people: source snippets with a gutter and a caret under the offending
// token, and one-line hints for the mistakes people make most (LuaError.format, moonrule check).
//
// Everything here is defensive: it formats untrusted source and messages, must never throw
// (callers still wrap it), and never lets a control character from a script reach a terminal.

import { toByteString } from "./bytes.js";
import type { Diagnostic } from "./diagnose.js";
import { compileSource } from "./load.js";

// ---------------------------------------------------------------------------------------------
// Text helpers

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Display text for a string that may be a Lua byte string (one char per byte, UTF-8 inside) or
 * already JS text. A string with a char above 0xFF, or whose chars are not valid UTF-8 bytes
 * (JS text such as "héllo"), is JS text and stays as it is; a valid UTF-8 byte string with
 * bytes above 0x7F is decoded. (A UTF-8 byte string that is also sensible Latin-1 text, like
 * "Ã©", is decoded: Lua sources and messages are UTF-8 far more often than mojibake.)
 */
export function displayText(s: string): string {
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return s;
    if (c > 0x7f) high = true;
  }
  if (!high) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  try {
    return utf8.decode(bytes);
  } catch {
    return s;
  }
}

/** Lines as Lua counts them: "\n", "\r", "\r\n" and "\n\r" each end one line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n\r|\r|\n/);
}

/** UTF-8 length of a piece of JS text. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A 1-based byte column of a line's UTF-8 encoding as a 0-based index into the JS text. */
export function byteColumnToIndex(line: string, column: number): number {
  const target = Math.max(0, column - 1);
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < target) {
    const before = i;
    const c = line.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < line.length && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    bytes += utf8Length(line.slice(before, i));
  }
  return i + Math.max(0, target - bytes);
}

/** Control characters (except tab and newline) as Lua-style decimal escapes: no script may
 *  drive the terminal through an error message. */
export function sanitize(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\${c.charCodeAt(0)}`);
}

// ---------------------------------------------------------------------------------------------
// Tokens

const isIdStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isIdStart(c) || isDigit(c);

const OPS3 = ["..."];
const OPS2 = ["..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::"];

/**
 * End (exclusive index) of the Lua token starting at index i of a source line: a name, a
 * numeral, a string literal (to its closing quote or the end of the line), a long bracket, an
 * operator or a single punctuation character. Past the end of the line: i + 1 (a caret at <eof>).
 */
export function tokenEnd(s: string, i: number): number {
  if (i < 0) return 1;
  if (i >= s.length) return i + 1;
  const c = s.charCodeAt(i);
  if (isIdStart(c)) {
    let j = i + 1;
    while (j < s.length && isAlnum(s.charCodeAt(j))) j++;
    return j;
  }
  if (isDigit(c) || (c === 46 && i + 1 < s.length && isDigit(s.charCodeAt(i + 1)))) {
    // lua's read_numeral: alphanumerics and dots, a sign right after an exponent mark
    const hex = c === 48 && (s[i + 1] === "x" || s[i + 1] === "X");
    let j = i + 1;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (isAlnum(d) || d === 46) j++;
      else if ((d === 43 || d === 45) && /[eEpP]/.test(s[j - 1]!) && (hex ? /[pP]/.test(s[j - 1]!) : /[eE]/.test(s[j - 1]!))) j++;
      else break;
    }
    return j;
  }
  if (c === 34 || c === 39) {
    let j = i + 1;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (d === 92) j += 2;
      else if (d === c) return j + 1;
      else j++;
    }
    return s.length;
  }
  if (c === 91) {
    const m = /^\[(=*)\[/.exec(s.slice(i));
    if (m) {
      const close = s.indexOf(`]${m[1]}]`, i + m[0].length);
      return close < 0 ? s.length : close + m[1]!.length + 2;
    }
  }
  for (const op of OPS3) if (s.startsWith(op, i)) return i + op.length;
  for (const op of OPS2) if (s.startsWith(op, i)) return i + op.length;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) return i + 2;
  return i + 1;
}

/**
 * The end of an underline for a diagnostic range [start, end) on one line: a range of at most
 * one character is widened to the whole token it starts (diagnostics may mark only a point).
 */
export function underlineEnd(lineText: string, start: number, end: number): number {
  return end - start <= 1 ? Math.max(end, tokenEnd(lineText, start)) : end;
}

// ---------------------------------------------------------------------------------------------
// Snippets

export const TAB_WIDTH = 4;

const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", cyan: "\x1b[36m" } as const;

export function paint(color: boolean, codes: string, s: string): string {
  return color && s !== "" ? `${codes}${s}${ANSI.reset}` : s;
}
export const STYLE = {
  header: ANSI.bold + ANSI.red,
  message: ANSI.bold,
  gutter: ANSI.cyan,
  caret: ANSI.bold + ANSI.red,
  hint: ANSI.bold + ANSI.cyan,
  trace: ANSI.dim,
} as const;

/** Columns a code point takes in a terminal: 0 for combining marks, 2 for wide (CJK, emoji). */
export function charWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x20e3) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x1fa70 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

/**
 * A line as display cells, one per terminal column: tabs expanded to TAB_WIDTH spaces, control
 * characters and lone surrogates shown as U+FFFD, a wide character followed by an empty cell,
 * combining marks joined to the cell before. colOf maps each UTF-16 index to its first cell.
 */
function cells(line: string): { cells: string[]; colOf: number[] } {
  const out: string[] = [];
  const colOf: number[] = new Array<number>(line.length + 1);
  for (let i = 0; i < line.length; i++) {
    colOf[i] = out.length;
    const c = line.charCodeAt(i);
    if (c === 9) {
      for (let k = 0; k < TAB_WIDTH; k++) out.push(" ");
      continue;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x2028 || c === 0x2029) {
      out.push("\ufffd");
      continue;
    }
    let cp = c;
    let text = line[i]!;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < line.length && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      cp = line.codePointAt(i)!;
      text = line.slice(i, i + 2);
      colOf[i + 1] = out.length;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out.push("\ufffd");
      continue;
    }
    const w = charWidth(cp);
    if (w === 0 && out.length > 0) {
      out[out.length - 1] += text;
      colOf[i] = out.length - 1;
    } else if (w === 2) out.push(text, "");
    else out.push(text);
  }
  colOf[line.length] = out.length;
  return { cells: out, colOf };
}

/** Longest source line shown; longer lines are cut to a window around the caret. */
const MAX_WIDTH = 120;

export interface SnippetRange {
  /** 1-based line of the fault. */
  line: number;
  /** 0-based index into that line's text where the underline starts; undefined: no caret. */
  start?: number;
  /** Exclusive end index (on the same line); at least start + 1. */
  end?: number;
}

/**
 * The source lines around a range with a line-number gutter ("> " marks the faulting line) and
 * a caret line under the range: `^` then `~` for the rest of the token. Empty when the line is
 * not in the source.
 */
export function renderSnippet(lines: readonly string[], range: SnippetRange, opts: { color?: boolean; context?: number } = {}): string[] {
  const color = opts.color === true;
  const ctx = Number.isFinite(opts.context) ? Math.max(0, Math.min(50, Math.floor(opts.context!))) : 1;
  const ln = range.line;
  if (!Number.isInteger(ln) || ln < 1 || ln > lines.length) return [];
  const first = Math.max(1, ln - ctx);
  let last = Math.min(lines.length, ln + ctx);
  while (last > ln && lines[last - 1]!.trim() === "") last--; // no blank context at the end
  const width = String(last).length;
  const gutter = (mark: string, num: string): string => paint(color, STYLE.gutter, `${mark} ${num.padStart(width)} |`);

  const errCells = cells(lines[ln - 1]!);
  // the window of columns shown: the whole line, or MAX_WIDTH columns around the caret
  let from = 0;
  let startCol: number | undefined;
  let endCol: number | undefined;
  if (range.start !== undefined) {
    const s = Math.max(0, range.start);
    const e = Math.max(s + 1, range.end ?? s + 1);
    const n = errCells.cells.length;
    startCol = s <= lines[ln - 1]!.length ? errCells.colOf[s]! : n + (s - lines[ln - 1]!.length);
    endCol = e <= lines[ln - 1]!.length ? errCells.colOf[e]! : startCol + (e - s);
    if (endCol <= startCol) endCol = startCol + 1;
    if (startCol > MAX_WIDTH - 20) from = Math.max(0, startCol - 40);
  }
  const show = (line: string): string => {
    const c = line === lines[ln - 1] ? errCells : cells(line);
    let seg = c.cells.slice(from, from + MAX_WIDTH).join("");
    if (from > 0) seg = "…" + seg;
    if (c.cells.length > from + MAX_WIDTH) seg += "…";
    return seg.replace(/\s+$/, "");
  };

  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const text = show(lines[i - 1]!);
    out.push(gutter(i === ln ? ">" : " ", String(i)) + (text === "" ? "" : " " + text));
    if (i === ln && startCol !== undefined && endCol !== undefined) {
      const pad = startCol - from + (from > 0 ? 1 : 0);
      const len = Math.min(endCol - startCol, MAX_WIDTH - Math.max(0, startCol - from) + 1);
      const caret = "^" + "~".repeat(Math.max(0, len - 1));
      out.push(gutter(" ", "") + " " + " ".repeat(Math.max(0, pad)) + paint(color, STYLE.caret, caret));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hints

/** What a hint may look at: the message, and where known the faulting line and position. */
export interface HintContext {
  kind: string;
  /** The message (with or without its "chunk:line:" prefix). */
  message: string;
  /** The faulting line's text and the 0-based index of the token there. */
  lineText?: string;
  index?: number;
  /** The whole chunk (JS text), for checks that recompile it. */
  source?: string;
  /** Lines before the fault (JS text), for hints about earlier tokens. */
  before?: string;
}

/** Sources longer than this are not recompiled for the `return` hint. */
const RECOMPILE_MAX = 64 * 1024;

const COMPOUND = ["//", "..", "<<", ">>", "+", "-", "*", "/", "%", "^", "&", "|"];

/** A one-line hint for a common mistake, or undefined. Never throws. */
export function hintFor(ctx: HintContext): string | undefined {
  try {
    if (ctx.kind === "syntax") return syntaxHint(ctx);
    if (ctx.kind === "runtime") return runtimeHint(ctx);
    if (ctx.kind === "limit") return limitHint(ctx.message);
  } catch {
    // a hint is a nicety
  }
  return undefined;
}

function syntaxHint(ctx: HintContext): string | undefined {
  const msg = ctx.message;
  const line = ctx.lineText;
  const i = ctx.index;
  const at = (s: string, k = 0): boolean => line !== undefined && i !== undefined && line.startsWith(s, i + k);
  const prev = line !== undefined && i !== undefined && i > 0 ? line[i - 1] : undefined;

  if (/near '='$/.test(msg)) {
    const lead = line !== undefined && i !== undefined ? line.slice(0, i) : "";
    if (/'(then|do|\))' expected near '='$/.test(msg) || /\b(if|elseif|while|until)\b/.test(lead)) {
      return "use '==' to compare ('=' assigns)";
    }
  }
  if (/near '!'$/.test(msg)) return at("!=") ? "use '~=' for not-equal" : "use 'not' for negation";
  if (/near '>'$/.test(msg) && prev === "<") return "use '~=' for not-equal";
  if (/near '&'$/.test(msg) && (at("&&") || prev === "&")) return "use 'and' instead of '&&'";
  if (/near '\|'$/.test(msg) && (at("||") || prev === "|")) return "use 'or' instead of '||'";
  if (/near '<'$/.test(msg) && line !== undefined && i !== undefined) {
    const m = /^<\s*(const|close)\s*>/.exec(line.slice(i));
    if (m) return `<${m[1]}> is Lua 5.4; moonrule runs Lua 5.3 (drop the attribute)`;
  }
  if (/syntax error near '(\/\/|\.\.|<<|>>|[-+*/%^&|])'$/.test(msg) && line !== undefined && i !== undefined) {
    for (const op of COMPOUND) {
      if (!line.startsWith(op, i)) continue;
      const after = line.slice(i + op.length);
      const target = /([A-Za-z_][\w.]*)\s*$/.exec(line.slice(0, i))?.[1] ?? "x";
      if (after.startsWith("=")) {
        let rhs = after.slice(1).replace(/--.*$/, "").trim().replace(/;$/, "");
        if (rhs === "" || rhs.length > 30) rhs = "…";
        return `Lua has no '${op}=': write \`${target} = ${target} ${op} ${rhs}\``;
      }
      if ((op === "+" || op === "-") && after.startsWith(op)) {
        return `Lua has no '${op}${op}': write \`${target} = ${target} ${op} 1\``;
      }
      break;
    }
  }
  const close = /'([^']+)' expected \(to close '([^']+)' at line (\d+)\)/.exec(msg);
  if (close) return `the '${close[2]}' at line ${close[3]} needs a closing '${close[1]}'`;
  if (/unfinished string/.test(msg)) return "a quoted string ends on its own line; use [[ … ]] for text over several lines";
  if (/unfinished long (string|comment)/.test(msg)) return "a long bracket '[[' (or '[==[') needs a matching ']]' (or ']==]')";
  if (/function arguments expected/.test(msg)) return "a method call needs its parentheses: `obj:name(…)`";
  if (/<eof> expected near 'end'$/.test(msg)) return "this 'end' closes nothing — one 'end' too many?";
  if (/<eof> expected near '(else|elseif)'$/.test(msg)) return "this 'else' belongs to no 'if' — an 'end' too early?";
  if (/(<eof>|'end'|'until') expected near/.test(msg)) {
    const prefix = line !== undefined && i !== undefined ? line.slice(0, i) : "";
    const recent = `${ctx.before ?? ""}\n${prefix}`.split("\n").filter((l) => l.trim() !== "").slice(-2).join("\n");
    if (/\breturn\b/.test(recent)) return "'return' must be the last statement of its block";
  }
  if (/(syntax error|unexpected symbol) near/.test(msg) && ctx.source !== undefined && ctx.source.length <= RECOMPILE_MAX) {
    const src = ctx.source.trim();
    if (src !== "" && !/^return\b/.test(src) && compiles("return " + src)) {
      const firstLine = src.split(/\r\n|\n\r|\r|\n/)[0]!;
      const shown = firstLine === src && firstLine.length <= 40 ? firstLine : firstLine.slice(0, 40).trimEnd() + " …";
      return `did you mean \`return ${shown}\`?`;
    }
  }
  return undefined;
}

function compiles(src: string): boolean {
  try {
    compileSource(toByteString(src), "=hint");
    return true;
  } catch {
    return false;
  }
}

const NAMED = /\((field|global|local|upvalue|method|constant) '([^']*)'\)\s*$/;

function runtimeHint(ctx: HintContext): string | undefined {
  const msg = ctx.message;
  const named = NAMED.exec(msg);
  const what = named?.[1];
  const name = named?.[2];
  const missing = (n: string): string =>
    what === "local" || what === "upvalue" ? `'${n}' is nil here — was it given a value?` : `'${n}' is nil here — is it missing from the facts?`;

  if (/attempt to (perform arithmetic on|index|concatenate) a nil value/.test(msg)) {
    if (name !== undefined) return missing(name);
    return "a value here is nil — is something missing from the facts?";
  }
  if (/attempt to compare (nil with|.* with nil$|two nil values)/.test(msg)) {
    return "one side of the comparison is nil — is a value missing from the facts?";
  }
  if (/attempt to call a nil value/.test(msg) && name !== undefined) {
    if (what === "method") return `the object has no method '${name}'`;
    if (what === "global") return `no function named '${name}' is defined — is the name spelled right?`;
    return missing(name);
  }
  if (/attempt to perform arithmetic on a string value/.test(msg)) {
    const plus = ctx.lineText !== undefined && ctx.index !== undefined && ctx.lineText.startsWith("+", ctx.index);
    if (plus) return "use '..' to join strings ('+' only adds numbers)";
  }
  if (/attempt to concatenate a (table|boolean|function|userdata|thread) value/.test(msg)) {
    return "'..' joins strings and numbers only — convert with tostring(…)";
  }
  if (/stack overflow/.test(msg)) return "a function calls itself without end — a missing base case?";
  return undefined;
}

function limitHint(msg: string): string | undefined {
  if (/instruction limit exceeded/.test(msg)) return "the script used up its instruction budget — an endless loop?";
  if (/memory limit exceeded/.test(msg)) return "the script holds more memory than its budget allows";
  if (/call depth limit exceeded/.test(msg)) return "calls nest deeper than the budget allows — runaway recursion?";
  if (/time limit exceeded/.test(msg)) return "the script ran past its time budget — an endless loop?";
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// LuaError rendering (errors.ts delegates here)

/** The fields of a LuaError this module reads (a structural type: no import cycle on the class). */
export interface ErrorFields {
  kind: string;
  message: string;
  value?: unknown;
  chunkName?: string;
  line?: number;
  column?: number;
  traceback?: string;
  source?: string;
  diagnostics?: readonly Diagnostic[];
}

export interface FormatOptions {
  /** ANSI colours (red header, cyan gutter, red carets, dim traceback). Default false. */
  color?: boolean;
  /** Source lines shown before and after the faulting one. Default 1. */
  context?: number;
}

interface Located {
  lines: string[] | undefined;
  text: string | undefined;
  /** The diagnostic that is this error (syntax errors), if any. */
  primary: Diagnostic | undefined;
  further: Diagnostic[];
  /** Underline on line e.line: 0-based indexes into its text. */
  start: number | undefined;
  end: number | undefined;
  /** Where the VM placed the fault (the operation), for hints: 0-based index into the line. */
  at: number | undefined;
}

function locate(e: ErrorFields): Located {
  const text = typeof e.source === "string" ? displayText(e.source) : undefined;
  const lines = text !== undefined ? splitLines(text) : undefined;
  const diags = Array.isArray(e.diagnostics) ? e.diagnostics.filter(isDiagnostic) : [];
  const d0 = diags[0];
  const primary = d0 !== undefined && (e.line === undefined || d0.line === e.line) ? d0 : undefined;
  const further = primary ? diags.slice(1) : diags;
  let start: number | undefined;
  let end: number | undefined;
  let at: number | undefined;
  const lineText = lines && e.line !== undefined ? lines[e.line - 1] : undefined;
  if (lineText !== undefined) {
    if (primary) {
      start = primary.column - 1;
      end = primary.endLine === primary.line ? underlineEnd(lineText, start, primary.endColumn - 1) : Math.max(lineText.length, start + 1);
    } else if (e.column !== undefined && e.column > 0) {
      start = at = byteColumnToIndex(lineText, e.column);
      end = tokenEnd(lineText, start);
      // the VM points at the operation (the `*` of `price * qtty`); when the message names the
      // variable to blame, underline that name instead — the occurrence nearest the operation
      const blamed = /\((?:global|local|field|upvalue|method|constant) '([^']+)'\)/.exec(displayText(e.message))?.[1];
      if (blamed !== undefined && lineText.slice(start, end) !== blamed) {
        const at = nearestWord(lineText, blamed, start);
        if (at >= 0) {
          start = at;
          end = at + blamed.length;
        }
      }
    }
  }
  return { lines, text, primary, further, start, end, at: at ?? start };
}

/** Index of the whole-word occurrence of `word` in `line` nearest to `near`, or -1. */
function nearestWord(line: string, word: string, near: number): number {
  let best = -1;
  const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\w]/.test(c);
  for (let i = line.indexOf(word); i >= 0; i = line.indexOf(word, i + 1)) {
    if (isWordChar(line[i - 1]) || isWordChar(line[i + word.length])) continue;
    if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}

function isDiagnostic(d: unknown): d is Diagnostic {
  if (typeof d !== "object" || d === null) return false;
  const x = d as Record<string, unknown>;
  return typeof x.message === "string" && Number.isInteger(x.line) && Number.isInteger(x.column) &&
    Number.isInteger(x.endLine) && Number.isInteger(x.endColumn);
}

function hintOf(e: ErrorFields, loc: Located): string | undefined {
  const lineText = loc.lines && e.line !== undefined ? loc.lines[e.line - 1] : undefined;
  const before = loc.lines && e.line !== undefined ? loc.lines.slice(Math.max(0, e.line - 4), e.line - 1).join("\n") : undefined;
  return hintFor({ kind: e.kind, message: displayText(e.message), lineText, index: loc.at, source: loc.text, before });
}

/** LuaError.format: header, snippet with caret, hint, traceback, then further diagnostics. */
export function formatError(e: ErrorFields, opts: FormatOptions = {}): string {
  const color = opts.color === true;
  const loc = locate(e);
  const out: string[] = [];
  out.push(paint(color, STYLE.header, `${e.kind} error:`) + " " + paint(color, STYLE.message, sanitize(displayText(e.message))));
  if (loc.lines && e.line !== undefined) {
    out.push(...renderSnippet(loc.lines, { line: e.line, start: loc.start, end: loc.end }, opts));
  }
  const hint = hintOf(e, loc);
  if (hint !== undefined) out.push(paint(color, STYLE.hint, "hint:") + " " + sanitize(hint));
  if (typeof e.traceback === "string" && e.traceback !== "") {
    out.push(...sanitize(displayText(e.traceback)).split("\n").map((l) => paint(color, STYLE.trace, l)));
  }
  for (const d of loc.further) {
    const where = `${e.chunkName !== undefined ? displayText(e.chunkName) : "line"}:${d.line}: `;
    out.push("");
    out.push(paint(color, STYLE.header, `${d.severity === "warning" ? "warning" : e.kind + " error"}:`) + " " +
      paint(color, STYLE.message, sanitize(where + displayText(d.message))));
    const lineText = loc.lines?.[d.line - 1];
    if (loc.lines && lineText !== undefined) {
      const start = d.column - 1;
      const end = d.endLine === d.line ? underlineEnd(lineText, start, d.endColumn - 1) : Math.max(lineText.length, start + 1);
      out.push(...renderSnippet(loc.lines, { line: d.line, start, end }, { color, context: 0 }));
      const before = loc.lines.slice(Math.max(0, d.line - 4), d.line - 1).join("\n");
      const h = hintFor({ kind: e.kind, message: d.message, lineText, index: start, before });
      if (h !== undefined) out.push(paint(color, STYLE.hint, "hint:") + " " + sanitize(h));
    }
  }
  return out.join("\n");
}

/** The JSON form of a LuaError: the same shape for every kind, nothing that cannot be serialised. */
export interface ErrorJSON {
  name: "LuaError";
  kind: string;
  message: string;
  /** The raised value, when it is JSON-safe and not just the message (`error(42)`). */
  value?: string | number | boolean;
  chunkName: string | null;
  line: number | null;
  column: number | null;
  endLine?: number;
  endColumn?: number;
  traceback?: string;
  diagnostics?: Diagnostic[];
  hint?: string;
}

export function errorJSON(e: ErrorFields): ErrorJSON {
  const message = displayText(String(e.message));
  const out: ErrorJSON = { name: "LuaError", kind: String(e.kind), message, chunkName: null, line: null, column: null };
  let loc: Located | undefined;
  try {
    loc = locate(e);
  } catch {
    loc = undefined;
  }
  const v = e.value;
  if (typeof v === "string" ? displayText(v) !== message : typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) {
    out.value = typeof v === "string" ? displayText(v) : (v as number | boolean);
  }
  out.chunkName = typeof e.chunkName === "string" ? displayText(e.chunkName) : null;
  out.line = Number.isFinite(e.line) ? e.line! : null;
  out.column = Number.isFinite(e.column) ? e.column! : null;
  if (loc && e.line !== undefined) {
    const toBytes = (lineNo: number, index: number): number => {
      const t = loc!.lines?.[lineNo - 1];
      if (t === undefined) return index + 1;
      return utf8Length(t.slice(0, Math.min(index, t.length))) + Math.max(0, index - t.length) + 1;
    };
    if (loc.primary && (loc.primary.endLine !== loc.primary.line || loc.end === undefined)) {
      out.endLine = loc.primary.endLine;
      out.endColumn = loc.lines ? toBytes(loc.primary.endLine, loc.primary.endColumn - 1) : loc.primary.endColumn;
    } else if (loc.start !== undefined && loc.end !== undefined && (e.column !== undefined || loc.primary)) {
      out.endLine = e.line;
      out.endColumn = toBytes(e.line, loc.end);
    }
  }
  if (typeof e.traceback === "string" && e.traceback !== "") out.traceback = displayText(e.traceback);
  if (Array.isArray(e.diagnostics)) {
    out.diagnostics = e.diagnostics.filter(isDiagnostic).map((d) => ({
      severity: d.severity === "warning" ? "warning" : "error",
      message: displayText(d.message),
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
    }));
  }
  try {
    const h = loc ? hintOf(e, loc) : undefined;
    if (h !== undefined) out.hint = h;
  } catch {
    // no hint
  }
  return out;
}
