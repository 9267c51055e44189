// `moonrule check FILES…`: compiler-style diagnostics for .lua files and for the lua`` tagged
// templates inside JS/TS files, for CI. Exit status: 0 clean, 1 errors, 2 usage or I/O problems.
//
// Templates are found with the TypeScript compiler API (the optional `typescript` peer
// dependency, imported only when a JS/TS file is checked). Each template's cooked text, with
// every `${…}` replaced by a `nil` placeholder, is diagnosed as a Lua chunk, and every position
// is mapped back through a per-character table to the file's line and column.

import { fromByteString, toByteString } from "../vm/bytes.js";
import { diagnose, type Diagnostic } from "../vm/diagnose.js";
import { hintFor, renderSnippet, sanitize, splitLines, underlineEnd } from "../vm/error-format.js";
import type { CliIO } from "./main.js";
import { validateFormula, type JsonSchema } from "../formula/validate.js";
import { FORMULA_FUNCTIONS } from "../stdlib-formula/index.js";

type TS = typeof import("typescript");

export const CHECK_USAGE = `usage: moonrule check [--json] FILE|DIR...
       moonrule check --formula [--schema FACTS.schema.json] [--json] FILE...
  check .lua files and the lua\`\` templates in .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs files
  (directories are searched recursively, skipping node_modules and dot-directories);
  with --formula, each FILE holds one formula, validated as the formula engine does
  (names and fields against the facts' JSON Schema, functions, arity and types)
  --json  print an array of {file, line, column, endLine, endColumn, severity, message}
  exit status: 0 no errors, 1 errors found, 2 usage or I/O problem
`;

const LUA_EXT = [".lua"];
const JS_EXT = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** One problem, positioned in its file (1-based; columns count UTF-16 units, as editors do). */
export interface CheckProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning";
  message: string;
  /** Not in the JSON output. */
  hint?: string;
}

/** Lua line breaks, for positions inside Lua text. */
const LUA_BREAK = /\r\n|\n\r|\r|\n/g;
/** JS line breaks, for positions in a JS/TS file (as TypeScript and editors count them). */
const JS_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

