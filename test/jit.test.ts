// The compiled tier (src/vm/jit.ts) against the interpreter: every program of the Lua corpus
// runs with the tier off, eager (every prototype compiled before it runs) and auto (hot after
// two calls or back-edges, so frames change tiers mid-run), and must print the same output,
// end with the same error and report the same instruction count. Generated source is checked
// to hold no script value, whatever the constants, names and chunk names contain.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Proto } from "../src/vm/proto.js";

// mode auto tiers up after two calls or back-edges here, so frames change tiers mid-run (read
// when the VM modules load: this file imports them after setting it)
process.env.MOONRULE_JIT_HOT = "2";
// and prototypes with two or more loops are split into regions however short
process.env.MOONRULE_JIT_REGIONS = "0";
const { Lua, LuaError } = await import("../src/index.js");
const { jitRegions, jitSource } = await import("../src/vm/jit.js");
const { paced } = await import("../src/vm/jit-pace.js");
const { HOT_THRESHOLD } = await import("../src/vm/jit-mode.js");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "lua");
const programs = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".lua")).sort();

interface Outcome {
  out: string;
  error?: string;
  instructions: number;
}

function run(src: string, name: string, jit: "off" | "eager" | "auto"): Outcome {
  let out = "";
  const vm = Lua.create({ profile: "trusted", jit, stdout: (s) => (out += s), budget: { instructions: 50_000_000 } });
  try {
    vm.eval(src, { chunkName: name });
    return { out, instructions: vm.lastUsage.instructions };
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    return { out, error: e.message, instructions: vm.lastUsage.instructions };
  }
}

// table.sort picks random pivots on large unbalanced input (as lua does): its comparison count
// and so the instruction count may differ between any two runs
const RANDOM_COUNTS = /table\.sort/;

describe("compiled tier: same behaviour as the interpreter", () => {
  it("runs auto with a low threshold", () => expect(HOT_THRESHOLD).toBe(2));
  for (const file of programs) {
    it(file, () => {
      const src = readFileSync(path.join(root, file), "latin1");
      const off = run(src, file, "off");
      for (const mode of ["eager", "auto"] as const) {
        const got = run(src, file, mode);
        expect(got.out, `${mode}: output`).toBe(off.out);
        expect(got.error, `${mode}: error`).toBe(off.error);
        if (!RANDOM_COUNTS.test(src)) expect(got.instructions, `${mode}: instructions`).toBe(off.instructions);
      }
    });
  }
});

describe("compiled tier: every prototype compiles", () => {
  // a prototype or region whose generated code does not parse would silently stay interpreted
  // (and the comparisons above still pass): every region of every prototype of the corpus
  // must compile
  it("the corpus", () => {
    const failed: string[] = [];
    const walk = (p: Proto, file: string): void => {
      try {
        const regions = jitRegions(p);
        for (let r = 0; r < regions.count; r++) regions.compile(r);
      } catch (e) {
        failed.push(`${file}:${p.linedefined}: ${(e as Error).message}`);
      }
      p.p.forEach((c) => walk(c, file));
    };
    for (const file of programs) {
      let proto: Proto;
      try {
        proto = Lua.create().compile(readFileSync(path.join(root, file), "latin1"), { chunkName: file }).proto;
      } catch {
        continue; // a program that is a syntax error on purpose
      }
      walk(proto, file);
    }
    expect(failed).toEqual([]);
  });
});

