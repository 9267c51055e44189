// Property-based fuzzing of the sandbox: random programs from a small Lua grammar, random bytes
// and random mutations of valid programs. Whatever the input, a call returns or throws a
// LuaError (never any other exception), finishes quickly, and leaves the VM usable.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Lua, LuaError } from "../../src/index.js";

const BUDGET = { instructions: 20_000, memoryBytes: 8 << 20, depth: 100, timeoutMs: 1000 };
const RUNS = 300;
const SEED = 0x5eed;

function check(src: string): void {
  const vm = Lua.create({ budget: BUDGET });
  const t0 = performance.now();
  try {
    vm.eval(src);
  } catch (e) {
    if (!(e instanceof LuaError)) {
      throw new Error(`non-LuaError ${String((e as Error)?.name)}: ${String((e as Error)?.message)}\n--- source ---\n${src.slice(0, 2000)}`);
    }
    expect(["syntax", "runtime", "limit"]).toContain(e.kind);
  }
  const ms = performance.now() - t0;
  if (ms >= 2000) throw new Error(`took ${ms.toFixed(0)} ms\n--- source ---\n${src.slice(0, 2000)}`);
  expect(vm.eval("return 1 + 1").values).toEqual([2]);
}

// ----------------------------------------------------------------------------- grammar

const NAMES = ["a", "b", "c", "t", "f", "s", "n", "x"];
const name = fc.constantFrom(...NAMES);

const number = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom("0", "1", "-1", "0.5", "1e308", "-1e308", "math.huge", "-math.huge", "0/0", "math.maxinteger",
    "math.mininteger", "2^53", "0x7fffffffffffffff", "1e-310", "3.0", "-0.0"),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? "-0.0" : String(d)).replace("Infinity", "math.huge")),
);

const luaString = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s).replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => `\\u{${h}}`)),
  fc.constantFrom('"%d"', '"%s"', '"%5.2f"', '"(a*)"', '"%b()"', '"[%a-z]+"', '"%f[%w]"', '"a-"', '".-"', '"%"', '"["',
    '"__index"', '"__proto__"', '"constructor"', '""', '"\\0"', '"\\255"', '"(("', '"%1"'),
);

const binop = fc.constantFrom("+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or",
  "&", "|", "~", "<<", ">>");
const unop = fc.constantFrom("-", "not ", "#", "~");

const LIBFUNCS = [
  "print", "type", "tostring", "tonumber", "select", "rawget", "rawset", "rawequal", "rawlen", "next", "pairs", "ipairs",
  "getmetatable", "assert", "error", "pcall", "unpack",
  "string.rep", "string.sub", "string.format", "string.find", "string.match", "string.gsub", "string.gmatch",
  "string.byte", "string.char", "string.upper", "string.reverse", "string.len", "string.pack", "string.unpack",
  "table.concat", "table.insert", "table.remove", "table.sort", "table.unpack", "table.move", "table.pack",
  "math.floor", "math.max", "math.min", "math.fmod", "math.tointeger", "math.abs", "math.random", "math.ult",
  "utf8.char", "utf8.len", "utf8.codepoint", "utf8.offset",
];
const libfunc = fc.constantFrom(...LIBFUNCS);
const METAMETHODS = ["__index", "__newindex", "__call", "__add", "__concat", "__eq", "__lt", "__le", "__len",
  "__unm", "__tostring", "__metatable", "__mode", "__gc", "__close", "__pairs", "__name"];

