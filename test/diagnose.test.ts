// diagnose(): every syntax error the parser can recover past, each with a range.
//
//  * The first diagnostic is the error compiling reports, and agrees with lua5.3's load() for
//    hundreds of malformed snippets (message and line; lua has no columns: ours must equal
//    the compile error's). Without lua5.3 those comparisons are skipped, except under CI.
//  * Multiple errors: found in source order, with exact ranges checked by hand, and no
//    cascades of an earlier error.
//  * Columns count UTF-16 units of the JS source; lines count "\n", "\r", "\r\n", "\n\r".
//  * Valid programs (the test/lua corpus) give []; every string gives at most 50 diagnostics
//    and never throws (property tests); LuaError carries the same diagnostics.
// Timings live in bench/diagnose.mjs, not here.

import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { diagnose, type Diagnostic } from "../src/vm/diagnose.js";
import { compileSource } from "../src/vm/load.js";
import { parse, syntaxProblems } from "../src/vm/parser.js";
import { LuaError, rawMessage } from "../src/vm/errors.js";
import { fromByteString, toByteString } from "../src/vm/bytes.js";
import { haveLua, LUA } from "./lua53.js";

const inCI = !!process.env.CI;
const SEED = Number(process.env.DIAGNOSE_SEED ?? 20250301);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// ------------------------------------------------------------------------------------ helpers

/** Run byte-string sources through lua5.3's load(src, "=input"): "OK" or the message. */
function luaLoad(sources: string[]): string[] {
  const script = `
    local data = io.read("a")
    local pos, out = 1, {}
    while pos <= #data do
      local nl = data:find("\\n", pos, true)
      local n = tonumber(data:sub(pos, nl - 1))
      local src = data:sub(nl + 1, nl + n)
      pos = nl + n + 1
      local f, e = load(src, "=input")
      local r = f and "OK" or e
      out[#out + 1] = #r .. "\\n" .. r
    end
    io.write(table.concat(out))`;
  const input = sources.map((s) => `${s.length}\n${s}`).join("");
  const r = spawnSync(LUA, ["-e", script], { input: Buffer.from(input, "latin1"), maxBuffer: 1 << 28, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`lua5.3 failed: ${r.stderr?.toString()} ${r.error ?? ""}`);
  const out = r.stdout.toString("latin1");
  const res: string[] = [];
  for (let p = 0; p < out.length;) {
    const nl = out.indexOf("\n", p);
    const n = Number(out.slice(p, nl));
    res.push(out.slice(nl + 1, nl + 1 + n));
    p = nl + 1 + n;
  }
  expect(res.length).toBe(sources.length);
  return res;
}

/** What compiling says: "OK" or the syntax LuaError. */
function compileError(src: string, chunk = "input"): LuaError | "OK" {
  try {
    compileSource(toByteString(src), chunk);
    return "OK";
  } catch (e) {
    if (e instanceof LuaError && e.kind === "syntax") return e;
    throw e;
  }
}

/** UTF-16 column of byte column `col` on line `line` of JS source src (lua's line counting). */
function utf16Column(src: string, line: number, col: number): number {
  const lines = src.split(/\r\n|\n\r|\r|\n/);
  const text = lines[line - 1] ?? "";
  const bytes = toByteString(text);
  const prefix = bytes.slice(0, col - 1);
  return new TextDecoder().decode(Uint8Array.from(prefix, (c) => c.charCodeAt(0))).length + 1;
}

/**
 * The first diagnostic is compile's error: same message (without prefix), same line, same
 * position (columns converted to UTF-16 units), and diagnostics are in source order, within
 * the text, at most 50.
 */
function checkAgainstCompile(src: string): Diagnostic[] {
  const ds = diagnose(src);
  const err = compileError(src);
  if (err === "OK") {
    expect(ds, JSON.stringify(src)).toEqual([]);
    return ds;
  }
  expect(ds.length, JSON.stringify(src)).toBeGreaterThan(0);
  expect(ds.length).toBeLessThanOrEqual(50);
  const d = ds[0]!;
  expect(`input:${d.line}: ${d.message}`, JSON.stringify(src)).toBe(fromByteString(rawMessage(err)));
  expect(d.line).toBe(err.line);
  expect(d.column, JSON.stringify(src)).toBe(utf16Column(src, err.line!, err.column!));
  const lines = src.split(/\r\n|\n\r|\r|\n/);
  for (let i = 0; i < ds.length; i++) {
    const x = ds[i]!;
    expect(x.line).toBeGreaterThanOrEqual(1);
    expect(x.line).toBeLessThanOrEqual(lines.length);
    expect(x.column).toBeGreaterThanOrEqual(1);
    expect(x.column).toBeLessThanOrEqual(lines[x.line - 1]!.length + 1);
    expect(x.endLine * 1e9 + x.endColumn).toBeGreaterThanOrEqual(x.line * 1e9 + x.column);
    expect(x.endColumn).toBeLessThanOrEqual(lines[x.endLine - 1]!.length + 1);
    if (i > 0) expect(x.line * 1e9 + x.column).toBeGreaterThanOrEqual(ds[i - 1]!.line * 1e9 + ds[i - 1]!.column);
  }
  return ds;
}

type Want = [line: number, column: number, endLine: number, endColumn: number, message: string];

function ranges(src: string): Want[] {
  return diagnose(src).map((d) => [d.line, d.column, d.endLine, d.endColumn, d.message]);
}

function luaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) out.push(...luaFiles(p));
    else if (name.endsWith(".lua")) out.push(p);
  }
  return out;
}

