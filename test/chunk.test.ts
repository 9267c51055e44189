// Compiled chunks: the whole differential corpus survives compile → serialize → load → run
// with the same output as running from source; constants round-trip bit-exactly; damaged,
// foreign and truncated chunks fail with clear errors.
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { main, type CliIO } from "../src/cli/main.js";
import { compile, COMPILER_VERSION, CHUNK_FORMAT_VERSION, isChunk, loadChunk, Lua, LuaError, LuaFloat, Script, scriptHash, serializeChunk } from "../src/index.js";
import { resealChunk } from "../src/vm/chunk.js";
import { createABC, createABx, Op } from "../src/vm/opcodes.js";
import type { Proto } from "../src/vm/proto.js";
import type { LuaValue } from "../src/vm/value.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function findPrograms(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".lua")) out.push(path.relative(repoRoot, full).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process; `files` overrides what readFile returns for some paths. */
async function cli(argv: string[], files: Map<string, string | Uint8Array> = new Map()): Promise<Run & { written: Map<string, Uint8Array> }> {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, Uint8Array>();
  const io: CliIO = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readStdin: async () => "",
    readFile: (p) => {
      const f = files.get(p) ?? written.get(p);
      if (f === undefined) return readFileSync(path.join(repoRoot, p)).toString("latin1");
      return typeof f === "string" ? f : Buffer.from(f).toString("latin1");
    },
    writeFile: (p, data) => void written.set(p, data.slice()),
    isDir: (p) => p === "outdir",
  };
  const status = await main(argv, io);
  return { status, stdout: out.join(""), stderr: err.join(""), written };
}

const programs = findPrograms(path.join(repoRoot, "test", "lua"));

describe("chunk round trip over the differential corpus", () => {
  it("finds the corpus", () => {
    expect(programs.length).toBeGreaterThan(100);
  });

  for (const rel of programs) {
    it(rel, async () => {
      const fromSource = await cli(["run", "--trusted", rel]);
      const compiled = await cli(["compile", rel, "-o", "chunk.mrc"]);
      if (compiled.status !== 0) {
        // a syntax error: compile reports what run reports, and writes nothing
        expect(compiled.status).toBe(1);
        expect(fromSource.status).toBe(1);
        expect(compiled.stderr).toBe(fromSource.stderr.replace(/^lua: /, "moonrule compile: "));
        expect(compiled.written.size).toBe(0);
        return;
      }
      const bytes = compiled.written.get("chunk.mrc")!;
      expect(isChunk(bytes)).toBe(true);
      // the chunk file, served under the script's own name (so arg[0] and messages match)
      const fromChunk = await cli(["run", "--trusted", rel], new Map([[rel, bytes]]));
      expect(fromChunk.stdout).toBe(fromSource.stdout);
      expect(fromChunk.stderr).toBe(fromSource.stderr);
      expect(fromChunk.status).toBe(fromSource.status);
    });
  }
});

/** A main function returning its constants k[0..n-1] (LOADK each, RETURN them). */
function constantsChunk(k: LuaValue[]): Script {
  const n = k.length;
  const code = [...k.map((_, j) => createABx(Op.LOADK, j, j)), createABC(Op.RETURN, 0, n + 1, 0), createABC(Op.RETURN, 0, 1, 0)];
  const proto: Proto = {
    code: Int32Array.from(code), k, p: [], upvalues: [{ name: "_ENV", instack: true, idx: 0 }],
    lineinfo: new Int32Array(code.length).fill(1), colinfo: new Int32Array(code.length), locvars: [],
    numparams: 0, isVararg: true, maxstacksize: Math.max(2, n), linedefined: 0, lastlinedefined: 0, source: "consts",
  };
  return new Script("return ...", "consts", proto);
}

function same(a: LuaValue, b: LuaValue): boolean {
  if (a instanceof LuaFloat) return b instanceof LuaFloat && Object.is(a.n, b.n);
  return Object.is(a, b);
}