describe("compiled tier: region size", () => {
  // V8 does not optimise a function of more than 60 KB of bytecode: a long function without
  // loops, compiled as one, ran in V8's interpreter several times slower than ours
  it("a long function without loops is cut into several functions, with the interpreter's results", () => {
    const lines = ["local t, acc, s = {}, 0, ''"];
    for (let i = 0; i < 300; i++) lines.push(i % 3 === 0 ? `acc = (acc * 31 + ${i}) % 1000003` : i % 3 === 1 ? `t.f${i} = acc - ${i}` : `s = s .. (acc % 10)`);
    lines.push("return acc, #s, t.f298");
    const src = lines.join("\n");
    const proto = Lua.create().compile(src, { chunkName: "long" }).proto;
    expect(proto.code.length).toBeGreaterThan(600);
    const functions = jitSource(proto).match(/function lua0_\d+\(/g) ?? [];
    expect(functions.length).toBeGreaterThanOrEqual(Math.floor(proto.code.length / 200)); // (a region holds at most 160)
    const off = run(src, "long", "off");
    expect(run(src, "long", "eager")).toEqual(off);
    expect(off.error).toBeUndefined();
  });
});

describe("compiled tier: when auto compiles", () => {
  it("a long prototype needs more calls than a short one (in proportion to its length)", () => {
    const body = Array.from({ length: 300 }, (_, i) => `acc = (acc * 31 + ${i}) % 1000003`).join("\n");
    const src = `local function long(acc)\n${body}\nreturn acc end\nlocal function short(acc) return acc + 1 end\nlocal n = ...\nfor i = 1, n do long(i) short(i) end`;
    const vm = Lua.create({ jit: "auto" });
    const script = vm.compile(src, { chunkName: "hot" });
    const [long, short] = script.proto.p as [Proto, Proto];
    expect(long.code.length).toBeGreaterThan(5 * 128);
    vm.run(script, [4]);
    expect(short.jit).toBeTypeOf("function");
    expect(long.jit).toBeUndefined();
    vm.run(script, [20 * HOT_THRESHOLD]);
    expect(long.jit).toBeTypeOf("function");
  });
});

describe("compiled tier: pacing of compiles in mode auto", () => {
  // several loops (so several regions), calls, closures and strings; spend() (a host function
  // standing for a call that has compiled a lot already) after the first loop, where the
  // prototype and its first region have been compiled (hot after two back-edges here)
  const body = `local acc, parts = 0, {}
for i = 1, 300 do acc = (acc * 31 + i) % 1000003 end
spend()
local function f(x) return x * 2 + 1 end
for i = 1, 200 do parts[#parts + 1] = tostring(f(i) % 7) end
local t = setmetatable({}, { __index = function(_, k) return k * 3 end })
for i = 1, 100 do acc = acc + t[i] end
while #parts > 150 do table.remove(parts) end
print(acc, table.concat(parts):sub(1, 40), #parts)`;
  /** A compile that took 50 ms: the credit is spent for the rest of this call (each call starts with a little). */
  const spend = (): void =>
    paced(() => {
      const end = performance.now() + 50;
      while (performance.now() < end);
    });
  const create = (jit: "off" | "auto", out: { text: string }) => {
    const vm = Lua.create({ profile: "trusted", jit, stdout: (s) => (out.text += s) });
    vm.set("spend", spend);
    return vm;
  };
  /** What the interpreter prints and counts for src, and an auto VM with its compiled script and output. */
  const setUp = (src: string, name: string) => {
    const offOut = { text: "" };
    const off = create("off", offOut);
    off.run(off.compile(src, { chunkName: name }), []);
    const expected = [offOut.text, off.lastUsage.instructions];
    const out = { text: "" };
    const vm = create("auto", out);
    const script = vm.compile(src, { chunkName: name });
    const runAuto = (): (string | number)[] => {
      out.text = "";
      vm.run(script, []);
      return [out.text, vm.lastUsage.instructions];
    };
    return { expected, vm, script, runAuto };
  };

  it("with the credit spent, hot code stays interpreted; the next call compiles it; the same results", () => {
    const { expected, vm, script, runAuto } = setUp(`spend()\n${body}`, "paced");
    expect(runAuto()).toEqual(expected);
    expect(script.proto.jit).toBeUndefined(); // hot after two back-edges, but not compiled
    vm.set("spend", () => {});
    expect(runAuto()).toEqual(expected);
    expect(script.proto.jit).toBeTypeOf("function");
  });

  it("regions not compiled yet run interpreted from their entry while the credit is spent", () => {
    const { expected, script, runAuto } = setUp(body, "regions");
    expect(jitRegions(script.proto).count).toBeGreaterThan(3);
    // each call: the prototype (first call) and the regions up to spend() compile, and every
    // region after it is declined and interpreted
    for (let k = 0; k < 3; k++) {
      expect(runAuto()).toEqual(expected);
      expect(script.proto.jit).toBeTypeOf("function");
    }
  });
});

describe("compiled tier: budgets", () => {
  it("while true do end stops at exactly the budget in every mode", () => {
    for (const jit of ["off", "eager", "auto"] as const) {
      const vm = Lua.create({ jit, budget: { instructions: 12_345 } });
      expect(() => vm.eval("local i = 0 while true do i = i + 1 end")).toThrow(/instruction/);
      expect(vm.lastUsage.instructions).toBe(12_345);
    }
  });

  it("a limit inside a block of compiled code stops at the same count as the interpreter", () => {
    const src = "local t = setmetatable({}, {__index = function(t, k) return k * 2 end}) local s = 0 for i = 1, 1e9 do s = s + t[i] + i end";
    const counts = (["off", "eager", "auto"] as const).map((jit) => {
      const vm = Lua.create({ jit, budget: { instructions: 100_003 } });
      expect(() => vm.eval(src)).toThrow(/instruction/);
      return vm.lastUsage.instructions;
    });
    expect(counts).toEqual([100_003, 100_003, 100_003]);
  });

  it("a limit reached inside a builtin called without a frame is the interpreter's error, at its count", () => {
    // string.rep and string.byte are pure builtins: compiled code calls them without a frame
    const cases = [
      { src: "local s = 0 for i = 1, 1e6 do s = s + #string.rep('x', i * 64) end", budget: { memoryBytes: 4_000_000 } },
      { src: "local s, t = 0, ('y'):rep(4096) for i = 1, 1e9 do s = s + select('#', t:byte(1, -1)) end", budget: { instructions: 2_000_000 } },
    ];
    for (const { src, budget } of cases) {
      const seen = (["off", "eager", "auto"] as const).map((jit) => {
        const vm = Lua.create({ jit, budget });
        try {
          vm.eval(src, { chunkName: "b.lua" });
          return "no error";
        } catch (e) {
          const err = e as InstanceType<typeof LuaError>;
          return `${err.message} @${String(err.line)} ${vm.lastUsage.instructions}`;
        }
      });
      expect(seen[0]).toMatch(/limit|budget|exceeded/);
      expect(seen[1]).toBe(seen[0]);
      expect(seen[2]).toBe(seen[0]);
    }
  });

  it("deep recursion is a Lua stack overflow in compiled code too, never a JS RangeError", () => {
    const vm = Lua.create({ jit: "eager" });
    expect(() => vm.eval("local function f(n) return 1 + f(n + 1) end return f(1)")).toThrow(/stack overflow/);
    expect(vm.eval("local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(150000)").values).toEqual([150000]);
  });

  it("errors blame the same line and variable from compiled code", () => {
    const src = "local t = {}\nlocal x\nfor i = 1, 10 do\n  x = t.a.b\nend";
    const msgs = (["off", "eager"] as const).map((jit) => {
      try {
        Lua.create({ jit }).eval(src, { chunkName: "e.lua" });
        return "";
      } catch (e) {
        return (e as InstanceType<typeof LuaError>).message;
      }
    });
    expect(msgs[0]).toMatch(/e\.lua:4: attempt to index a nil value \(field 'a'\)/);
    expect(msgs[1]).toBe(msgs[0]);
  });
});

describe("compiled tier: generated code holds no script value", () => {
  const hostile = ["'", '"', "\\", "`", "${x}", "*/", "\n", "\u2028", "\u2029", "\u0000", "</script>", "\"); process.exit(1); (\""];
  it("constants, field names, local names and chunk names never reach the source", () => {
    const parts = hostile.map((h, i) => {
      const lit = JSON.stringify(h).replace(/\\u2028/g, "\\u{2028}").replace(/\\u2029/g, "\\u{2029}").replace(/\\u0000/g, "\\0");
      return `local v${i} = ${lit}; t[${lit}] = v${i} .. "${i}"; s = s .. (t[${lit}] or "")`;
    });
    const src = `local t, s = {}, ""\n${parts.join("\n")}\nlocal function f${"_".repeat(3)}(a) return a .. ${JSON.stringify("`${}`")} end\nreturn f___(s)`;
    const vm = Lua.create({ jit: "eager" });
    const script = vm.compile(src, { chunkName: "`${evil}`*/\u2028" });
    const sources: string[] = [];
    const walk = (p: Proto): void => {
      sources.push(jitSource(p));
      p.p.forEach(walk);
    };
    walk(script.proto);
    for (const text of sources) {
      for (const h of ["${x}", "*/", "\u2028", "\u2029", "\u0000", "</script>", "process.exit", "evil", "`${}`"]) expect(text).not.toContain(h);
      // every string literal in the generated code is one of ours
      const literals = text.match(/"[^"]*"/g) ?? [];
      for (const l of literals) expect(["\"number\"", "\"string\"", "\"object\"", "\"attempt to modify a frozen upvalue\""]).toContain(l);
    }
    const off = Lua.create({ jit: "off" }).eval(script).values;
    expect(vm.eval(script).values).toEqual(off);
  });
});
