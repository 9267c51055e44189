// LuaError.format() and toJSON(): a gallery of errors locked by snapshots, plus the properties
// that matter (the caret under the right token, the hint) asserted explicitly.

// errors.js first: loading it before anything else exercises its import cycle through the
// compiler (error-format.ts -> load.ts -> parser.ts -> errors.ts).
import { LuaError } from "../src/vm/errors.js";
import { describe, expect, it } from "vitest";
import { defineApi, Lua } from "../src/index.js";
import { diagnose } from "../src/vm/diagnose.js";
import type { LuaOptions } from "../src/vm/lua.js";

/** The LuaError that evaluating `src` throws, with its source and diagnostics attached. */
function failure(src: string, options: LuaOptions = {}): LuaError {
  const vm = Lua.create(options);
  try {
    vm.eval(src);
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    if (e.source === undefined) e.source = src;
    if (e.kind === "syntax" && e.diagnostics === undefined) e.diagnostics = diagnose(src);
    return e;
  }
  throw new Error(`no error from ${JSON.stringify(src)}`);
}

/** The source text above the caret line of a formatted error (the first one). */
function underlined(out: string): string | undefined {
  const lines = out.split("\n");
  const i = lines.findIndex((l) => /^ +\| +\^~*$/.test(l));
  if (i < 1) return undefined;
  const caret = lines[i]!;
  return lines[i - 1]!.slice(caret.indexOf("^"), caret.length);
}

interface Case {
  name: string;
  src: string;
  kind: LuaError["kind"];
  options?: LuaOptions;
  /** The text the caret line underlines. */
  token?: string;
  /** The hint, or null for none. */
  hint?: RegExp | null;
}