/** A file's text as luaL_loadfile reads it: a first line starting with '#' is skipped (its
 *  newline kept, so that line numbers stay right). */
function asLoadfile(text: string): string {
  return text.startsWith("#") ? text.replace(/^[^\n]*/, "") : text;
}

// ------------------------------------------------------------------------------------ corpora

/** Malformed snippets: every kind of error lua's parser and lexer raise, alone and several. */
const MALFORMED: string[] = [
  // the brief's examples and their relatives
  "x = = 1\ny = 2 +\nz = (3", "local a = 1\nprint(a))\nlocal b = +", "x = 1 +", "x = 1 +\nlocal y = 2",
  "y = 2 +\nz = (3", "if x = 1 then\n  y = 2\nend\nz = = 3", "if x > 1\n  y = 2\nend\nz = 3",
  // expressions
  "x = 5 ...", "x = a..", "x = #", "x = not", "x = a ~== b", "x = 3 4", "x = .. 3", "x = (1,2)", "x = a[]",
  "x = {[1] 2}", "x = {a = }", "x = {,}", "x = {1,,2}", "x = f(a,)", "x = {[1]}", "x = 1 = 2", "x = a:b",
  "x = a:b.c", "x = {}.a", "x = nil.a", "x = 'a':rep(2)", "local t = {x y}", "x = { x = 1 y }",
  "x = {a\n\n'b' c}", "x += 1", "local x = 1 != 2", "x = y ? 1 : 2", "print(\"a\" \"b\")",
  "print(\"hello\" .. )\nprint(2 +)", "x = function() return ... end", "x = a.1", "x = [[a]] .. ]]",
  // statements
  "::x", "goto", "goto 3", "a.b", "a", "a()=1", "a.b.c = 1, ", "a, b = ", "a, b() = 1", "a.b:c = 1",
  "f() = 1", "(f)", "(a)", "x.y:z", "return return", "return 1 x", "return 1;;", "return 1; x = 2",
  "break = 1", "goto = 1", "local nil", "local 3", "local x, = 1", "local function", "function 1() end",
  "function (", "function f(a, b.c) end", "function f(a, ..., b) end", "function a.b:c.d() end",
  "local a <close> = 1", "::1::", "do end end", "end", "else", "until x", "then", "while true do end x",
  "repeat until", "if then end", "while do end", "for a do", "for a.b", "for 1 = 2", "for i = 1 do end",
  "for i, j = 1 do end", "for i = 1, 10\n  print(i)\nend", "for k, v in pairs(t)\n  print(k)\nend",
  "if x then elseif y then else else end", "if x then else elseif end", "if x then\n\n", "while x do\n\n",
  "for i=1,2 do\n", "repeat\n\n", "x = function\n() \n", "local function f\n() \n", "function a.b\n() \n",
  "f(", "f(1", "f(1\n", "f(\n1,\n2", "f{\n1,\n2", "x = f(1, 2\ny = 3", "local t = {\n  a = 1\n  b = 2\n}",
  "while x do a() until y end", "repeat\n  x = x + 1\nend\nprint(x)", "function f()\n  return 1\n  x = 2\nend",
  // lexer
  "x = 0x", "x = 1e+", "x = 3e4e", "3x", "x = 08f", "x = 0xg", "x = '\\q'", "x = \"\\x5g\"", "x = \"\\400\"",
  "x = \"\\u{110000}\"", "x = \"\\u{12\"", "x = \"\\u12\"", "x = \"abc", "x = \"abc\ny = 1", "x = [==[ab",
  "--[[ never ends", "x = [=", "x = [==x", "x=@", "x=$", "x=\x01", "x=\x7f", "x = `", "!", "x = \"a\\\nb", "x = 'a\\z  \n  b\\q'",
  // goto, labels, break
  "break", "goto foo", "::a:: ::a::", "::a::\n\n::a::", "do goto f; local y; ::f:: print(y) end",
  "function f()\n  break\nend\n\nx = 1", "repeat\n goto l\n local a\n ::l::\nuntil a", "do ::l:: end goto l",
  "local x = function() break end", "goto a\ngoto b\nx = (", "for i=1,2 do local x = 1 end break",
  // limits
  "local " + "a,".repeat(200) + "a = 1", "x = " + "(".repeat(300) + "1" + ")".repeat(300),
  "local a " .repeat(201) + "\nx = = 1",
  // line endings
  "x = 1\r\n\r\ny +", "x = 1\n\r\n\ry +", "x = 1\r\r\n\n y +", "x = 1\ry = = 2\rz = (", "a = 1\r\nb = = 2\r\nc = +",
  // several errors in real-looking formulas
  "local total = price * qty +\nlocal tax = total * 0.2\nreturn total + tax +",
  "if score > 10 then\n  grade = \"A\"\nelse if score > 5 then\n  grade = \"B\"\nend",
  "local function f(a b)\n  return a\nend\nreturn f(1,, 2)",
  "local t = {1, 2 3}\nfor i = 1, #t\n  s = s + t[i]\nend\nreturn s",
  "x = 1\ny = x +* 2\nz = y ^\nw = (z",
  // non-ASCII
  'x = "é" +', "x = é", 'x = "日本', 'x = "\\xé"', "t = {'😀' 'x'}", "-- 日本\nx = = 1",
];