function lineStarts(text: string, breaks: RegExp): number[] {
  const starts = [0];
  breaks.lastIndex = 0;
  for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

function splitJsLines(text: string): string[] {
  return text.split(/\r\n|[\n\r\u2028\u2029]/);
}

/** 0-based offset of a 1-based line and column, clamped into the text. */
function offsetOf(starts: number[], length: number, line: number, column: number): number {
  const l = Math.min(Math.max(1, line), starts.length);
  return Math.min(length, Math.max(0, starts[l - 1]! + column - 1));
}

/** 1-based line and column of an offset. */
function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function extensionOf(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dot = path.lastIndexOf(".");
  return dot > slash ? path.slice(dot).toLowerCase() : "";
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function checkCommand(args: string[], io: CliIO): Promise<number> {
  let json = false;
  let formula = false;
  let schemaPath: string | undefined;
  const paths: string[] = [];
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!optionsDone && a === "--") optionsDone = true;
    else if (!optionsDone && a === "--json") json = true;
    else if (!optionsDone && a === "--formula") formula = true;
    else if (!optionsDone && a === "--schema") {
      schemaPath = args[++i];
      if (schemaPath === undefined) {
        io.stderr(`moonrule check: --schema needs a file\n${CHECK_USAGE}`);
        return 2;
      }
    }
    else if (!optionsDone && (a === "-h" || a === "--help")) {
      io.stdout(CHECK_USAGE);
      return 0;
    } else if (!optionsDone && a.startsWith("-") && a !== "-") {
      io.stderr(`moonrule check: unknown option '${a}'\n${CHECK_USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0) {
    io.stderr(`moonrule check: no files given\n${CHECK_USAGE}`);
    return 2;
  }
  if (schemaPath !== undefined && !formula) {
    io.stderr(`moonrule check: --schema goes with --formula\n${CHECK_USAGE}`);
    return 2;
  }
  if (formula) return checkFormulas(paths, schemaPath, json, io);

  let trouble = false; // usage or I/O problems: exit status 2
  const complain = (msg: string): void => {
    trouble = true;
    io.stderr(toByteString(`moonrule check: ${msg}\n`));
  };

  // ---- the files to check
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string): void => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  const walk = (dir: string, depth: number): void => {
    if (depth > 64) return;
    let entries: { name: string; isDir: boolean }[];
    try {
      entries = io.listDir!(dir);
    } catch (e) {
      complain(`cannot read directory '${dir}'${reason(e)}`);
      return;
    }
    entries = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = dir.endsWith("/") ? dir + e.name : `${dir}/${e.name}`;
      if (e.isDir) {
        if (e.name !== "node_modules" && !e.name.startsWith(".")) walk(full, depth + 1);
      } else {
        const ext = extensionOf(e.name);
        if (LUA_EXT.includes(ext) || JS_EXT.includes(ext)) add(full);
      }
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = io.isDir?.(p) ?? false;
    } catch {
      isDir = false;
    }
    if (isDir) {
      if (!io.listDir) complain(`cannot list directory '${p}'`);
      else walk(p, 0);
    } else {
      const ext = extensionOf(p);
      if (LUA_EXT.includes(ext) || JS_EXT.includes(ext)) add(p);
      else complain(`'${p}' is not a .lua, JavaScript or TypeScript file`);
    }
  }

  // ---- check them
  const problems: CheckProblem[] = [];
  const shown = new Map<string, string[]>(); // file -> its lines, for snippets
  let checked = 0;
  let ts: TS | undefined | null; // null: tried and missing
  for (const file of files) {
    let bytes: string;
    try {
      if (!io.readFile) throw new Error("no file access");
      bytes = io.readFile(file);
    } catch (e) {
      complain(`cannot read '${file}'${reason(e)}`);
      continue;
    }
    const text = fromByteString(bytes);
    if (LUA_EXT.includes(extensionOf(file))) {
      checked++;
      const found = checkLua(file, text);
      if (found.length > 0) shown.set(file, splitLines(withoutBom(text)));
      problems.push(...found);
    } else {
      if (!/\blua\s*[`<]/.test(text)) {
        checked++; // no lua`` template: nothing to parse
        continue;
      }
      if (ts === undefined) ts = await loadTypeScript();
      if (ts === null) {
        complain(`cannot check '${file}': finding lua\`\` templates needs the 'typescript' package (npm install --save-dev typescript)`);
        continue;
      }
      checked++;
      const found = checkScript(ts, file, text);
      if (found.length > 0) shown.set(file, splitJsLines(text));
      problems.push(...found);
    }
  }

  // ---- report
  const errors = report(problems, shown, checked, json, io);
  return trouble ? 2 : errors > 0 ? 1 : 0;
}

/** Print the problems (compiler style, or JSON) and the summary; returns the error count. */
function report(problems: CheckProblem[], shown: Map<string, string[]>, checked: number, json: boolean, io: CliIO): number {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const errorFiles = new Set(problems.filter((p) => p.severity === "error").map((p) => p.file)).size;
  let summary =
    errors > 0 ? `${plural(errors, "error")} in ${plural(errorFiles, "file")}` : `checked ${plural(checked, "file")}, no errors`;
  if (warnings > 0) summary += ` (${plural(warnings, "warning")})`;
  if (json) {
    const rows = problems.map((p) => JSON.stringify({
      file: p.file, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, severity: p.severity, message: p.message,
    }));
    io.stdout(toByteString(rows.length === 0 ? "[]\n" : `[\n  ${rows.join(",\n  ")}\n]\n`));
    io.stderr(toByteString(summary + "\n"));
  } else {
    let out = "";
    for (const p of problems) {
      out += `${p.file}:${p.line}:${p.column}: ${p.severity}: ${sanitize(p.message)}\n`;
      const lines = shown.get(p.file);
      if (lines) {
        const lineText = lines[p.line - 1] ?? "";
        const start = p.column - 1;
        const end = p.endLine === p.line ? underlineEnd(lineText, start, p.endColumn - 1) : Math.max(start + 1, lineText.length);
        for (const l of renderSnippet(lines, { line: p.line, start, end }, { context: 0 })) out += l + "\n";
      }
      if (p.hint !== undefined) out += `hint: ${sanitize(p.hint)}\n`;
      out += "\n";
    }
    io.stdout(toByteString(out + summary + "\n"));
  }
  return errors;
}