const gallery: Case[] = [
  // ---- syntax errors
  { name: "doubled '='", src: "x = = 1", kind: "syntax", token: "=" },
  { name: "bare expression", src: "1 + 2", kind: "syntax", token: "1", hint: /did you mean `return 1 \+ 2`\?/ },
  { name: "bare formula", src: "price * qty", kind: "syntax", token: "*", hint: /did you mean `return price \* qty`\?/ },
  { name: "'=' in an if", src: "if total = 100 then\n  rate = 0.2\nend", kind: "syntax", token: "=", hint: /use '==' to compare/ },
  { name: "'=' in a while", src: "local n = 3\nwhile n = 0 do n = n - 1 end", kind: "syntax", token: "=", hint: /use '==' to compare/ },
  { name: "'!='", src: "if a != b then return 1 end", kind: "syntax", token: "!", hint: /use '~=' for not-equal/ },
  { name: "'<>'", src: "return 1 <> 2", kind: "syntax", token: ">", hint: /use '~=' for not-equal/ },
  { name: "'&&'", src: "if a && b then return 1 end", kind: "syntax", token: "&", hint: /use 'and' instead of '&&'/ },
  { name: "'||'", src: "return a || b", kind: "syntax", token: "|", hint: /use 'or' instead of '\|\|'/ },
  { name: "'!' for not", src: "return !a", kind: "syntax", token: "!", hint: /use 'not' for negation/ },
  { name: "'+='", src: "local x = 1\nx += 2", kind: "syntax", token: "+", hint: /Lua has no '\+=': write `x = x \+ 2`/ },
  { name: "'++'", src: "count++", kind: "syntax", token: "+", hint: /Lua has no '\+\+': write `count = count \+ 1`/ },
  { name: "Lua 5.4 attribute", src: "local limit <const> = 5", kind: "syntax", token: "<", hint: /Lua 5\.4/ },
  { name: "missing 'end'", src: "function f()\n  return 1\n", kind: "syntax", hint: /the 'function' at line 1 needs a closing 'end'/ },
  { name: "unfinished string", src: "local s = 'abc\nreturn s", kind: "syntax", hint: /ends on its own line/ },
  { name: "method call without arguments", src: "local t = {} t:m", kind: "syntax", hint: /needs its parentheses/ },
  { name: "statement after return", src: "return 1\nx = 2", kind: "syntax", token: "x", hint: /'return' must be the last statement/ },
  { name: "one 'end' too many", src: "if x then y = 1 end\nend", kind: "syntax", token: "end", hint: /one 'end' too many/ },
  { name: "goto without label", src: "goto nowhere", kind: "syntax", hint: null },
  { name: "malformed number", src: "x = 3..4", kind: "syntax", token: "3..4", hint: null },
  { name: "tabs before the fault", src: "\tif\tx = 1 then end", kind: "syntax", token: "=", hint: /use '=='/ },
  { name: "several mistakes", src: "if a = 1 then end\nlocal = 2\nreturn (", kind: "syntax", token: "=", hint: /use '=='/ },

  // ---- runtime errors
  { name: "arithmetic on a nil field", src: "local facts = {}\nlocal total = facts.price * 2\nreturn total", kind: "runtime", token: "price", hint: /'price' is nil here — is it missing from the facts\?/ },
  { name: "arithmetic on a nil global", src: "return price + 1", kind: "runtime", token: "price", hint: /'price' is nil here/ },
  { name: "arithmetic on a nil local", src: "local n\nreturn n + 1", kind: "runtime", token: "n", hint: /'n' is nil here — was it given a value\?/ },
  { name: "arithmetic on a nil upvalue", src: "local n\nlocal function double() return n * 2 end\nreturn double()", kind: "runtime", token: "n", hint: /'n' is nil here/ },
  { name: "call of a nil global", src: "local x = 1\nmissing(x)", kind: "runtime", token: "missing", hint: /no function named 'missing'/ },
  { name: "call of a nil method", src: "local t = {}\nt:go()", kind: "runtime", hint: /no method 'go'/ },
  { name: "index of a nil field", src: "local order = {}\nreturn order.customer.name", kind: "runtime", token: "customer", hint: /'customer' is nil here/ },
  { name: "compare with nil", src: "local t = {}\nreturn t.limit < 10", kind: "runtime", token: "<", hint: /one side of the comparison is nil/ },
  { name: "concatenate nil", src: "local name\nreturn 'hi ' .. name", kind: "runtime", token: "name", hint: /'name' is nil here/ },
  { name: "concatenate a table", src: "return 'x' .. {}", kind: "runtime", token: "..", hint: /tostring/ },
  { name: "strings joined with '+'", src: "local s = 'total: '\nreturn s + 'EUR'", kind: "runtime", token: "s", hint: /use '\.\.' to join strings/ },
  { name: "error() with a string, nested", src: "local function check(x)\n  if x < 0 then error('negative: ' .. x) end\nend\nlocal function run()\n  check(-1)\nend\nrun()", kind: "runtime", token: "error", hint: null },
  { name: "error() with a table", src: "error({ code = 42 })", kind: "runtime", token: "error", hint: null },
  { name: "error() with a number", src: "error(42)", kind: "runtime", hint: null },
  { name: "error() at level 0", src: "error('plain', 0)", kind: "runtime", hint: null },
  { name: "error() with UTF-8 text", src: "local prix = 'é'\nerror('prix invalide: ' .. prix)", kind: "runtime", token: "error" },
  { name: "non-ASCII before the fault", src: "local s = 'héllo' .. {}", kind: "runtime", token: "..", hint: /tostring/ },

  // ---- limits
  { name: "instruction budget", src: "local n = 0\nwhile true do n = n + 1 end", kind: "limit", options: { budget: { instructions: 1000 } }, hint: /instruction budget/ },
  { name: "depth budget", src: "local function f() return 1 + f() end\nreturn f()", kind: "limit", options: { budget: { depth: 20 } }, hint: /runaway recursion/ },
  { name: "memory budget", src: "local t = {}\nfor i = 1, 1e6 do t[i] = i end", kind: "limit", options: { budget: { memoryBytes: 10_000 } }, hint: /memory/ },
];