const { expr, block } = fc.letrec<{ expr: string; block: string; stat: string; args: string; fn: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    number,
    luaString,
    name,
    fc.constantFrom("nil", "true", "false", "...", "{}", "_G", "_ENV", "string", "math", "table"),
    fc.tuple(tie("expr"), binop, tie("expr")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(unop, tie("expr")).map(([op, a]) => `(${op}${a})`),
    fc.array(fc.oneof(tie("expr"), fc.tuple(name, tie("expr")).map(([k, v]) => `${k} = ${v}`),
      fc.tuple(tie("expr"), tie("expr")).map(([k, v]) => `[${k}] = ${v}`)), { maxLength: 4 }).map((xs) => `{${xs.join(", ")}}`),
    fc.tuple(name, tie("expr")).map(([t, k]) => `${t}[${k}]`),
    fc.tuple(name, name).map(([t, k]) => `${t}.${k}`),
    fc.tuple(libfunc, tie("args")).map(([f, a]) => `${f}(${a})`),
    fc.tuple(name, tie("args")).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie("fn"), tie("args")).map(([f, a]) => `pcall(${f}, ${a || "nil"})`),
    tie("fn"),
    fc.tuple(tie("expr"), fc.constantFrom(...METAMETHODS), tie("expr"))
      .map(([t, mm, v]) => `setmetatable(type(${t}) == "table" and ${t} or {}, {${mm} = ${v}})`),
    tie("expr").map((e) => `error(${e})`),
  ),
  args: fc.array(tie("expr"), { maxLength: 4 }).map((xs) => xs.join(", ")),
  fn: fc.tuple(fc.array(name, { maxLength: 3 }), fc.boolean(), tie("block"))
    .map(([ps, va, b]) => `function(${[...new Set(ps), ...(va ? ["..."] : [])].join(", ")}) ${b} end`),
  stat: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(name, tie("expr")).map(([n, e]) => `local ${n} = ${e}`),
    fc.tuple(name, tie("expr")).map(([n, e]) => `${n} = ${e}`),
    fc.tuple(name, tie("expr"), tie("expr")).map(([t, k, v]) => `${t}[${k}] = ${v}`),
    fc.tuple(tie("expr"), tie("block"), tie("block")).map(([c, a, b]) => `if ${c} then ${a} else ${b} end`),
    fc.tuple(tie("expr"), tie("block")).map(([c, b]) => `while ${c} do ${b} end`),
    fc.tuple(tie("expr"), tie("block")).map(([c, b]) => `repeat ${b} until ${c}`),
    fc.tuple(name, tie("expr"), tie("expr"), fc.option(tie("expr")), tie("block"))
      .map(([i, a, b, s, body]) => `for ${i} = ${a}, ${b}${s === null ? "" : `, ${s}`} do ${body} end`),
    fc.tuple(name, name, tie("expr"), tie("block")).map(([k, v, t, b]) => `for ${k}, ${v} in pairs(type(${t}) == "table" and ${t} or {}) do ${b} end`),
    fc.tuple(name, tie("fn")).map(([n, f]) => `${n} = ${f}`),
    fc.tuple(name, tie("fn")).map(([n, f]) => `local ${n}; ${n} = ${f}`),
    fc.tuple(name, tie("args")).map(([f, a]) => `${f}(${a})`),
    fc.tuple(libfunc, tie("args")).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie("fn"), tie("args")).map(([f, a]) => `pcall(${f}, ${a || "nil"})`),
    fc.constantFrom("break", ";", "do end"),
  ),
  block: fc.tuple(fc.array(tie("stat"), { maxLength: 4 }), fc.option(tie("args"), { freq: 3 }))
    .map(([ss, ret]) => ss.join("\n") + (ret === null ? "" : `\nreturn ${ret}`)),
}));

// Loops over the whole program so that short programs also exercise repeated execution.
const program = block.map((b) => `local a, b, c, t, f, s, n, x = 1, "s", {}, {1, 2, 3}, print, "abc", 0, nil\n${b}`);

