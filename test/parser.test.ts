// Lexer and parser tests.
//
//  * AST shape checks on programs covering every construct (precedence, sugar, positions).
//  * Differential tests against the reference interpreter: for hundreds of malformed snippets
//    (lexer errors, syntax errors, goto/label/break errors, nesting and local/upvalue limits) our
//    LuaError message must equal what lua5.3's load() returns, byte for byte; valid programs must
//    load under both; numeral and string literal values must be bit-identical. Nothing expected
//    is hard-coded: every expectation is what lua5.3 says at test time. Without lua5.3 these tests
//    are skipped, except under CI where its absence is a failure.
//  * Robustness: random bytes and mutated programs, huge nesting and huge tokens either parse or
//    throw a LuaError of kind "syntax", quickly, and never anything else.

import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { parse } from "../src/vm/parser.js";
import { LuaError, rawMessage } from "../src/vm/errors.js";
import { LuaFloat } from "../src/vm/value.js";
import { Lexer, TK_EOS, str2number } from "../src/vm/lexer.js";
import type * as A from "../src/vm/ast.js";
import { haveLua, LUA } from "./lua53.js";

const inCI = !!process.env.CI;
const SEED = Number(process.env.PARSER_SEED ?? 20240917);

// ------------------------------------------------------------------------------------ helpers

/** Our outcome for a source: "OK" or the syntax error message (anything else is a failure). */
function ours(src: string): string {
  try {
    parse(src, "input");
    return "OK";
  } catch (e) {
    if (e instanceof LuaError && e.kind === "syntax") return rawMessage(e); // the bytes lua prints
    throw e;
  }
}

/** Lua side of the batch protocol: length-prefixed sources in, length-prefixed results out. */
const BATCH = `
local data = io.read("a")
local pos, out = 1, {}
while pos <= #data do
  local nl = data:find("\\n", pos, true)
  local n = tonumber(data:sub(pos, nl - 1))
  local src = data:sub(nl + 1, nl + n)
  pos = nl + n + 1
  local f, e = load(src, "=input")
  local r
  if not f then r = e
  elseif VALUES then
    local ok, v = pcall(f)
    if not ok then r = "OK"
    elseif math.type(v) == "integer" then r = "int " .. string.format("%d", v)
    elseif math.type(v) == "float" then
      r = "float " .. string.format("%016x", string.unpack(">i8", string.pack(">d", v)))
    elseif type(v) == "string" then
      r = "str " .. v:gsub(".", function(c) return string.format("%02x", c:byte()) end)
    else r = "OK" end
  else r = "OK" end
  out[#out + 1] = #r .. "\\n" .. r
end
io.write(table.concat(out))
`;

/** Run sources through lua5.3's load() (from a chunk, as a script would); one result each. */
function luaBatch(sources: string[], values = false): string[] {
  const input = sources.map((s) => `${s.length}\n${s}`).join("");
  const r = spawnSync(LUA, ["-e", (values ? "VALUES = true " : "") + BATCH], {
    input: Buffer.from(input, "latin1"),
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`lua5.3 failed: ${r.stderr?.toString()} ${r.error ?? ""}`);
  const out = r.stdout.toString("latin1");
  const res: string[] = [];
  let p = 0;
  while (p < out.length) {
    const nl = out.indexOf("\n", p);
    const n = Number(out.slice(p, nl));
    res.push(out.slice(nl + 1, nl + 1 + n));
    p = nl + 1 + n;
  }
  expect(res.length).toBe(sources.length);
  return res;
}

/** Compare our outcome with lua's for every source; report all mismatches at once. */
function expectSameAsLua(sources: string[], firstLineOnly = false): void {
  const expected = luaBatch(sources);
  const bad: string[] = [];
  sources.forEach((src, i) => {
    let exp = expected[i]!;
    let got = ours(src);
    if (firstLineOnly) {
      exp = exp.split("\n")[0]!;
      got = got.split("\n")[0]!;
    }
    if (got !== exp) {
      bad.push(`${JSON.stringify(src.length > 300 ? src.slice(0, 300) + "..." : src)}\n  lua: ${JSON.stringify(exp)}\n  got: ${JSON.stringify(got)}`);
    }
  });
  expect(bad.slice(0, 20).join("\n")).toBe("");
}

const dv = new DataView(new ArrayBuffer(8));
function valueRepr(v: number | bigint | LuaFloat): string {
  if (typeof v === "bigint") return "int " + v.toString();
  if (typeof v === "number" && Number.isInteger(v)) return "int " + v;
  dv.setFloat64(0, typeof v === "number" ? v : v.n);
  return "float " + dv.getBigUint64(0).toString(16).padStart(16, "0");
}

/** Our value of `return <literal>` as the lua side prints it, or the outcome otherwise. */
function ourValue(src: string): string {
  let c: A.Chunk;
  try {
    c = parse(src, "input");
  } catch (e) {
    if (e instanceof LuaError && e.kind === "syntax") return rawMessage(e); // the bytes lua prints
    throw e;
  }
  const st = c.body.stats;
  if (st.length === 1 && st[0]!.kind === "Return" && st[0]!.exprs.length === 1) {
    const e = st[0]!.exprs[0]!;
    if (e.kind === "Number") return valueRepr(e.value);
    if (e.kind === "String") {
      return "str " + [...e.value].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, "0")).join("");
    }
  }
  return "OK";
}

function expectSameValues(sources: string[]): void {
  const expected = luaBatch(sources, true);
  const bad: string[] = [];
  sources.forEach((src, i) => {
    let exp = expected[i]!;
    const got = ourValue(src);
    if (got === "OK" && /^(int|float|str) /.test(exp)) exp = "OK";
    if (got !== exp) bad.push(`${JSON.stringify(src)}\n  lua: ${JSON.stringify(exp)}\n  got: ${JSON.stringify(got)}`);
  });
  expect(bad.slice(0, 20).join("\n")).toBe("");
}