describe("LuaError gallery", () => {
  for (const c of gallery) {
    it(c.name, () => {
      const err = failure(c.src, c.options);
      expect(err.kind).toBe(c.kind);
      const out = err.format();
      expect(out).toMatchSnapshot("format");
      expect(JSON.stringify(err)).toMatchSnapshot("json");
      expect(out.startsWith(`${c.kind} error: `)).toBe(true);
      expect(out).not.toMatch(/\x1b/);
      if (c.token !== undefined) expect(underlined(out)).toBe(c.token);
      const json = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
      expect(json.name).toBe("LuaError");
      expect(json.kind).toBe(c.kind);
      expect(json).not.toHaveProperty("cause");
      expect(json).not.toHaveProperty("stack");
      if (c.hint === null) {
        expect(out).not.toMatch(/^hint:/m);
        expect(json).not.toHaveProperty("hint");
      } else if (c.hint !== undefined) {
        expect(out).toMatch(new RegExp(`^hint: .*${c.hint.source}`, "m"));
        expect(json.hint).toMatch(c.hint);
      }
    });
  }

  it("a host function's failure is a host error; its cause stays out of the JSON", () => {
    const vm = Lua.create().load(defineApi("tools", { boom: () => { throw new Error("kaput"); } }));
    let err: unknown;
    try {
      vm.eval("local x = 1\nreturn tools.boom(x)");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LuaError);
    const e = err as LuaError;
    if (e.source === undefined) e.source = "local x = 1\nreturn tools.boom(x)";
    expect(e.kind).toBe("host");
    expect(e.cause).toBeInstanceOf(Error);
    const out = e.format();
    expect(out).toMatch(/^host error: input:2: host function 'tools\.boom' failed: kaput$/m);
    expect(underlined(out)).toBe("tools");
    const text = JSON.stringify(e);
    expect(text).not.toMatch(/"cause"|"stack"|at Object|\.ts:/);
    expect(JSON.parse(text)).toMatchObject({ name: "LuaError", kind: "host", line: 2 });
  });

  it("a host error made by hand", () => {
    const e = new LuaError("moonrule: no such tool", { kind: "host", cause: new Error("inner") });
    expect(e.format()).toMatchSnapshot("format");
    expect(JSON.stringify(e)).toMatchSnapshot("json");
    expect(e.toJSON()).toEqual({ name: "LuaError", kind: "host", message: "moonrule: no such tool", chunkName: null, line: null, column: null });
  });
});