/** `check --formula`: each file is one formula, validated against the schema and the catalogue. */
function checkFormulas(paths: string[], schemaPath: string | undefined, json: boolean, io: CliIO): number {
  let schema: JsonSchema | undefined;
  if (schemaPath !== undefined) {
    try {
      if (!io.readFile) throw new Error("no file access");
      schema = JSON.parse(fromByteString(io.readFile(schemaPath))) as JsonSchema;
    } catch (e) {
      io.stderr(toByteString(`moonrule check: cannot read the schema '${schemaPath}'${reason(e)}\n`));
      return 2;
    }
  }
  let trouble = false;
  const problems: CheckProblem[] = [];
  const shown = new Map<string, string[]>();
  let checked = 0;
  for (const file of paths) {
    let text: string;
    try {
      if (!io.readFile) throw new Error("no file access");
      text = withoutBom(fromByteString(io.readFile(file))).replace(/\r?\n$/, "");
    } catch (e) {
      trouble = true;
      io.stderr(toByteString(`moonrule check: cannot read '${file}'${reason(e)}\n`));
      continue;
    }
    checked++;
    const found = validateFormula(text, { facts: schema, functions: FORMULA_FUNCTIONS });
    if (found.length > 0) shown.set(file, splitLines(text));
    for (const d of found) problems.push({ file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, severity: d.severity, message: d.message });
  }
  const errors = report(problems, shown, checked, json, io);
  return trouble ? 2 : errors > 0 ? 1 : 0;
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return ": no such file or directory";
  if (code === "EACCES") return ": permission denied";
  if (code === "EISDIR") return ": is a directory";
  return e instanceof Error && e.message !== "" ? `: ${e.message}` : "";
}

async function loadTypeScript(): Promise<TS | null> {
  try {
    const mod = (await import("typescript")) as TS & { default?: TS };
    const ts = mod.default ?? mod;
    return typeof ts.createSourceFile === "function" ? ts : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// .lua files

const withoutBom = (text: string): string => (text.startsWith("\ufeff") ? text.slice(1) : text);

function checkLua(file: string, text: string): CheckProblem[] {
  // as `moonrule run` and lua.c do: a first line starting with '#' is skipped (kept as a line)
  const body = withoutBom(text);
  let src = body;
  if (src.startsWith("#")) {
    const nl = src.search(/[\r\n]/);
    src = nl < 0 ? "" : "--" + src.slice(nl);
  }
  const lines = splitLines(body);
  return sortProblems(
    safeDiagnose(src, file).map((d) => {
      const lineText = lines[d.line - 1];
      const before = lines.slice(Math.max(0, d.line - 4), d.line - 1).join("\n");
      const hint = hintFor({ kind: "syntax", message: d.message, lineText, index: d.column - 1, source: src, before });
      return { file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, severity: d.severity, message: d.message, hint };
    }),
  );
}

function safeDiagnose(src: string, name: string): Diagnostic[] {
  try {
    return diagnose(src, name);
  } catch (e) {
    // diagnose reports syntax errors; anything else is a bug worth seeing, but not a crash
    const msg = e instanceof Error ? e.message : String(e);
    return [{ severity: "error", message: `internal error while checking: ${msg}`, line: 1, column: 1, endLine: 1, endColumn: 1 }];
  }
}

function sortProblems(ps: CheckProblem[]): CheckProblem[] {
  return ps.sort((a, b) => a.line - b.line || a.column - b.column);
}

// ---------------------------------------------------------------------------------------------
// lua`` templates in JS/TS files

/** A template's Lua text and, for each of its chars (and its end), the file offset it came from. */
interface TemplateText {
  lua: string;
  map: number[];
  /** File ranges of the `${…}` substitutions, and where their placeholders are in the Lua text. */
  holes: { fileStart: number; fileEnd: number; luaStart: number }[];
  /** Escapes that make the cooked text undefined (a tagged template allows them). */
  badEscapes: { fileStart: number; fileEnd: number }[];
}

const isLineBreak = (c: string): boolean => c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029";

/**
 * Cook the raw text of a template piece (file offsets [from, to)) as JS does — escapes decoded,
 * CR LF and CR turned into LF, line continuations dropped — appending to t.
 */
function cook(text: string, from: number, to: number, t: TemplateText): void {
  const emit = (s: string, at: number): void => {
    t.lua += s;
    for (let k = 0; k < s.length; k++) t.map.push(at);
  };
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === "\r") {
      emit("\n", i);
      i += text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (c !== "\\") {
      emit(c, i);
      i++;
      continue;
    }
    const n = text[i + 1] ?? "";
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v" };
    if (n in simple) {
      emit(simple[n]!, i);
      i += 2;
    } else if (n === "0" && !/[0-9]/.test(text[i + 2] ?? "")) {
      emit("\0", i);
      i += 2;
    } else if (n === "\r") {
      i += text[i + 2] === "\n" ? 3 : 2; // line continuation
    } else if (isLineBreak(n)) {
      i += 2;
    } else if (n === "x") {
      const m = /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2, Math.min(to, i + 4)));
      if (m) {
        emit(String.fromCharCode(parseInt(m[0], 16)), i);
        i += 4;
      } else {
        t.badEscapes.push({ fileStart: i, fileEnd: Math.min(to, i + 2) });
        i += 2;
      }
    } else if (n === "u") {
      const rest = text.slice(i + 2, to);
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(rest);
      const four = /^[0-9a-fA-F]{4}/.exec(rest);
      const cp = braced ? parseInt(braced[1]!, 16) : four ? parseInt(four[0], 16) : -1;
      if (cp >= 0 && cp <= 0x10ffff) {
        emit(String.fromCodePoint(cp), i);
        i += 2 + (braced ? braced[0].length : 4);
      } else {
        t.badEscapes.push({ fileStart: i, fileEnd: Math.min(to, i + 2 + (braced ? braced[0].length : 0)) });
        i += 2;
      }
    } else if (/[1-9]/.test(n) || n === "0") {
      t.badEscapes.push({ fileStart: i, fileEnd: i + 2 }); // octal escapes are not allowed in templates
      i += 2;
    } else {
      emit(n, i); // \` \$ \\ \' \" and identity escapes
      i += 2;
    }
  }
}