/** Compact rendering of expressions for shape assertions. */
function show(e: A.Expr): string {
  switch (e.kind) {
    case "Nil": return "nil";
    case "True": return "true";
    case "False": return "false";
    case "Vararg": return "...";
    case "Number": return typeof e.value === "object" ? `${e.value.n}.0` : String(e.value);
    case "String": return JSON.stringify(e.value);
    case "Name": return e.name;
    case "Index": return `${show(e.obj)}[${show(e.key)}]`;
    case "Call": return `${show(e.fn)}(${e.args.map(show).join(", ")})`;
    case "MethodCall": return `${show(e.obj)}:${e.name}(${e.args.map(show).join(", ")})`;
    case "Function": return `function(${e.params.join(", ")}${e.isVararg ? (e.params.length ? ", ..." : "...") : ""})`;
    case "Table": return `{${e.items.map((it) => it.kind === "PosItem" ? show(it.value) : it.kind === "NamedItem" ? `${it.name}=${show(it.value)}` : `[${show(it.key)}]=${show(it.value)}`).join(", ")}}`;
    case "Binary": return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case "Unary": return `(${e.op} ${show(e.operand)})`;
    case "Paren": return `<${show(e.expr)}>`;
  }
}

function expr(src: string): A.Expr {
  const st = parse(`return ${src}`, "input").body.stats[0] as A.ReturnStat;
  return st.exprs[0]!;
}

function stats(src: string): A.Stat[] {
  return parse(src, "input").body.stats;
}

// ------------------------------------------------------------------------------------ corpora

/** Valid programs covering every construct. */
const VALID: string[] = [
  "",
  ";;;",
  "local a",
  "local a, b, c = 1, 2.5, 'three'",
  "x = 1 y = 2; z = x + y",
  "a, b.c, d[1] = 1, 2, 3",
  "a.b.c.d = f()",
  "a[b][c] = 1",
  "f() g 'str' h [[long]] k {1, 2} o:m() o:m 'x' o:m {}",
  "f()() (f)() f{}{} f''''",
  "a.b.c:m(1, 2):n(3).x = 4",
  "local t = { 1, 2; 3, x = 1, ['y'] = 2, [3] = 3, f(), ..., }",
  "local t = {} local u = {x = {}}",
  "do end do local x end do do do end end end",
  "while x do x = x - 1 end while true do break end",
  "repeat local x = f() until x repeat until true",
  "if a then elseif b then elseif c then else end",
  "if a then b() end if a then else b() end",
  "for i = 1, 10 do end for i = 10, 1, -1 do local j = i end",
  "for k, v in pairs(t) do end for a, b, c, d in f() do end for x in f, s, i do end",
  "function f() end function f.g() end function f.g.h:i() return self end",
  "local function f(a, b, ...) return ... end local function g(...) local a, b = ... end",
  "return",
  "return;",
  "return 1, 2, 3",
  "return f()",
  "do return end",
  "goto l ::l::",
  "::top:: goto top",
  "do goto e end ::e::",
  "while true do if x then goto continue end ::continue:: end",
  "for i = 1, 2 do local x; if x then break end end",
  "repeat local y goto cont ::cont:: until y",
  "x = -1 x = - - 1 x = not not x x = ~~1 x = #t x = -x^2",
  "x = 1 + 2 - 3 * 4 / 5 // 6 % 7 ^ 8 .. 'a' .. 'b' == c ~= d < e <= f > g >= h and i or j",
  "x = 1 & 2 | 3 ~ 4 << 5 >> 6",
  "x = 0x10 + 0xA.8p1 + 1e10 + .5 + 3. + 0x.1 + 1E-3 + 0XFF",
  "x = 'a\\z   \n   b' .. \"\\x41\\65\\u{48}\\u{10FFFF}\\0\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\'\"",
  "x = [==[\n]]]=]]==] .. [[\r\nx\n\ry]]",
  "--[==[ long\ncomment ]==] x = 1 -- line comment\n--[[ ]] y = 2 --",
  "local _ENV = {} x = 1",
  "local function f() return function() return function() return x end end end",
  "x = function(...) return ... end",
  "x = (f()) x = (...) x = ((1))",
  "a = {f = function(self) return self end} a:f()",
  "local x = 1\r\nlocal y = 2\rlocal z = 3\n\rlocal w = 4",
  "x = a.b.c.d.e.f.g.h",
  "x = f(function() end, function(...) end)",
  "local a = {[1]={[2]={[3]={}}}}",
  "x = 9223372036854775807 y = 9223372036854775808 z = 0xffffffffffffffff w = 1e309",
];