describe("format()", () => {
  const err = failure("local a = 1\nlocal b = 2\nlocal facts = {}\nlocal c = facts.price + a\nlocal d = 4\nlocal e = 5\nreturn c");

  it("shows one line of context by default, more or none on request", () => {
    const gutter = (out: string): string[] => out.split("\n").filter((l) => /^[> ] \d+ \|/.test(l)).map((l) => l.slice(2, 3));
    expect(gutter(err.format())).toEqual(["3", "4", "5"]);
    expect(gutter(err.format({ context: 0 }))).toEqual(["4"]);
    expect(gutter(err.format({ context: 2 }))).toEqual(["2", "3", "4", "5", "6"]);
    expect(err.format({ context: -3 })).toBe(err.format({ context: 0 }));
  });

  it("colours only when asked: red header, cyan gutter, red carets, dim traceback", () => {
    const out = err.format({ color: true });
    expect(out.split("\n")[0]).toBe("\x1b[1m\x1b[31mruntime error:\x1b[0m \x1b[1minput:4: attempt to perform arithmetic on a nil value (field 'price')\x1b[0m");
    expect(out).toContain("\x1b[36m> 4 |\x1b[0m local c = facts.price + a");
    expect(out).toContain("\x1b[1m\x1b[31m^~~~~\x1b[0m"); // under 'price', the nil field
    expect(out).toContain("\x1b[2mstack traceback:\x1b[0m");
    expect(out.replace(/\x1b\[[0-9;]*m/g, "")).toBe(err.format());
  });

  it("expands tabs the same way in the line and under it", () => {
    const e = failure("\tlocal\tt = {}\n\treturn\tt.x\t+\t1");
    const out = e.format();
    expect(out).toContain("> 2 |     return    t.x    +    1");
    expect(underlined(out)).toBe("x"); // the nil field the message names
  });

  it("maps byte columns to characters in non-ASCII lines", () => {
    const e = failure("local s = '€ and 😀' .. nil"); // the emoji is two columns wide
    expect(e.format().split("\n").slice(1, 3)).toEqual(["> 1 | local s = '€ and 😀' .. nil", "    |                      ^~"]);
    const s = failure("local s = 'é' x = = 1"); // the syntax error's source is the byte string
    expect(s.format()).toContain("> 1 | local s = 'é' x = = 1");
    expect(underlined(s.format())).toBe("=");
    // without diagnostics, from the error's own column (which counts bytes)
    const bare = new LuaError(s.message, { kind: "syntax", chunkName: s.chunkName, line: s.line, column: s.column, source: s.source });
    expect(bare.column).toBe(20); // the second "=": byte 20, UTF-16 unit 19
    expect(underlined(bare.format())).toBe("=");
  });

  it("keeps lines of CRLF sources apart", () => {
    const e = failure("local t = {}\r\nreturn t.a.b\r\n");
    const out = e.format();
    expect(out).toContain("> 2 | return t.a.b\n");
    expect(out).not.toContain("\r");
  });

  it("cuts a very long line to a window around the caret", () => {
    const src = `local t = {}\n${"local a = 1 ".repeat(40)}return t.y.z`;
    const out = failure(src).format();
    const line = out.split("\n").find((l) => l.startsWith("> 2 |"))!;
    expect(line.length).toBeLessThan(140);
    expect(line).toContain("…");
    expect(underlined(out)).toBe("y"); // the nil field the message names
  });

  it("never lets control characters from a script reach the terminal", () => {
    const e = failure("error('\\27[2Jgone\\7')");
    const out = e.format();
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(out).toContain("\\27[2Jgone\\7");
    const s = new LuaError("input:1: unexpected symbol near '\x1b'", { kind: "syntax", line: 1, column: 3, source: "x \x1b[31m" });
    expect(s.format()).not.toMatch(/\x1b/);
  });

  it("degrades instead of throwing", () => {
    const bare = new LuaError("input:9: something", { kind: "runtime", line: 9, column: 4 });
    expect(bare.format()).toBe("runtime error: input:9: something");
    const outOfRange = new LuaError("input:9: something", { kind: "runtime", line: 9, column: 4, source: "x = 1" });
    expect(outOfRange.format()).toBe("runtime error: input:9: something");
    const pastEnd = new LuaError("input:1: x", { kind: "runtime", line: 1, column: 99, source: "x = 1" });
    expect(pastEnd.format()).toBe("runtime error: input:1: x\n> 1 | x = 1\n    |" + " ".repeat(99) + "^");
    const weird = new LuaError("m", { kind: "syntax", line: 0, column: -5, source: "" });
    expect(weird.format()).toBe("syntax error: m");
    const junk = new LuaError("input:1: m", { kind: "syntax", line: 1, column: 1, source: "abc" });
    (junk as { diagnostics: unknown }).diagnostics = [null, { line: "x" }, 7];
    expect(() => junk.format()).not.toThrow();
    expect(() => JSON.stringify(junk)).not.toThrow();
    (junk as { source: unknown }).source = 42;
    expect(() => junk.format()).not.toThrow();
    const old = new LuaError("plain", { kind: "runtime" });
    expect(old.value).toBe("plain");
    expect(old.format()).toBe("runtime error: plain");
  });

  it("renders every further diagnostic of a syntax error compactly", () => {
    const e = new LuaError("input:1: 'then' expected near '='", {
      kind: "syntax",
      chunkName: "input",
      line: 1,
      column: 6,
      source: "if a = 1 then end\nlocal = 2\nx = a != b",
      diagnostics: [
        { severity: "error", message: "'then' expected near '='", line: 1, column: 6, endLine: 1, endColumn: 7 },
        { severity: "error", message: "<name> expected near '='", line: 2, column: 7, endLine: 2, endColumn: 8 },
        { severity: "error", message: "syntax error near '!'", line: 3, column: 7, endLine: 3, endColumn: 9 },
      ],
    });
    expect(e.format()).toBe(
      [
        "syntax error: input:1: 'then' expected near '='",
        "> 1 | if a = 1 then end",
        "    |      ^",
        "  2 | local = 2",
        "hint: use '==' to compare ('=' assigns)",
        "",
        "syntax error: input:2: <name> expected near '='",
        "> 2 | local = 2",
        "    |       ^",
        "",
        "syntax error: input:3: syntax error near '!'",
        "> 3 | x = a != b",
        "    |       ^~",
        "hint: use '~=' for not-equal",
      ].join("\n"),
    );
    const json = e.toJSON();
    expect(json.endLine).toBe(1);
    expect(json.endColumn).toBe(7);
    expect(json.diagnostics).toHaveLength(3);
  });
});

describe("toJSON()", () => {
  it("leaves out a table value, keeps a JSON-safe one that is not the message", () => {
    const t = failure("error({ code = 42 })");
    expect(t.toJSON()).not.toHaveProperty("value");
    const n = failure("error(42)");
    expect(n.toJSON().value).toBe(42);
    const s = failure("error('x')");
    expect(s.toJSON()).not.toHaveProperty("value");
  });

  it("gives the token's range in the chunk's byte columns", () => {
    const e = failure("local s = 'é' .. nil");
    const j = e.toJSON();
    expect(j.column).toBe(16);
    expect(j.endColumn).toBe(18);
    expect(j.endLine).toBe(1);
  });

  it("decodes UTF-8 messages", () => {
    expect(failure("error('prix: é')").toJSON().message).toBe("input:1: prix: é");
  });
});