/** Valid programs: diagnose gives []. */
const VALID: string[] = [
  "", ";;;", "local a", "x = 1 y = 2; z = x + y", "f() g 'str' h [[long]] k {1, 2} o:m() o:m 'x' o:m {}",
  "local t = { 1, 2; 3, x = 1, ['y'] = 2, [3] = 3, f(), ..., }", "do local x end while x do x = x - 1 end",
  "repeat local x = f() until x", "if a then elseif b then else end", "for i = 10, 1, -1 do local j = i end",
  "for k, v in pairs(t) do end", "function f.g.h:i() return self end", "local function f(a, ...) return ... end",
  "goto l ::l::", "while true do if x then goto continue end ::continue:: end", "return",
  "x = 'é' .. \"😀\" .. [[日本]]", "-- é\nx = 1", "local x = 1\r\nlocal y = 2\rlocal z = 3\n\rlocal w = 4",
  "y = 2 +\nz", "x = 1 +\n\nprint(x)",
];

// ------------------------------------------------------------------------------------ tests

describe("diagnose: the first diagnostic is the compile error, as lua5.3 words it", () => {
  it("agrees with compile's error on every malformed snippet (message, line, column)", () => {
    for (const src of MALFORMED) checkAgainstCompile(src);
  });

  it.skipIf(!haveLua && !inCI)("agrees with lua5.3's load() on every malformed snippet", () => {
    const bad: string[] = [];
    const lua = luaLoad(MALFORMED.map(toByteString));
    MALFORMED.forEach((src, i) => {
      const ds = diagnose(src);
      const got = ds.length === 0 ? "OK" : `input:${ds[0]!.line}: ${ds[0]!.message}`;
      if (got !== fromByteString(lua[i]!)) bad.push(`${JSON.stringify(src)}\n  lua: ${JSON.stringify(lua[i])}\n  got: ${JSON.stringify(got)}`);
    });
    expect(bad.join("\n")).toBe("");
  });

  it.skipIf(!haveLua && !inCI)("agrees with lua5.3 on mutated programs (first diagnostic only)", () => {
    const base = [
      "local function fib(n)\n  if n < 2 then return n end\n  return fib(n - 1) + fib(n - 2)\nend\nprint(fib(10))",
      "local t = {a = 1, b = {2, 3}, [4] = 'x'}\nfor k, v in pairs(t) do\n  print(k, v)\nend",
      "local s = 0\nfor i = 1, 10 do\n  if i % 2 == 0 then s = s + i elseif i > 5 then break end\nend\nreturn s",
      "repeat\n  local line = io.read()\n  x = (x or 0) + #line\nuntil x > 10\ngoto done\n::done::",
    ];
    const frags = ["(", ")", "{", "}", "[", "]", "=", "==", "+", ",", ".", ":", "end", "do", "then", "if", "else",
      "function", "local", "return", "until", "'", "\"", "\n", "x", "1", "..", "--[[", "]]", "goto", "::", "é"];
    const gen = fc.tuple(fc.integer({ min: 0, max: base.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.integer({ min: 0, max: frags.length - 1 })), { minLength: 1, maxLength: 4 }))
      .map(([bi, ops]) => {
        let s = base[bi]!;
        for (const [p, del, f] of ops) {
          const a = p % (s.length + 1);
          s = s.slice(0, a) + frags[f] + s.slice(a + del);
        }
        return s;
      });
    const sources = fc.sample(gen, { seed: SEED, numRuns: 600 });
    const lua = luaLoad(sources.map(toByteString));
    const bad: string[] = [];
    sources.forEach((src, i) => {
      const ds = checkAgainstCompile(src);
      const got = ds.length === 0 ? "OK" : `input:${ds[0]!.line}: ${ds[0]!.message}`;
      if (got !== fromByteString(lua[i]!)) bad.push(`${JSON.stringify(src)}\n  lua: ${JSON.stringify(lua[i])}\n  got: ${JSON.stringify(got)}`);
    });
    expect(bad.slice(0, 10).join("\n")).toBe("");
  });

  it.skipIf(!haveLua && !inCI)("the corpus's syntax-error programs: first diagnostic as lua5.3 reports it", () => {
    const files = luaFiles(path.join(repoRoot, "test/lua")).filter((f) => path.basename(f).startsWith("fail_syntax_"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const rel = path.relative(repoRoot, file);
      const r = spawnSync(LUA, [rel], { cwd: repoRoot, encoding: "latin1", timeout: 30_000 });
      const luaMsg = fromByteString(r.stderr.split("\n")[0]!.replace(/^[^:]*: /, ""));
      const ds = diagnose(asLoadfile(fs.readFileSync(file, "utf8")), rel);
      expect(ds.length, rel).toBeGreaterThan(0);
      expect(`${rel}:${ds[0]!.line}: ${ds[0]!.message}`).toBe(luaMsg);
    }
  });
});

describe("diagnose: several errors, each once, in order, with ranges", () => {
  it("the brief's examples", () => {
    expect(ranges("x = = 1\ny = 2 +\nz = (3")).toEqual([
      [1, 5, 1, 6, "unexpected symbol near '='"],
      [3, 3, 3, 4, "unexpected symbol near '='"], // `y = 2 + z` swallowed z; line 3 is parsed again from z
      [3, 7, 3, 7, "')' expected near <eof>"],
    ]);
    expect(ranges("local a = 1\nprint(a))\nlocal b = +")).toEqual([
      [2, 9, 2, 10, "unexpected symbol near ')'"],
      [3, 11, 3, 12, "unexpected symbol near '+'"],
    ]);
  });

  it("a broken header still parses its block (no stray 'end' reported)", () => {
    expect(ranges("if x = 1 then\n  y = 2\nend\nz = = 3")).toEqual([
      [1, 6, 1, 7, "'then' expected near '='"],
      [4, 5, 4, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("if x > 1\n  y = 2\nend\nz = 3")).toEqual([[2, 3, 2, 4, "'then' expected near 'y'"]]);
    expect(ranges("for i = 1, 10\n  print(i)\nend\nx = = 2")).toEqual([
      [2, 3, 2, 8, "'do' expected near 'print'"],
      [4, 5, 4, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("while x < 10 x = x + 1 end\ny = = 1")).toEqual([
      [1, 14, 1, 15, "'do' expected near 'x'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("function f(a b)\n  return a\nend\nx = = 1")).toEqual([
      [1, 14, 1, 15, "')' expected near 'b'"],
      [4, 5, 4, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("function a.b:c.d()\n  return\nend\nx = +")).toEqual([
      [1, 15, 1, 16, "'(' expected near '.'"],
      [4, 5, 4, 6, "unexpected symbol near '+'"],
    ]);
    expect(ranges("if a then b() elseif c = 1 then d() end\nx = = 1")).toEqual([
      [1, 24, 1, 25, "'then' expected near '='"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
  });

  it("errors inside nested blocks and functions, and after them", () => {
    const src = [
      "local function f(x)", //   1
      "  if x then", //           2
      "    return x +", //        3
      "  end", //                 4   <- unexpected 'end' (3's expression)
      "  local y = (x", //        5
      "  return y", //            6   <- ')' expected near 'return'
      "end", //                   7
      "", //                      8
      "local t = {1, 2 3}", //    9   <- '}' expected near '3'
      "print(f(t)))", //         10   <- unexpected ')'
    ].join("\n");
    expect(ranges(src)).toEqual([
      [4, 3, 4, 6, "unexpected symbol near 'end'"],
      [6, 3, 6, 9, "')' expected (to close '(' at line 5) near 'return'"],
      [9, 17, 9, 18, "'}' expected near '3'"],
      [10, 12, 10, 13, "unexpected symbol near ')'"],
    ]);
  });

  it("an unclosed bracket on one line does not swallow the next statements", () => {
    expect(ranges("x = f(1, 2\ny = 3\nz = = 4")).toEqual([
      [2, 1, 2, 2, "')' expected (to close '(' at line 1) near 'y'"],
      [3, 5, 3, 6, "unexpected symbol near '='"],
    ]);
    // inside a table constructor a name at the start of a line is a field, not a statement
    expect(ranges("local t = {\n  a = 1\n  b = 2,\n  c = 3\n}\nprint(t)\nx = = 1")).toEqual([
      [3, 3, 3, 4, "'}' expected (to close '{' at line 1) near 'b'"],
      [7, 5, 7, 6, "unexpected symbol near '='"],
    ]);
    // inside call arguments a name followed by anything but '=' continues the arguments
    expect(ranges("x = f(a,\n      b c,\n      d)\ny = = 1")).toEqual([
      [2, 9, 2, 10, "')' expected (to close '(' at line 1) near 'c'"],
      [4, 5, 4, 6, "unexpected symbol near '='"],
    ]);
  });

  it("garbage that looks like statements is skipped, not parsed", () => {
    // a 'function' keyword with no parameter list has no body to swallow the next lines
    expect(ranges('t[1] function "a"\nt[2] = = 1')).toEqual([
      [1, 6, 1, 14, "syntax error near 'function'"],
      [2, 8, 2, 9, "unexpected symbol near '='"],
    ]);
    // a label only starts a statement at the start of a line
    expect(ranges("print(a::b)\ny = = 1")).toEqual([
      [1, 8, 1, 10, "')' expected near '::'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    // within a line inside brackets neither a keyword nor an 'end' is taken as structure
    expect(ranges("print(pcall(func+n() return 1 end))\nx = = 1")).toEqual([
      [1, 22, 1, 28, "')' expected near 'return'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("x = {1, local y = 2}\nz = = 1")).toEqual([
      [1, 9, 1, 14, "unexpected symbol near 'local'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    // ... but at the start of a line it is
    expect(ranges("x = f(1,\nlocal y = 2\nz = = 1")).toEqual([
      [2, 1, 2, 6, "unexpected symbol near 'local'"],
      [3, 5, 3, 6, "unexpected symbol near '='"],
    ]);
  });

  it("wrong or stray closers", () => {
    expect(ranges("function f()\n  while x do\n    a()\n  until y\n  b()\nend\nc() = 1")).toEqual([
      [4, 3, 4, 8, "'end' expected (to close 'while' at line 2) near 'until'"],
      [7, 5, 7, 6, "syntax error near '='"],
    ]);
    expect(ranges("repeat\n  x = x + 1\nend\nprint(x)\ny = = 1")).toEqual([
      [3, 1, 3, 4, "'until' expected (to close 'repeat' at line 1) near 'end'"],
      [5, 5, 5, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("end\nx = = 1\nend")).toEqual([
      [1, 1, 1, 4, "<eof> expected near 'end'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
      [3, 1, 3, 4, "<eof> expected near 'end'"],
    ]);
    expect(ranges("while x do a() until y end")).toEqual([[1, 16, 1, 21, "'end' expected near 'until'"]]);
    // the rest of an 'if' whose start is gone: its 'end' is not reported again
    expect(ranges("elseif x then y() end\nz = = 1")).toEqual([
      [1, 1, 1, 7, "<eof> expected near 'elseif'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    // ... nor a missing one
    expect(ranges("result = cond and 1 else 2\nother = = 3")).toEqual([
      [1, 21, 1, 25, "<eof> expected near 'else'"],
      [2, 9, 2, 10, "unexpected symbol near '='"],
    ]);
  });

  it("a missing 'end' is reported once, at the end of the text", () => {
    expect(ranges("function f()\n  if x then\n    y = (1\n")).toEqual([
      [4, 1, 4, 1, "')' expected (to close '(' at line 3) near <eof>"],
    ]);
    expect(ranges("local function f()\n  if true then\n    print('x')\nend")).toEqual([
      [4, 4, 4, 4, "'end' expected (to close 'function' at line 1) near <eof>"],
    ]);
  });

  it("statements after 'return' are still checked", () => {
    expect(ranges("return x y")).toEqual([[1, 10, 1, 11, "<eof> expected near 'y'"]]);
    expect(ranges("return 1\nx = = 2")).toEqual([
      [2, 1, 2, 2, "<eof> expected near 'x'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("function f()\n  return 1\n  x = = 2\nend")).toEqual([
      [3, 3, 3, 4, "'end' expected (to close 'function' at line 1) near 'x'"],
      [3, 7, 3, 8, "unexpected symbol near '='"],
    ]);
  });

  it("lexical errors: the text the message quotes, then parsing goes on", () => {
    expect(ranges("x = \"abc\ny = = 2")).toEqual([
      [1, 5, 1, 9, "unfinished string near '\"abc'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("x = \"a\\qb\" .. 1\ny = \"\\x5g\" z = 0x")).toEqual([
      [1, 5, 1, 9, "invalid escape sequence near '\"a\\q'"],
      [2, 5, 2, 10, "hexadecimal digit expected near '\"\\x5g'"],
      [2, 16, 2, 18, "malformed number near '0x'"],
    ]);
    // a token left unfinished at the end: the blocks it leaves open are not reported too
    expect(ranges("for i = 1, 2 do\n  x = [[abc\n")).toEqual([
      [3, 1, 3, 1, "unfinished long string (starting at line 2) near <eof>"],
    ]);
    expect(ranges("x = 1\n--[==[ comment ]]\ny = 2")).toEqual([
      [3, 6, 3, 6, "unfinished long comment (starting at line 2) near <eof>"],
    ]);
    expect(ranges("s = \"\\u{110000}\" t = 3e")).toEqual([
      [1, 5, 1, 15, "UTF-8 value too large near '\"\\u{110000'"],
      [1, 22, 1, 24, "malformed number near '3e'"],
    ]);
  });

  it("goto and label errors do not stop the parse", () => {
    expect(ranges("::a:: ::a:: x = = 1")).toEqual([
      [1, 10, 1, 12, "label 'a' already defined on line 1"],
      [1, 17, 1, 18, "unexpected symbol near '='"],
    ]);
    expect(ranges("goto a\ngoto b\nx = (")).toEqual([
      [3, 6, 3, 6, "unexpected symbol near <eof>"],
      [3, 6, 3, 6, "no visible label 'a' for <goto> at line 1"],
      [3, 6, 3, 6, "no visible label 'b' for <goto> at line 2"],
    ]);
    expect(ranges("x = function() return ... end\ny = = 1")).toEqual([
      [1, 23, 1, 26, "cannot use '...' outside a vararg function near '...'"],
      [2, 5, 2, 6, "unexpected symbol near '='"],
    ]);
    expect(ranges("for i = 1, 2 do\n  local x = 1\nend\nbreak")).toEqual([
      [4, 6, 4, 6, "<break> at line 4 not inside a loop"],
    ]);
  });

  it("a limit is reported once", () => {
    const ds = diagnose("local a " + "local b ".repeat(210) + "\nx = = 1");
    expect(ds.map((d) => d.message)).toEqual([
      "too many local variables (limit is 200) in main function near 'local'",
      "unexpected symbol near '='",
    ]);
  });

  it("reports at most 50", () => {
    const src = Array.from({ length: 80 }, (_, i) => `x${i} = = ${i}`).join("\n");
    const ds = diagnose(src);
    expect(ds.length).toBe(50);
    expect(ds.map((d) => d.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(ds[49]).toEqual({ severity: "error", message: "unexpected symbol near '='", line: 50, column: 7, endLine: 50, endColumn: 8 });
  });

  it("errors the code generator finds come alone, ranged on their token", () => {
    const src = "local x = 1\nreturn f(" + "a,".repeat(300) + "a)";
    expect(ranges(src)).toEqual([[2, 8, 2, 9, "function or expression needs too many registers"]]);
  });
});

describe("diagnose: positions", () => {
  it("columns count UTF-16 units of the source, not bytes", () => {
    // é is 2 bytes and 1 unit; 😀 is 4 bytes and 2 units; 日 is 3 bytes and 1 unit
    expect(ranges('x = "é" +')).toEqual([[1, 10, 1, 10, "unexpected symbol near <eof>"]]);
    expect(ranges('x = "é" + + 1')).toEqual([[1, 11, 1, 12, "unexpected symbol near '+'"]]);
    expect(ranges('x = "😀" ) y\ny = "日本" ) z')).toEqual([
      [1, 10, 1, 11, "unexpected symbol near ')'"],
      [2, 10, 2, 11, "unexpected symbol near ')'"],
    ]);
    expect(ranges("x = \"日本\ny = 1")).toEqual([[1, 5, 1, 8, "unfinished string near '\"日本'"]]);
    // a character that is no Lua token: the range is the whole character, not its first byte
    expect(ranges("x = é + 1\ny = 😀")).toEqual([
      [1, 5, 1, 6, "unexpected symbol near '<\\195>'"],
      [2, 5, 2, 7, "unexpected symbol near '<\\240>'"],
    ]);
    // a lone surrogate is encoded as U+FFFD (3 bytes) but is one unit of the source
    expect(ranges("x = '\ud800' ) y")).toEqual([[1, 9, 1, 10, "unexpected symbol near ')'"]]);
    // long strings spanning lines: the error after them is on their last line
    expect(ranges("x = [[é\né]] + )")).toEqual([[2, 7, 2, 8, "unexpected symbol near ')'"]]);
  });

  it("the first diagnostic's column is compile's column converted", () => {
    for (const src of ['local s = "ü" .. "€" .. = 1', "t = {'😀', 'é' 'x'}", "é = 1", "x = 'ab' ..\n'é' é"]) {
      checkAgainstCompile(src);
    }
  });

  it("lines: \\n, \\r\\n, \\r and \\n\\r each end one line", () => {
    expect(ranges("a = 1\r\nb = = 2\r\nc = +")).toEqual([
      [2, 5, 2, 6, "unexpected symbol near '='"],
      [3, 5, 3, 6, "unexpected symbol near '+'"],
    ]);
    expect(ranges("a = 1\rb = = 2\rc = (")).toEqual([
      [2, 5, 2, 6, "unexpected symbol near '='"],
      [3, 6, 3, 6, "unexpected symbol near <eof>"],
    ]);
    expect(ranges("a = 1\n\rb = = 2\n\r\r\nc = )")).toEqual([
      [2, 5, 2, 6, "unexpected symbol near '='"],
      [4, 5, 4, 6, "unexpected symbol near ')'"],
    ]);
    expect(ranges("x = [[\r\n\r\n]] )\r\ny = +\r\n")).toEqual([
      [3, 4, 3, 5, "unexpected symbol near ')'"],
      [4, 5, 4, 6, "unexpected symbol near '+'"],
    ]);
    expect(ranges("x = (1\r\n")).toEqual([[2, 1, 2, 1, "')' expected (to close '(' at line 1) near <eof>"]]);
  });

  it("a range may span lines: a multi-line token named in the message", () => {
    // lua names the line the lexer is on (the token's last); the range ends with the token
    expect(ranges("x = 1 [[a\nbc]] y")).toEqual([[2, 1, 2, 5, "unexpected symbol near '[[a\nbc]]'"]]);
  });
});

describe("diagnose: valid programs and robustness", () => {
  it("every program of the test/lua corpus that compiles gives [] (and the others agree with compile)", () => {
    const files = luaFiles(path.join(repoRoot, "test/lua"));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const src = asLoadfile(fs.readFileSync(file, "utf8"));
      const ds = diagnose(src, "f.lua");
      if (path.basename(file).startsWith("fail_syntax_")) expect(ds.length, file).toBeGreaterThan(0);
      else expect(ds, file).toEqual([]);
    }
  });

  it("valid snippets give []", () => {
    for (const src of VALID) expect(diagnose(src), JSON.stringify(src)).toEqual([]);
  });

  it("any string: at most 50 diagnostics, never a throw, [] exactly when it compiles", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: "binary" }), (src) => {
        checkAgainstCompile(src);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("token soup: at most 50 diagnostics, never a throw, first = compile's error", () => {
    const toks = ["(", ")", "{", "}", "[", "]", "[[", "]]", "[=[", "--", "--[[", "'", '"', "\\", "\n", "\r", " ",
      "end", "do", "then", "if", "else", "elseif", "function", "local", "return", "break", "goto", "::", "x",
      "...", "..", ".", ":", ";", ",", "=", "==", "<", "-", "+", "#", "0x", "1e", "1", "3x", "\\x", "\\u{", "\\z",
      "while", "repeat", "until", "for", "in", "not", "and", "nil", "\0", "\xff", "é", "😀", "::a::", "self"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...toks), { maxLength: 120 }), (parts) => {
        checkAgainstCompile(parts.join(" "));
        checkAgainstCompile(parts.join(""));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("pathological nesting ends (no hang, no JS stack overflow)", () => {
    const cases = [
      "(".repeat(5000), "{".repeat(5000), "function(".repeat(2000), "if ".repeat(3000), "x = " + "(".repeat(250) + "=",
      "while x ".repeat(1000), "repeat ".repeat(1000) + "=", "f(function() ".repeat(150) + "= ", "do ".repeat(190) + "+",
      ("if x = 1 then\n").repeat(300), ("function f(a b)\n").repeat(300), "= ".repeat(20000), "x = \"\\q\" ".repeat(500),
      "local t = {\n" + "a = 1\n".repeat(3000), "end ".repeat(3000), ")".repeat(5000),
    ];
    for (const src of cases) {
      const ds = checkAgainstCompile(src);
      expect(ds.length).toBeGreaterThan(0);
    }
  });
});

describe("LuaError.diagnostics", () => {
  it("a syntax error thrown by compiling carries them, computed when read", () => {
    const src = "x = = 1\ny = 2 +\nz = (3";
    let err: LuaError | undefined;
    try {
      compileSource(src, "input");
    } catch (e) {
      err = e as LuaError;
    }
    expect(err).toBeInstanceOf(LuaError);
    expect(err!.diagnostics).toEqual(diagnose(src));
    expect(err!.diagnostics).toBe(err!.diagnostics); // computed once
    expect(JSON.parse(JSON.stringify({ d: err!.diagnostics })).d).toHaveLength(3);
  });

  it("also for parse() and the lexer's errors", () => {
    try {
      parse("s = 'abc\\q' + 1\nx = )", "input");
      expect.unreachable();
    } catch (e) {
      expect((e as LuaError).diagnostics).toEqual([
        { severity: "error", message: "invalid escape sequence near ''abc\\q'", line: 1, column: 5, endLine: 1, endColumn: 11 },
        { severity: "error", message: "unexpected symbol near ')'", line: 2, column: 5, endLine: 2, endColumn: 6 },
      ]);
    }
  });

  it("syntaxProblems gives byte ranges of the source as parsed", () => {
    expect(syntaxProblems(toByteString('x = "é" ) )'), "input")).toEqual([
      { message: "unexpected symbol near ')'", line: 1, column: 10, start: 9, end: 10 },
      // the second ')' is skipped with the rest of the failed statement
    ]);
    expect(syntaxProblems("x = 1", "input")).toEqual([]);
  });
});