/** Malformed snippets: lexer errors, syntax errors, semantic errors, limits. */
const INVALID: string[] = [
  // lexer: numerals
  "x = 0x", "x = 0x.p1", "x = 1e+", "x = 3e4e", "x = .e5", "3x", "x = 3x", "0x", "3..2", "0xep", "1e", ".5e", "3.4.5",
  "x = 0x1p", "x = 1.2.3", "x = 08f", "x = 0xg", "x = 1e2e3",
  // lexer: strings and escapes
  'x = "\\u{}"', 'x = "\\u{12g"', 'x = "\\u{12', 'x = "\\x', 'x = "\\x5', 'x = "\\x5g"', 'x = "\\400', 'x = "\\25',
  'x = "\\', 'x = "abc\ndef"', 'x = "a\\65\n', 'x="\\q"', 'x="\\300"', 'x="\\xg"', 'x="\\u123"', 'x="abc',
  'x = "\\u{110000}"', 'x = "\\u{7FFFFFFF}"', 'x = "\\u{80000000}"', "x = 'a\\\rb' y", "x = 'abc\\0def' 'x' 1",
  'x = "\\xff\\xfe" 1', "x = 'a\x00b' 1", "x = 'abc\r'", 'x = "\\z', "x = '\\9999'",
  // lexer: long strings and comments
  "x = [=", "x = [=[", "x = [==x", "--[==[ comment", "--[[ a\n b", "x = [==[ab", "x = [[a\0b]] 1", "x = [==[ab\nc]==] y",
  "x = [=[]]]=] 1", "x = [=[]==]]=] 1", "x = [==[\r\nab\r\n\n\rc]==] 1", "--[==[ x ]==] x", "x = 1 --[[\n\n]] y",
  // lexer: stray bytes
  "x=@", "x=$", "x=\x01", "x=\x7f", "x=\xc3\xa9", "x=\xff", "x = \0", "x = `", "x = ?", "!",
  // syntax
  "x = 1 +", "x = 5 ...", "::x", "goto", "x = a.1", "x = a..", "local function f() return end end", "return 1;;",
  "return 1; x = 2", "if x then elseif y then else else end", "for i = 1 do end", "for i, j = 1 do end", "for 1 = 2",
  "function f(a, b.c) end", "function f(a, ..., b) end", "x = {[1] 2}", "x = {a = }", "x = {,}", "x = {1,,2}",
  "a, b = ", "a, b() = 1", "a.b:c = 1", "x = #", "x = not", "local a <close> = 1", "x = a ~== b",
  "while true do end x", "repeat until", "do end end", "end", "else", "until x", "then", "f() = 1", "(f)", "(a)",
  "x = 'a':rep(2)", "x = {}.a", "x = nil.a", "local t = {x y}", "local t = {x = }", "x = 3 4", "x = .. 3",
  "f(", "f(1", "f(1\n", "f(\n1,\n2", "f{\n1,\n2", "local function", "local 3", "function a.b:c.d() end",
  "x = a:b", "x = a:b.c", "for a do", "for a.b", "goto 3", "a.b", "a", "a()=1", "a.b.c = 1, ", "return return",
  "return 1 x", "if x then else elseif end", "x = function\n() \n", "local function f\n() \n", "function a.b\n() \n",
  "if x then\n\n", "while x do\n\n", "for i=1,2 do\n", "repeat\n\n", "x = {a b}", "x = {a 'b' c}", "x = {a\n\n'b' c}",
  "x = {[[\na\nb]] c}", "x = { x = 1 y }", "x = 1\r\n\r\ny +", "x = 1\n\r\n\ry +", "x = 1\r\r\n\n y +",
  "x = 'a\\\n\\\r\\\r\n\\\n\rb' + ", "function f(...) return function() return ... end end", "function (", "local x, = 1",
  "x = f(a,)", "x = (1,2)", "x = a[]", "x.y:z", "x = {[1]}", "if then end", "while do end", "x = [[a]] .. ]]",
  "break = 1", "goto = 1", "local nil", "function 1() end", "x = 1 = 2", "::1::", ":: a ::\n:: a ::",
  // goto / label / break
  "break", "goto foo", "do goto f; local y; ::f:: print(y) end", "::a:: ::a::", "::a::\n\n::a::",
  "function f()\n  break\nend\n\nx = 1", "do\n goto l\n local a\n ::l::\n print(a)\nend\n\n\nx=1",
  "repeat\n goto l\n local a\n ::l::\nuntil a", "goto l\nlocal x\n::l::\n;\n::m::\n\nx=1", "local function f() goto x end",
  "for i=1,2 do\n break\n ::l:: ::l:: end", "do ::l:: end goto l", "if x then goto l end local y ::l:: y()",
  "while x do local a goto b local c ::b:: c = 1 end", "do goto x end", "function f() goto l end ::l::",
  "if x then break end", "local x = function() break end", "goto l; do ::l:: end",
  // valid goto forms (must parse under both)
  "do local x; goto f; local y; ::f:: end", "::a:: do ::a:: end", "while true do\n goto l\nend\n\n::l::",
  "goto continue; local x; ::continue::", "do goto l end ::l::", "::l:: do goto l end", "repeat goto l; local x ::l:: until true",
  "local x = 1 goto l local y ::l:: return", "for i = 1, 2 do if i then break end end break",
  "while 1 do if x then break; ; else break end end", "if x then goto l; ; end ::l::",
];