/** A `${…}` substitution as a `nil` placeholder: the same length, and the same line breaks. */
function hole(text: string, from: number, to: number, t: TemplateText): void {
  t.holes.push({ fileStart: from, fileEnd: to, luaStart: t.lua.length });
  const add = (s: string, at: number): void => {
    t.lua += s;
    t.map.push(at);
  };
  add("n", from);
  add("i", from + 1);
  add("l", Math.min(to - 1, from + 2));
  for (let k = from; k < to; k++) {
    const c = text[k]!;
    const nl = c === "\n" || c === "\r";
    if (k < from + 3) {
      if (nl) add(c, k); // keep the line count (the placeholder grows by one)
    } else add(nl ? c : " ", k);
  }
}

type TemplateNode = import("typescript").TemplateLiteral;

/** Lua text and offset map of one template literal of a source file. */
function templateText(ts: TS, sf: import("typescript").SourceFile, tpl: TemplateNode): TemplateText {
  const text = sf.text;
  const t: TemplateText = { lua: "", map: [], holes: [], badEscapes: [] };
  if (ts.isNoSubstitutionTemplateLiteral(tpl)) {
    const start = tpl.getStart(sf);
    cook(text, start + 1, tpl.end - 1, t);
    t.map.push(tpl.end - 1);
    return t;
  }
  const head = tpl.head;
  cook(text, head.getStart(sf) + 1, head.end - 2, t);
  let holeStart = head.end - 2;
  for (const span of tpl.templateSpans) {
    const lit = span.literal;
    const litStart = lit.getStart(sf);
    hole(text, holeStart, litStart + 1, t);
    const isTail = lit.kind === ts.SyntaxKind.TemplateTail;
    const litEnd = isTail ? lit.end - 1 : lit.end - 2;
    cook(text, litStart + 1, litEnd, t);
    holeStart = litEnd;
  }
  t.map.push(tpl.end - 1);
  return t;
}

/** An unfinished string whose line break came from a JS escape (`\n` in the template). */
function escapeHint(t: TemplateText, fileText: string, d: Diagnostic): string | undefined {
  if (!/unfinished string/.test(d.message)) return undefined;
  const starts = lineStarts(t.lua, LUA_BREAK);
  const from = offsetOf(starts, t.lua.length, d.line, d.column);
  const nl = t.lua.slice(from).search(/[\r\n]/);
  if (nl < 0 || fileText[t.map[from + nl]!] !== "\\") return undefined;
  return "JavaScript turns \\n in a template into a real line break; write \\\\n to pass \\n to Lua";
}