const VALID_SEEDS = [
  "local t = {} for i = 1, 100 do t[i] = i * 2 end return #t, t[50]",
  "local s = ('abc'):rep(10) return s:gsub('b', '%%1'), s:find('c', 1, true)",
  "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return fib(15)",
  "local mt = {__index = function(t, k) return k * 2 end} local t = setmetatable({}, mt) return t[21]",
  "local ok, e = pcall(error, {code = 1}) return ok, type(e)",
  "return string.format('%5.2f %d %s %q', 3.14159, 42, 'x', 'a\\nb')",
  "local t = {5, 3, 1, 4} table.sort(t, function(a, b) return a > b end) return table.concat(t, ',')",
  "return utf8.char(72, 228, 8364, 0x10FFFF), utf8.len('häll€')",
  "local n = 0 for k, v in pairs({a = 1, b = 2, 3}) do n = n + 1 end return n",
  "return math.maxinteger + 1 == math.mininteger, 7 // 2, 7 % -3, 2^10, 1 << 63",
  "local co = select('#', 1, 2, 3) return co, select(-1, 1, 2, 3)",
  "goto skip do return 1 end ::skip:: return 2",
];

// ----------------------------------------------------------------------------- properties

describe("fuzzing the sandbox", () => {
  it("random grammar programs return or throw a LuaError, quickly", () => {
    fc.assert(fc.property(program, (src) => check(src)), { seed: SEED, numRuns: RUNS });
  }, 60_000);

  it("random grammar programs wrapped in a loop", () => {
    fc.assert(fc.property(block, (b) => check(`local a, b, c, t, f, s, n, x = 1, 2, {}, {}, print, "x", 0\nfor _ = 1, 50 do ${b.replace(/\breturn\b[^\n]*$/, "")} end`)),
      { seed: SEED + 1, numRuns: RUNS });
  }, 60_000);

  it("random byte strings", () => {
    const bytes = fc.uint8Array({ maxLength: 300 }).map((u) => String.fromCharCode(...u));
    fc.assert(fc.property(bytes, (src) => check(src)), { seed: SEED + 2, numRuns: RUNS });
  }, 60_000);

  it("random token soup", () => {
    const token = fc.constantFrom("local", "function", "end", "if", "then", "else", "elseif", "while", "do", "for", "in",
      "repeat", "until", "return", "break", "goto", "::l::", "(", ")", "{", "}", "[", "]", "=", "==", ",", ";", ".", "..", "...",
      ":", "+", "-", "*", "/", "//", "%", "^", "#", "~", "<<", "and", "or", "not", "nil", "true", "x", "t", "1", "0x10", "'s'",
      "[[long]]", "--c\n", "\n", "print", "string", "pcall", "setmetatable");
    const soup = fc.array(token, { maxLength: 60 }).map((ts) => ts.join(" "));
    fc.assert(fc.property(soup, (src) => check(src)), { seed: SEED + 3, numRuns: RUNS });
  }, 60_000);

  it("random mutations of valid programs", () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 6 }),
        fc.constantFrom("(", ")", "end", "function", "{", "}", "\"", "[[", "--", "..", "\\", "\0", "\xff", " while true do end ")) }),
      fc.record({ op: fc.constant("dup" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }), times: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ op: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    );
    const mutated = fc.tuple(fc.constantFrom(...VALID_SEEDS), fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([src, ms]) => {
      let s = src;
      for (const m of ms) {
        const at = s.length === 0 ? 0 : m.at % (s.length + 1);
        if (m.op === "delete") s = s.slice(0, at) + s.slice(at + m.len);
        else if (m.op === "insert") s = s.slice(0, at) + m.text + s.slice(at);
        else if (m.op === "dup") s = s.slice(0, at) + s.slice(at, at + m.len).repeat(m.times) + s.slice(at);
        else s = s.slice(0, at) + String.fromCharCode(m.byte) + s.slice(at + 1);
      }
      return s;
    });
    fc.assert(fc.property(mutated, (src) => check(src)), { seed: SEED + 4, numRuns: RUNS });
  }, 60_000);

  it("the unmutated seeds run cleanly", () => {
    for (const src of VALID_SEEDS) {
      const vm = Lua.create({ budget: BUDGET });
      expect(() => vm.eval(src)).not.toThrow();
    }
  });
});