/** Nesting, local-variable and upvalue limits around their thresholds. */
function limitCases(): string[] {
  const r = (s: string, n: number) => s.repeat(n);
  const c: string[] = [];
  for (const n of [195, 196, 197, 198, 199]) {
    c.push("x = " + r("(", n) + "1" + r(")", n));
    c.push("x = " + r("{", n) + "1" + r("}", n));
    c.push(r("do ", n) + r(" end", n));
    c.push(r("function f() ", n) + r(" end", n));
    c.push("x = " + r("- ", n) + "1");
    c.push("x = " + r("not ", n) + "1");
    c.push("x = " + r("2^", n) + "1");
    c.push("x = " + r("a..", n) + "1");
    c.push("x = " + r("a.b[", n) + "1" + r("]", n));
    c.push("x = " + r("f(", n) + "1" + r(")", n));
    c.push(r("if x then ", n) + r(" end", n));
    c.push(r("while x do ", n) + r(" end", n));
    c.push(r("repeat ", n) + r(" until x", n));
    c.push(r("for i=1,2 do ", n) + r(" end", n));
    c.push(r("local x = function() ", n) + r(" end", n));
    c.push(r(";", n) + "::a::" + r(";", n));
    c.push(r("::a", 1) + r("; ", n));
    c.push(r("a, ", n) + "a = 1");
    c.push("x = " + r("{{", n >> 1) + "a b" + r("}}", n >> 1));
    c.push("x = " + r("{{", n >> 1) + "a = b" + r("}}", n >> 1));
    c.push(r("if x then goto l; ", n) + r(" end", n));
  }
  c.push("local " + r("a,", 199) + "a = 1");
  c.push("local " + r("a,", 200) + "a = 1");
  c.push("function f(" + r("a,", 200) + "a) end");
  c.push("function a:f(" + r("a,", 199) + "a) end");
  c.push("function a:f(" + r("a,", 198) + "a) end");
  c.push(r("local a ", 198) + " for i = 1, 2 do end");
  c.push(r("local a ", 197) + " for i = 1, 2 do end");
  c.push(r("local a ", 196) + " for i, j in x do end");
  c.push(r("local a ", 200) + " local function f() end");
  c.push(r("local a ", 199) + "\n\n local x = function() local b, c end");
  c.push(r("local a ", 150) + "function g() " + r("local b ", 150) + " end local c");
  const locs = Array.from({ length: 300 }, (_, i) => `local v${i + 1} = 1`);
  const refs = (n: number) => Array.from({ length: n }, (_, i) => `v${i + 1}`).join("+");
  const prefix = locs.slice(0, 150).join("\n") + "\nfunction g()\n" + locs.slice(150).join("\n");
  c.push(prefix + "\n return function() return " + refs(260) + " end end");
  c.push(prefix + "\n return function() return " + refs(254) + " end end");
  c.push(prefix + "\n return function() return " + refs(255) + " + print end end");
  c.push(prefix + "\n return function() _ENV = 1 return " + refs(254) + " end end");
  return c;
}

/** Snippets that exceed lua's table-size limits; lua appends a traceback, compare line 1. */
function growLimitCases(): string[] {
  return [
    "do local x end ".repeat(32767),
    "do local x end ".repeat(32768),
    "goto a ".repeat(32767), // (with a label lua takes seconds: its goto lists are quadratic)
    "goto a ".repeat(32768) + "::a::",
  ];
}

function corpusFiles(): string[] {
  const dirs = ["test/lua/core", "bench/programs"].map((d) => path.join(path.dirname(fileURLToPath(import.meta.url)), "..", d));
  const out: string[] = [];
  for (const d of dirs) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).sort()) {
      if (f.endsWith(".lua")) out.push(fs.readFileSync(path.join(d, f)).toString("latin1"));
    }
  }
  return out;
}

// A deterministic mutation generator for differential fuzzing.
const FRAGMENTS = [
  "(", ")", "{", "}", "[", "]", "[[", "]]", "[=[", "--", "--[[", "'", '"', "\\", "\n", "\r", " ", "end", "do",
  "then", "if", "else", "elseif", "function", "local", "return", "break", "goto", "::", "::x::", "x", "...", "..",
  ".", ":", ";", ",", "=", "==", "~=", "<", "<=", "<<", ">>", "//", "~", "#", "-", "+", "*", "^", "%", "&", "|",
  "0x", "1e", "1", "0", ".5", "3x", "\\x", "\\u{", "\\z", "\\9", "\\300", "while", "repeat", "until", "for", "in",
  "not", "and", "or", "nil", "true", "false", "\0", "\x01", "\xff", "goto x", "::a::", "local x", "break;", "self",
];
const mutation = (base: string[]) =>
  fc.tuple(
    fc.integer({ min: 0, max: base.length - 1 }),
    fc.array(
      fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(), fc.nat({ max: 40 }), fc.integer({ min: 0, max: FRAGMENTS.length - 1 }), fc.nat({ max: 255 })),
      { minLength: 1, maxLength: 3 },
    ),
  ).map(([fi, ops]) => {
    let s = base[fi]!;
    for (const [kind, p0, len, frag, byte] of ops) {
      const a = s.length === 0 ? 0 : p0 % (s.length + 1);
      const b = Math.min(s.length, a + len);
      switch (kind) {
        case 0: s = s.slice(0, a); break;
        case 1: s = s.slice(0, a) + s.slice(b); break;
        case 2: s = s.slice(0, a) + FRAGMENTS[frag] + s.slice(a); break;
        case 3: s = s.slice(0, a) + s.slice(a, b) + s.slice(a); break;
        case 4: s = s.slice(0, a) + FRAGMENTS[frag] + s.slice(b); break;
        default: s = s.slice(0, a) + String.fromCharCode(byte) + s.slice(a + 1); break;
      }
    }
    return s;
  });

// ------------------------------------------------------------------------------------ AST shapes