function isLuaTag(ts: TS, tag: import("typescript").Expression): boolean {
  if (ts.isIdentifier(tag)) return tag.text === "lua";
  if (ts.isPropertyAccessExpression(tag)) return tag.name.text === "lua";
  return false;
}

/** Offsets in Lua text that lie inside a string literal (quoted or long bracket). */
function stringRanges(src: string): [number, number][] {
  const out: [number, number][] = [];
  const longClose = (i: number): number | undefined => {
    const m = /^\[(=*)\[/.exec(src.slice(i, i + 1000));
    if (!m) return undefined;
    const close = src.indexOf(`]${m[1]}]`, i + m[0].length);
    return close < 0 ? src.length : close + m[1]!.length + 2;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "-" && src[i + 1] === "-") {
      const end = longClose(i + 2);
      if (end !== undefined) i = end;
      else {
        const nl = src.slice(i).search(/[\r\n]/);
        i = nl < 0 ? src.length : i + nl;
      }
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== "\n" && src[j] !== "\r") j += src[j] === "\\" ? 2 : 1;
      out.push([i, j]);
      i = j + 1;
    } else if (c === "[") {
      const end = longClose(i);
      if (end !== undefined) {
        out.push([i, end]);
        i = end;
      } else i++;
    } else i++;
  }
  return out;
}

function checkScript(ts: TS, file: string, text: string): CheckProblem[] {
  const ext = extensionOf(file);
  const kind =
    ext === ".tsx" ? ts.ScriptKind.TSX : ext === ".jsx" ? ts.ScriptKind.JSX
    : ext === ".js" || ext === ".mjs" || ext === ".cjs" ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const fileStarts = lineStarts(text, JS_BREAK);
  const fileLines = splitJsLines(text);
  const problems: CheckProblem[] = [];
  const at = (offset: number): { line: number; column: number } => positionOf(fileStarts, offset);
  const push = (severity: "error" | "warning", message: string, from: number, to: number, hint?: string): void => {
    const s = at(from);
    const e = at(Math.max(from + 1, to));
    problems.push({ file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, severity, message, hint });
  };

  const visit = (node: import("typescript").Node): void => {
    if (ts.isTaggedTemplateExpression(node) && isLuaTag(ts, node.tag)) {
      const t = templateText(ts, sf, node.template);
      for (const b of t.badEscapes) {
        push("error", "invalid escape sequence in a lua`` template (its text would be undefined)", b.fileStart, b.fileEnd);
      }
      if (t.badEscapes.length === 0) {
        const luaStarts = lineStarts(t.lua, LUA_BREAK);
        const toFile = (line: number, column: number): number => t.map[offsetOf(luaStarts, t.lua.length, line, column)]!;
        for (const d of safeDiagnose(t.lua, "lua``")) {
          const from = toFile(d.line, d.column);
          const to = toFile(d.endLine, d.endColumn);
          // line numbers inside messages ("to close 'if' at line 2") are the template's: map them
          const message = d.message.replace(/\b(at|on) line (\d+)/g, (_m, w: string, n: string) => {
            return `${w} line ${at(toFile(Number(n), 1)).line}`;
          });
          const pos = at(from);
          const lineText = fileLines[pos.line - 1];
          const before = fileLines.slice(Math.max(0, pos.line - 4), pos.line - 1).join("\n");
          const hint = escapeHint(t, text, d) ?? hintFor({ kind: "syntax", message, lineText, index: pos.column - 1, source: t.lua, before });
          push(d.severity, message, from, to, hint);
        }
        const strings = stringRanges(t.lua);
        for (const h of t.holes) {
          if (strings.some(([s, e]) => h.luaStart > s && h.luaStart < e)) {
            push("warning", "interpolation inside a Lua string: ${…} is inserted as a Lua literal (a string gets its own quotes), not as text",
              h.fileStart, h.fileEnd, "close the string and join with '..': \"total: \" .. ${x}");
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sortProblems(problems);
}