describe("values round-trip bit-exactly", () => {
  const allBytes = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
  const values: LuaValue[] = [
    undefined, true, false, 0, 1, -1, 42, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER,
    9007199254740992n, -9007199254740992n, 0x7fffffffffffffffn, -0x8000000000000000n, 1234567890123456789n,
    0.5, -2.25, 1e-300, 5e-324, Math.PI, Infinity, -Infinity, NaN,
    new LuaFloat(1), new LuaFloat(-0), new LuaFloat(0), new LuaFloat(2 ** 60), new LuaFloat(-(2 ** 53)), new LuaFloat(1e308), new LuaFloat(NaN),
    "", "hello", allBytes, "\0\xff\x80", "x".repeat(100_000),
  ];

  it("keeps every kind of constant: integers (number and int64), plain and boxed floats, -0.0, NaN, byte strings", () => {
    const loaded = loadChunk(serializeChunk(constantsChunk(values)));
    const k = loaded.proto.k;
    expect(k.length).toBe(values.length);
    for (let j = 0; j < values.length; j++) expect(same(k[j], values[j]), `constant ${j}`).toBe(true);
    expect(typeof k[values.indexOf(9007199254740992n)]).toBe("bigint");
    expect(k[values.indexOf(allBytes)]).toBe(allBytes);
  });

  it("runs to the same values", () => {
    const script = constantsChunk(values);
    const loaded = loadChunk(serializeChunk(script));
    const vm = Lua.create();
    const a = vm.run(script, []);
    const b = vm.run(loaded, []);
    expect(b.length).toBe(a.length);
    for (let j = 0; j < a.length; j++) expect(same(b[j], a[j]), `value ${j}`).toBe(true);
  });

  it("keeps what the compiler folded (integral floats stay floats, huge integers stay integers)", () => {
    const src = "return 2^53, 1e15, 3 // 1.0, 0x7fffffffffffffff, -9223372036854775807 - 1, 1/2, 'caf\\195\\169', math.type(2.0)";
    const vm = Lua.create();
    const direct = vm.eval(src).values;
    const viaChunk = vm.eval(loadChunk(serializeChunk(compile(src)))).values;
    expect(viaChunk).toEqual(direct);
    const f = loadChunk(serializeChunk(compile("return 2.0, -2.0, 7 // 2.0"))).proto.k;
    expect(f.every((v) => v instanceof LuaFloat || typeof v === "number")).toBe(true);
  });

  it("keeps the Script's chunk name and source text (for error snippets), or strips the source", () => {
    const src = "local x = 1\n-- comment ✓ \u{1F600} \ud800\nerror('boom')";
    const s = compile(src, { chunkName: "rules.lua" });
    const loaded = loadChunk(serializeChunk(s));
    expect(loaded.chunkName).toBe("rules.lua");
    expect(loaded.source).toBe(src); // lone surrogates too
    const vm = Lua.create();
    const err = (() => {
      try {
        vm.eval(loaded);
      } catch (e) {
        return e as LuaError;
      }
      throw new Error("no error");
    })();
    expect(err.message).toBe("rules.lua:3: boom");
    expect(err.format()).toContain("error('boom')");
    const stripped = loadChunk(serializeChunk(s, { stripSource: true }));
    expect(stripped.source).toBe("");
    expect(serializeChunk(s, { stripSource: true }).length).toBeLessThan(serializeChunk(s).length);
    expect(() => vm.eval(stripped)).toThrow("rules.lua:3: boom");
  });

  it("keeps debug information: lines, columns, locals, upvalue names, function lines", () => {
    const src = "local a = 1\nlocal function f(x)\n  return a + x\nend\nreturn f(2)";
    const s = compile(src);
    const p = s.proto;
    const q = loadChunk(serializeChunk(s)).proto;
    const strip = (x: Proto): unknown => ({ ...x, p: x.p.map(strip), code: [...x.code], lineinfo: [...x.lineinfo], colinfo: [...x.colinfo] });
    expect(strip(q)).toEqual(strip(p));
  });

  it("is deterministic, and scriptHash is the hex SHA-256 of the chunk", () => {
    const s = compile("return 1 + 2");
    const a = serializeChunk(s);
    expect(serializeChunk(compile("return 1 + 2"))).toEqual(a);
    expect(scriptHash(s)).toBe(bytesToHex(sha256(a)));
    expect(scriptHash(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(scriptHash(compile("return 1 + 3"))).not.toBe(scriptHash(s));
  });

  it("Lua.loadChunk loads what serializeChunk wrote", () => {
    const bytes = serializeChunk(compile("return x * 2", { chunkName: "double" }));
    const vm = Lua.create();
    expect(vm.eval(Lua.loadChunk(bytes), { globals: { x: 21 } }).values).toEqual([42]);
  });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

function expectInvalid(bytes: Uint8Array, pattern: RegExp): LuaError {
  const e = thrown(() => loadChunk(bytes));
  expect(e).toBeInstanceOf(LuaError);
  const err = e as LuaError;
  expect(err.kind).toBe("syntax");
  expect(err.message).toMatch(/^invalid chunk: /);
  expect(err.message).toMatch(pattern);
  return err;
}

describe("refused chunks", () => {
  const good = serializeChunk(compile("local t = {}\nfor i = 1, 10 do t[i] = i * i end\nreturn t[10]"));

  it("the header: magic bytes, format version, compiler version", () => {
    expect(good[4]).toBe(CHUNK_FORMAT_VERSION);
    const bad = good.slice();
    bad[1] = 0x4e;
    expectInvalid(bad, /not a moonrule chunk/);
    expectInvalid(new TextEncoder().encode("return 1"), /not a moonrule chunk/);
    expectInvalid(new Uint8Array(0), /not a moonrule chunk/);
    const luac = Uint8Array.from([0x1b, 0x4c, 0x75, 0x61, 0x53, 0x00]); // "\27LuaS": a luac 5.3 file
    expectInvalid(luac, /not a moonrule chunk/);

    const fmt = good.slice();
    fmt[4] = 99;
    expectInvalid(resealChunk(fmt), /chunk format version 99 is not supported \(this moonrule reads format 1\)/);

    // the same chunk as another compiler version would have written it
    const rest = good.subarray(6 + COMPILER_VERSION.length);
    const other = Uint8Array.from([...good.subarray(0, 5), 8, ...new TextEncoder().encode("9.9.9/42"), ...rest]);
    const err = expectInvalid(resealChunk(other), /compiled by moonrule compiler/);
    expect(err.message).toBe(`invalid chunk: compiled by moonrule compiler 9.9.9/42, but this is compiler ${COMPILER_VERSION}: recompile it from source`);
  });

  it("any altered byte fails the integrity check", () => {
    for (let at = 6 + COMPILER_VERSION.length; at < good.length; at += 7) {
      const bad = good.slice();
      bad[at] ^= 0x20;
      expectInvalid(bad, /chunk integrity check failed/);
    }
  });

  it("truncated input: every prefix is refused with a clear message (hash or truncation)", () => {
    for (let n = 0; n < good.length; n++) {
      expectInvalid(good.subarray(0, n), /not a moonrule chunk|truncated|integrity check failed/);
    }
  });

  it("truncated bodies, resealed so the decoder sees them: a clear truncation error", () => {
    const body = good.subarray(0, good.length - 32);
    let truncated = 0;
    const first = 6 + COMPILER_VERSION.length;
    for (let n = first; n < body.length; n++) {
      const cut = new Uint8Array(n + 32);
      cut.set(body.subarray(0, n));
      const err = expectInvalid(resealChunk(cut), /./);
      expect(err.message.length).toBeLessThan(300);
      if (/^invalid chunk: truncated: .* needs (at least )?\d+ (more )?bytes?/.test(err.message)) truncated++;
    }
    // the rest are cuts whose last value decodes to something refused (a bad flag or tag)
    expect(truncated).toBeGreaterThan((body.length - first) * 0.8);
  });

  it("extra bytes after the main function", () => {
    const long = new Uint8Array(good.length + 3);
    long.set(good.subarray(0, good.length - 32));
    long.set(good.subarray(good.length - 32), good.length + 3 - 32);
    expectInvalid(resealChunk(long), /unexpected bytes after the main function/);
  });

  it("a length that claims more than the input holds is refused before anything is allocated", () => {
    // the chunk-name length as a 5-byte varint of 2^31-1: far more than is left
    const head = good.subarray(0, 6 + COMPILER_VERSION.length + 1);
    const bytes = new Uint8Array(head.length + 5 + 32);
    bytes.set(head);
    bytes.set([0xff, 0xff, 0xff, 0xff, 0x07], head.length);
    expectInvalid(resealChunk(bytes), /truncated: chunk name 2147483647/);
  });

  it("loadChunk takes a Uint8Array", () => {
    expect(() => loadChunk("\x1bMRC" as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => serializeChunk({} as Script)).toThrow(TypeError);
  });
});

describe("moonrule compile / run FILE.mrc / disasm", () => {
  it("compiles one file to -o, runs the chunk, and lists it", async () => {
    const src = "print('hi', ...)\nreturn 1";
    const c = await cli(["compile", "t.lua", "-o", "t.mrc"], new Map([["t.lua", src]]));
    expect(c.status).toBe(0);
    const bytes = c.written.get("t.mrc")!;
    const r = await cli(["run", "t.mrc", "a", "b"], new Map([["t.mrc", bytes]]));
    expect(r).toMatchObject({ status: 0, stdout: "hi\ta\tb\n", stderr: "" });
    const d = await cli(["disasm", "t.mrc"], new Map([["t.mrc", bytes]]));
    expect(d.status).toBe(0);
    expect(d.stdout).toContain("main <t.lua:0,2> (");
    expect(d.stdout).toContain("\tGETTABUP \t0 0 -1\t; _ENV \"print\"\t-- print('hi', ...)");
    const fromSource = await cli(["disasm", "t.lua"], new Map([["t.lua", src]]));
    expect(fromSource.stdout).toBe(d.stdout);
    // --js: each function's listing is followed by the compiled tier's JavaScript, which
    // refers to constants by index and never holds their text
    const hostile = "local function f(s) return s .. '`${x}*/' end\nprint(f('hi'))";
    const js = await cli(["disasm", "--js", "h.lua"], new Map([["h.lua", hostile]]));
    expect(js.status).toBe(0);
    expect(js.stdout.match(/^javascript for 0x0000000[01]:$/gm)).toHaveLength(2);
    expect(js.stdout).toMatch(/function lua0\(L,ci\)/); // named after the line it starts on
    const generated = js.stdout.split(/^javascript for .*$/m).slice(1).map((sec) => sec.split(/^(?:function|main) </m)[0]).join("");
    expect(generated).not.toContain("${x}");
    expect(generated).toContain("K[0]");
  });

  it("default output names, several files into a directory, collisions, errors", async () => {
    const files = new Map([["a.lua", "return 1"], ["b.lua", "return 2"], ["x/a.lua", "return 3"], ["bad.lua", "return +"]]);
    const one = await cli(["compile", "a.lua"], files);
    expect([...one.written.keys()]).toEqual(["a.mrc"]);
    const two = await cli(["compile", "a.lua", "b.lua", "-o", "outdir"], files);
    expect(two.status).toBe(0);
    expect([...two.written.keys()]).toEqual(["outdir/a.mrc", "outdir/b.mrc"]);
    const clash = await cli(["compile", "a.lua", "x/a.lua", "-o", "outdir"], files);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toMatch(/would both be written to 'outdir\/a.mrc'/);
    const notDir = await cli(["compile", "a.lua", "b.lua", "-o", "file.mrc"], files);
    expect(notDir.status).toBe(2);
    const bad = await cli(["compile", "a.lua", "bad.lua", "-o", "outdir"], files);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe("moonrule compile: bad.lua:1: unexpected symbol near '+'\n");
    expect([...bad.written.keys()]).toEqual(["outdir/a.mrc"]);
    expect((await cli(["compile"], files)).status).toBe(2);
    expect((await cli(["compile", "--bogus", "a.lua"], files)).status).toBe(2);
    const missing = await cli(["compile", "nope.lua"], new Map());
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("moonrule compile: cannot open nope.lua\n");
  });

  it("run refuses a damaged chunk file with lua's exit status and a clear message", async () => {
    const c = await cli(["compile", "t.lua", "-o", "t.mrc"], new Map([["t.lua", "return 1"]]));
    const bytes = c.written.get("t.mrc")!.slice();
    bytes[bytes.length - 40] ^= 1;
    const r = await cli(["run", "t.mrc"], new Map([["t.mrc", bytes]]));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^lua: invalid chunk: chunk integrity check failed/);
  });

  it("--strip leaves the source out; disasm --code lists instructions only", async () => {
    const files = new Map([["t.lua", "local x = 1\nreturn x"]]);
    const full = (await cli(["compile", "t.lua", "-o", "t.mrc"], files)).written.get("t.mrc")!;
    const stripped = (await cli(["compile", "--strip", "t.lua", "-o", "t.mrc"], files)).written.get("t.mrc")!;
    expect(stripped.length).toBeLessThan(full.length);
    expect(loadChunk(stripped).source).toBe("");
    const d = await cli(["disasm", "--code", "t.mrc"], new Map([["t.mrc", stripped]]));
    expect(d.stdout).not.toContain("constants (");
    expect(d.stdout).not.toContain("--");
  });
});