describe("parser: AST shapes", () => {
  it("operator precedence and associativity follow lua 5.3", () => {
    const cases: [string, string][] = [
      ["1 + 2 * 3", "(+ 1 (* 2 3))"],
      ["1 * 2 + 3", "(+ (* 1 2) 3)"],
      ["1 - 2 - 3", "(- (- 1 2) 3)"],
      ["-2 ^ 2", "(- (^ 2 2))"],
      ["2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"],
      ["2 ^ -3 ^ 2", "(^ 2 (- (^ 3 2)))"],
      ["a .. b .. c", "(.. a (.. b c))"],
      ["a .. b + c", "(.. a (+ b c))"],
      ["a + b .. c", "(.. (+ a b) c)"],
      ["a or b and c", "(or a (and b c))"],
      ["a and b or c and d", "(or (and a b) (and c d))"],
      ["not a == b", "(== (not a) b)"],
      ["a < b == c", "(== (< a b) c)"],
      ["1 << 2 + 3", "(<< 1 (+ 2 3))"],
      ["a & b | c ~ d", "(| (& a b) (~ c d))"],
      ["a | b ~ c & d << e .. f", "(| a (~ b (& c (<< d (.. e f)))))"],
      ["~x & y", "(& (~ x) y)"],
      ["#t + 1", "(+ (# t) 1)"],
      ["- - x", "(- (- x))"],
      ["1 // 2 % 3 * 4 / 5", "(/ (* (% (// 1 2) 3) 4) 5)"],
      ["x == y ~= z", "(~= (== x y) z)"],
      ["a <= b >= c > d", "(> (>= (<= a b) c) d)"],
      ["(a + b) * c", "(* <(+ a b)> c)"],
      ["-x ^ -y ^ z", "(- (^ x (- (^ y z))))"],
      ["not not a", "(not (not a))"],
      ["1 + -2", "(+ 1 (- 2))"],
      ["a.b.c", 'a["b"]["c"]'],
      ["a[1][b]", "a[1][b]"],
      ["f(1)(2)", "f(1)(2)"],
      ["o:m(1):n()", "o:m(1):n()"],
      ["f'x' {1} [[y]]", 'f("x")({1})("y")'],
      ["(f)()", "<f>()"],
      ["{1, x = 2, [3] = 4; f(), ...}", "{1, x=2, [3]=4, f(), ...}"],
      ["function(a, b, ...) end", "function(a, b, ...)"],
      ["nil and true or false", "(or (and nil true) false)"],
    ];
    for (const [src, want] of cases) expect(show(expr(src)), src).toBe(want);
  });

  it("numeral values follow value.ts's representation", () => {
    const v = (s: string) => (expr(s) as A.NumberExpr).value;
    expect(v("42")).toBe(42);
    expect(v("0x10")).toBe(16);
    expect(v("0xffffffffffffffff")).toBe(-1);
    expect(v("0x7fffffffffffffff")).toBe(0x7fffffffffffffffn);
    expect(v("9223372036854775807")).toBe(9223372036854775807n);
    expect(v("9007199254740991")).toBe(9007199254740991);
    expect(v("9007199254740992")).toBe(9007199254740992n);
    expect(v("1.5")).toBe(1.5);
    const f = (s: string) => {
      const x = v(s);
      expect(x).toBeInstanceOf(LuaFloat);
      return (x as LuaFloat).n;
    };
    expect(f("1.0")).toBe(1);
    expect(f("1e2")).toBe(100);
    expect(f("9223372036854775808")).toBe(9223372036854775808);
    expect(f("0x1p4")).toBe(16);
    expect(v("1e309")).toBe(Infinity);
    expect(v("0x.8")).toBe(0.5);
    expect(v(".5")).toBe(0.5);
  });

  it("string escapes and long strings decode to bytes", () => {
    const s = (src: string) => (expr(src) as A.StringExpr).value;
    expect(s(`"\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\'"`)).toBe("\x07\b\f\n\r\t\v\\\"'");
    expect(s(`"\\x41\\65\\066\\0x"`)).toBe("AAB\0x");
    expect(s(`"\\u{48}\\u{e9}\\u{20ac}\\u{10FFFF}"`)).toBe("H\xc3\xa9\xe2\x82\xac\xf4\x8f\xbf\xbf");
    expect(s(`"a\\z  \n\t  b"`)).toBe("ab");
    expect(s(`"a\\\nb\\\r\nc"`)).toBe("a\nb\nc");
    expect(s("[[\nabc]]")).toBe("abc");
    expect(s("[==[\r\na]]b]=]c]==]")).toBe("a]]b]=]c");
    expect(s("[[a\r\nb\n\rc\rd\ne]]")).toBe("a\nb\nc\nd\ne");
    expect(s("'\xff\x80'")).toBe("\xff\x80");
  });

  it("statements and their fields", () => {
    const st = stats(
      "local a, b = 1\n" + // 1
      "a, t.x, t[1] = 1, 2\n" + // 2
      "f(1)\n" + // 3
      "o:m 'x'\n" + // 4
      "do local c end\n" + // 5
      "while a do break end\n" + // 6
      "repeat local d until d\n" + // 7
      "if a then elseif b then else end\n" + // 8
      "for i = 1, 2, 3 do end\n" + // 9
      "for k, v in pairs(t) do end\n" + // 10
      "function t.a.b:m(x, ...) end\n" + // 11
      "local function lf() end\n" + // 12
      "goto l ::l::\n" + // 13
      "return 1, 2", // 14
    );
    expect(st.map((s) => s.kind)).toEqual([
      "Local", "Assign", "CallStat", "CallStat", "Do", "While", "Repeat", "If", "NumericFor", "GenericFor",
      "FunctionStat", "LocalFunction", "Goto", "Label", "Return",
    ]);
    const loc = st[0] as A.LocalStat;
    expect(loc.names).toEqual(["a", "b"]);
    expect(loc.exprs.map(show)).toEqual(["1"]);
    const asg = st[1] as A.AssignStat;
    expect(asg.targets.map(show)).toEqual(["a", 't["x"]', "t[1]"]);
    expect([asg.line, asg.col]).toEqual([2, 14]); // the '=' token
    const mc = (st[3] as A.CallStat).call as A.MethodCallExpr;
    expect([mc.kind, mc.name, mc.nameLine, mc.nameCol, mc.args.map(show)]).toEqual(["MethodCall", "m", 4, 3, ['"x"']]);
    const rep = st[6] as A.RepeatStat;
    expect(rep.body.stats[0]!.kind).toBe("Local");
    expect(show(rep.cond)).toBe("d");
    const iff = st[7] as A.IfStat;
    expect(iff.clauses.map((c) => show(c.cond))).toEqual(["a", "b"]);
    expect(iff.clauses[1]!.col).toBe(11);
    expect(iff.orelse).toBeDefined();
    const nf = st[8] as A.NumericForStat;
    expect([nf.var, show(nf.start), show(nf.limit), nf.step && show(nf.step)]).toEqual(["i", "1", "2", "3"]);
    const gf = st[9] as A.GenericForStat;
    expect([gf.names, gf.exprs.map(show)]).toEqual([["k", "v"], ["pairs(t)"]]);
    const fs_ = st[10] as A.FunctionStat;
    expect(show(fs_.target)).toBe('t["a"]["b"]["m"]');
    expect([fs_.func.isMethod, fs_.func.params, fs_.func.isVararg, fs_.func.name]).toEqual([true, ["self", "x"], true, "t.a.b:m"]);
    expect([fs_.func.line, fs_.func.endLine]).toEqual([11, 11]);
    const lf = st[11] as A.LocalFunctionStat;
    expect([lf.name, lf.func.name, lf.func.isMethod, lf.func.params]).toEqual(["lf", "lf", false, []]);
    expect((st[12] as A.GotoStat).label).toBe("l");
    expect((st[13] as A.LabelStat).name).toBe("l");
    expect((st[14] as A.ReturnStat).exprs.map(show)).toEqual(["1", "2"]);
    expect((stats("function foo() end")[0] as A.FunctionStat).func.name).toBe("foo");
    expect((stats("function a.b:c() end")[0] as A.FunctionStat).func.name).toBe("a.b:c");
    expect((stats("x = function() end")[0] as A.AssignStat).exprs[0]).toMatchObject({ kind: "Function", name: undefined });
  });

  it("positions: 1-based lines and byte columns, lua's blame conventions", () => {
    const st = stats("local x = a\n  + b * c\nf(\n 1)\nt.k[i] = '\xc3\xa9' .. z");
    const bin = (st[0] as A.LocalStat).exprs[0] as A.BinaryExpr;
    expect([bin.op, bin.line, bin.col]).toEqual(["+", 2, 3]); // the operator
    expect([bin.left.line, bin.left.col]).toEqual([1, 11]);
    expect([(bin.right as A.BinaryExpr).line, (bin.right as A.BinaryExpr).col]).toEqual([2, 7]);
    const call = (st[1] as A.CallStat).call as A.CallExpr;
    expect([call.line, call.col]).toEqual([3, 1]); // where the prefix starts
    expect([call.args[0]!.line, call.args[0]!.col]).toEqual([4, 2]);
    const idx = (st[2] as A.AssignStat).targets[0] as A.IndexExpr;
    expect(((st[2] as A.AssignStat).exprs[0] as A.BinaryExpr).col).toBe(15); // columns count bytes
    expect([idx.line, idx.col]).toEqual([5, 4]); // the '['
    expect([(idx.obj as A.IndexExpr).line, (idx.obj as A.IndexExpr).col]).toEqual([5, 2]); // the '.'
    const ml = stats("x = [[a\nb]] .. y")[0] as A.AssignStat;
    expect([(ml.exprs[0] as A.BinaryExpr).line, (ml.exprs[0] as A.BinaryExpr).col]).toEqual([2, 5]);
    // function lines: linedefined / lastlinedefined as lua reports them
    const f = (stats("local f = function(a)\n\nend")[0] as A.LocalStat).exprs[0] as A.FunctionExpr;
    expect([f.line, f.endLine]).toEqual([1, 3]);
    const tb = (stats("t = {\n1,\n2\n}")[0] as A.AssignStat).exprs[0] as A.TableExpr;
    expect([tb.line, tb.endLine]).toEqual([1, 4]);
    const chunk = parse("x = 1\n\n", "input");
    expect(chunk.body.endLine).toBe(3);
    expect(chunk.chunkName).toBe("input");
  });

  it("syntax errors carry the line and column of the offending token", () => {
    const err = (src: string) => {
      try {
        parse(src, "chunk");
      } catch (e) {
        return e as LuaError;
      }
      throw new Error("no error");
    };
    const e1 = err("x = 1 +\n  @");
    expect(e1).toBeInstanceOf(LuaError);
    expect([e1.kind, e1.message, e1.chunkName, e1.line, e1.column]).toEqual(["syntax", "chunk:2: unexpected symbol near '@'", "chunk", 2, 3]);
    const e2 = err("local s = 'abc\nx");
    expect([e2.message, e2.line, e2.column]).toEqual(["chunk:1: unfinished string near ''abc'", 1, 11]);
    const e3 = err("for i = 1, 2 do\n  x = 1\n");
    expect([e3.message, e3.line]).toEqual(["chunk:3: 'end' expected (to close 'for' at line 1) near <eof>", 3]);
    expect(e3.format()).toContain("syntax error: chunk:3:");
  });

  it("lexer: tokens, keywords and line counting", () => {
    const lx = new Lexer("local x = a // b .. c ... d ~= e <= f >= g << h >> i :: j ~ k\r\n\n\r\r\n y", "t");
    const toks: number[] = [];
    do {
      lx.next();
      toks.push(lx.t);
    } while (lx.t !== TK_EOS);
    expect(toks.length).toBe(26);
    expect(lx.line).toBe(4);
    expect(str2number(" 0x10 ")).toBe(16);
    expect(str2number("-0x1p-1")).toBe(-0.5);
    expect(str2number("1e")).toBeUndefined();
    expect(str2number("inf")).toBeUndefined();
  });
});

// ------------------------------------------------------------------------------------ differential

describe.runIf(haveLua || inCI)("parser: differential against lua5.3", () => {
  it.runIf(inCI)("lua5.3 is available", () => {
    expect(haveLua, `${LUA} is required in CI`).toBe(true);
  });

  it(`malformed snippets give lua's exact messages (${INVALID.length} cases)`, () => {
    expect(INVALID.length).toBeGreaterThan(80);
    expectSameAsLua(INVALID);
  });

  it("valid programs load under both", () => {
    const res = luaBatch(VALID);
    expect(res.filter((r) => r !== "OK")).toEqual([]);
    for (const src of VALID) expect(ours(src), src).toBe("OK");
  });

  it("nesting, local variable and upvalue limits", () => {
    expectSameAsLua(limitCases());
  });

  it("table-size limits (lua adds a traceback: first line only)", () => {
    expectSameAsLua(growLimitCases(), true);
  });

  it("the repository's Lua programs load (or fail) as under lua5.3", () => {
    const files = corpusFiles();
    expectSameAsLua(files);
  });

  it("numeral values are bit-identical", () => {
    const fixed = [
      "0x7fffffffffffffff", "0xffffffffffffffff", "0x10000000000000000", "9223372036854775807", "9223372036854775808",
      "18446744073709551616", "1e308", "1e309", "2e-324", "3e-324", "0x1p-1074", "0x1p-1075", "0x1.8p-1075", "0x3p-1076",
      "0x1.fffffffffffff8p0", "0x1.fffffffffffff7p0", "0x1.fffffffffffff9p0", "0x.1", "0xA.8p1", "3.", ".5", "1E+5",
      "1e-400", "0x123456789abcdef0123p-10", "123456789012345678901234567890", "0x1P1024", "0x1.fffffffffffffp1023",
      "0x1.fffffffffffff8p1023", "0x0.00000000000000000000001p0", "0x00000000000000000000000000001", "0xp1", "0x.",
      "1..2", "0e0", "0x0p0", "00001", "0x1p99999999999999999", "0x1p-99999999999999999", "1e99999999999999999999",
      "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
      "0x1.0000000000000000000000001p0", "0x10000000000000.8p0", "0x20000000000001p0", "0x20000000000003p0",
    ].map((s) => "return " + s);
    const chars = "0123456789abcdefABCDEFxXpPeE.+-";
    const numeral = fc.tuple(
      fc.constantFrom("0x", "", "", "."),
      fc.integer({ min: 0, max: 9 }),
      fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }).map(String), fc.constantFrom(...chars.split(""))), { maxLength: 24 }),
    ).map(([p, d, rest]) => `return ${p}${d}${rest.join("")}`);
    const random = fc.sample(numeral, { seed: SEED, numRuns: 1500 });
    expectSameValues([...fixed, ...random]);
  });

  it("string literal values are byte-identical", () => {
    const escs = [
      "\\a", "\\b", "\\f", "\\n", "\\r", "\\t", "\\v", "\\\\", '\\"', "\\'", "\\\n", "\\\r\n", "\\\n\r", "\\\r",
      "\\z  \n\t ", "\\z", "\\x", "\\x4", "\\x4g", "\\xff", "\\xFF", "\\x00", "\\0", "\\00", "\\000", "\\255", "\\256",
      "\\1234", "\\u{0}", "\\u{7f}", "\\u{80}", "\\u{7ff}", "\\u{800}", "\\u{ffff}", "\\u{10000}", "\\u{10ffff}",
      "\\u{110000}", "\\u{0000000041}", "\\u", "\\u{", "\\u{}", "\\u{41", "\\q", "\\", "a", "b", "\n", "\r", "\r\n",
      "\n\r", "\0", "\xff", "'", '"', " ", "]]", "]=]", "[[",
    ];
    const lit = fc.tuple(
      fc.constantFrom("'", '"', "[[", "[=[", "[==["),
      fc.array(fc.constantFrom(...escs), { maxLength: 8 }),
      fc.boolean(),
    ).map(([q, body, close]) => {
      const end = q.startsWith("[") ? q.replace(/\[/g, "]") : q;
      return `return ${q}${body.join("")}${close ? end : ""}`;
    });
    expectSameValues(fc.sample(lit, { seed: SEED, numRuns: 1500 }));
  });

  it("random goto/label/break/local programs give lua's semantic errors", () => {
    const prog = fc.letrec((tie) => ({
      block: fc.array(tie("stat"), { maxLength: 5 }).chain((a) =>
        fc.constantFrom(" ", "\n", ";\n").map((sep) => (a as string[]).join(sep))),
      stat: fc.oneof(
        { maxDepth: 4, depthSize: "small" },
        fc.constantFrom("goto a", "goto b", "goto c", "::a::", "::b::", "::c::", "local x", "local y", ";", "break",
          "x = 1", "return"),
        tie("block").map((b) => `do ${b} end`),
        tie("block").map((b) => `while x do ${b} end`),
        tie("block").map((b) => `repeat ${b} until y`),
        tie("block").map((b) => `if x then ${b} end`),
        fc.tuple(tie("block"), tie("block")).map(([b, c]) => `if x then ${b} else ${c} end`),
        tie("block").map((b) => `for i = 1, 2 do ${b} end`),
        tie("block").map((b) => `local function f() ${b} end`),
      ),
    }));
    expectSameAsLua(fc.sample(prog.block as fc.Arbitrary<string>, { seed: SEED, numRuns: 3000 }));
  });

  it("mutated programs fail (or not) exactly as under lua5.3", () => {
    const base = [...VALID.filter((s) => s.length > 10), ...corpusFiles()];
    const cases = fc.sample(mutation(base), { seed: SEED, numRuns: 1500 });
    expectSameAsLua(cases);
  });
});

// ------------------------------------------------------------------------------------ robustness

function syntaxOrChunk(src: string): void {
  try {
    const c = parse(src, "input");
    expect(c.kind).toBe("Chunk");
  } catch (e) {
    if (!(e instanceof LuaError) || e.kind !== "syntax") throw e;
    expect(e.message.startsWith("input:") || e.message.startsWith("too many")).toBe(true);
  }
}

function timed(limitMs: number, f: () => void): void {
  const t0 = performance.now();
  f();
  expect(performance.now() - t0).toBeLessThan(limitMs);
}

describe("parser: robustness", () => {
  it("random byte strings parse or raise a syntax error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        syntaxOrChunk(String.fromCharCode(...bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("random JS strings (not byte strings) never raise anything but a syntax error", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 100 }), (s) => syntaxOrChunk(s)), { numRuns: 300 });
  });

  it("random token soups parse or raise a syntax error", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }), (toks) => {
        syntaxOrChunk(toks.join(" "));
        syntaxOrChunk(toks.join(""));
      }),
      { numRuns: 2000 },
    );
  });

  it("truncated and mutated programs parse or raise a syntax error", () => {
    const base = [...VALID.filter((s) => s.length > 10), ...corpusFiles()];
    fc.assert(fc.property(mutation(base), (src) => syntaxOrChunk(src)), { numRuns: 1500 });
    for (const src of base) {
      for (let i = 0; i <= src.length; i += Math.max(1, src.length >> 5)) syntaxOrChunk(src.slice(0, i));
    }
  });

  it("100k nested parentheses and braces fail fast on lua's nesting limit", () => {
    const n = 100_000;
    timed(2000, () => {
      expect(ours("x = " + "(".repeat(n) + "1" + ")".repeat(n))).toBe(
        "input:1: too many C levels (limit is 200) in main function near '('");
      expect(ours("x = " + "{".repeat(n) + "}".repeat(n))).toBe(
        "input:1: too many C levels (limit is 200) in main function near '{'");
      expect(ours("x = " + "-".repeat(n) + "1")).toBe("input:1: unexpected symbol near <eof>"); // a comment
      expect(ours("x = " + "- ".repeat(n) + "1")).toMatch(/too many C levels/);
      expect(ours("x = " + "a[".repeat(n))).toMatch(/too many C levels/);
    });
  });

  it("deeply nested functions and blocks fail fast", () => {
    const n = 100_000;
    timed(2000, () => {
      expect(ours("return " + "function() return ".repeat(n) + "1" + " end".repeat(n))).toMatch(
        /^input:1: too many C levels \(limit is 200\) in function at line 1 near/);
      expect(ours("do ".repeat(n) + "end ".repeat(n))).toMatch(/too many C levels/);
      expect(ours("if x then ".repeat(n))).toMatch(/too many C levels/);
    });
  });

  it("nesting up to the limit parses", () => {
    expect(ours("x = " + "(".repeat(196) + "1" + ")".repeat(196))).toBe("OK");
    expect(ours("x = " + "{".repeat(196) + "}".repeat(196))).toBe("OK");
  });

  it("long flat constructs parse without deep recursion", () => {
    timed(5000, () => {
      const sum = parse("x = " + "1 + ".repeat(200_000) + "1", "input");
      expect(sum.body.stats.length).toBe(1);
      expect(ours("if x then " + "elseif x then ".repeat(50_000) + "end")).toBe("OK");
      expect(ours("local t = {" + "1, ".repeat(300_000) + "}")).toBe("OK");
      expect(ours("x = y" + ".a".repeat(200_000))).toBe("OK");
      expect(ours("f" + "()".repeat(200_000))).toBe("OK");
    });
  });

  it("a 10 MB string literal", () => {
    const big = "x = '" + "a".repeat(10 << 20) + "'";
    timed(2000, () => {
      const c = parse(big, "input");
      expect(((c.body.stats[0] as A.AssignStat).exprs[0] as A.StringExpr).value.length).toBe(10 << 20);
    });
    const esc = "x = '" + "a\\n".repeat((10 << 20) / 3 | 0) + "'";
    timed(2000, () => expect(ours(esc)).toBe("OK"));
    const long = "x = [==[" + "ab\r\n".repeat(10 << 18) + "]==]";
    timed(3000, () => {
      const c = parse(long, "input");
      expect(((c.body.stats[0] as A.AssignStat).exprs[0] as A.StringExpr).value.length).toBe(3 * (10 << 18));
    });
    timed(2000, () => expect(ours("x = '" + "a".repeat(10 << 20))).toBe("input:1: unfinished string near <eof>"));
  });

  it("a 5 MB long comment", () => {
    timed(2000, () => {
      expect(ours("--[[" + "comment\n".repeat((5 << 20) / 8) + "]] return 1")).toBe("OK");
      expect(ours("--[==[" + "x".repeat(5 << 20))).toBe("input:1: unfinished long comment (starting at line 1) near <eof>");
      expect(ours("-- " + "x".repeat(5 << 20) + "\nreturn 1")).toBe("OK");
    });
  });

  it("many gotos and labels are handled in about linear time", () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => `::l${i}:: f()`).join(" ");
    const gotos = (n: number) => Array.from({ length: n }, (_, i) => `goto l${i}`).join(" ");
    timed(3000, () => {
      expect(ours("goto a ".repeat(32767) + "::a::")).toBe("OK");
      expect(ours(labels(32000))).toBe("OK");
      expect(ours(labels(16000) + " " + "goto l0 ".repeat(16000))).toBe("OK");
      expect(ours(gotos(16000) + " " + labels(16000))).toBe("OK");
      expect(ours("do ".repeat(150) + "goto a ".repeat(30000) + "end ".repeat(150) + "::a::")).toBe("OK");
      expect(ours("while x do " + "break ".repeat(30000) + "end")).toBe("OK");
    });
  });

  it("many locals, labels and gotos stay within lua's limits", () => {
    timed(5000, () => {
      expect(ours("local a ".repeat(100_000))).toBe("input:1: too many local variables (limit is 200) in main function near 'local'");
      expect(ours("do local x end ".repeat(40_000))).toBe("too many local variables (limit is 32767)");
      expect(ours("goto a ".repeat(40_000) + "::a::")).toBe("too many labels/gotos (limit is 32767)");
      expect(ours("local t = {" + "function() end,".repeat(270_000) + "}")).toBe("too many functions (limit is 262143)");
    });
  });
});
