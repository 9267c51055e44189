// The compiled tier against the interpreter on random programs (fast-check): statements over
// integers, floats, strings, tables, closures, metatables, loops, pcall and goto are generated,
// run with the tier off, eager and auto (hot after two, so frames change tiers mid-run), and
// must print the same output, end with the same error and count the same instructions —
// also when a small instruction budget stops them part-way.
import fc from "fast-check";
import { describe, expect, it } from "vitest";

process.env.MOONRULE_JIT_HOT = "2";
// every prototype with two or more loops is compiled as one function per loop region
process.env.MOONRULE_JIT_REGIONS = "0";
const { Lua, LuaError } = await import("../src/index.js");

interface Outcome {
  out: string;
  error?: string;
  instructions: number;
}

function run(src: string, jit: "off" | "eager" | "auto", instructions: number): Outcome {
  let out = "";
  const vm = Lua.create({ jit, stdout: (s) => (out += s), budget: { instructions, memoryBytes: 16 << 20 } });
  try {
    vm.eval(src, { chunkName: "prop" });
    return { out, instructions: vm.lastUsage.instructions };
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    return { out, error: e.message, instructions: vm.lastUsage.instructions };
  }
}

// ------------------------------------------------------------------ program generator

const VARS = ["a", "b", "c", "d"];
const atom = fc.oneof(
  fc.constantFrom(...VARS),
  fc.constantFrom("0", "1", "-1", "3", "7", "0.5", "2.25", "-0.0", "1e300", "math.maxinteger", "math.mininteger", "(0/0)"),
  fc.constantFrom('"x"', '"12"', '""', "true", "false", "nil", "t[1]", "t.k", "#t", "f(a)", "g(b, c)", "o.v", "(o + 1)"),
);
const expr: fc.Memo<string> = fc.memo((n) =>
  n <= 1
    ? atom
    : fc.oneof(
        { weight: 2, arbitrary: atom },
        {
          weight: 3,
          arbitrary: fc.tuple(expr(n - 1), fc.constantFrom("+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", "and", "or", "&", "|", "<<"), expr(n - 1))
            .map(([x, op, y]) => `(${x} ${op} ${y})`),
        },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom("-", "not ", "#", "~"), expr(n - 1)).map(([op, x]) => `${op}(${x})`) },
      ),
);

const stat: fc.Memo<string> = fc.memo((n) => {
  const simple = fc.oneof(
    fc.tuple(fc.constantFrom(...VARS), expr(3)).map(([v, e]) => `${v} = ${e}`),
    fc.tuple(fc.constantFrom("1", "2", "k", "a"), expr(2)).map(([k, e]) => `t[${k === "k" ? '"k"' : k}] = ${e}`),
    expr(3).map((e) => `print(${e})`),
    expr(2).map((e) => `print(pcall(function() return ${e} end))`),
    fc.constant("print(a, b, c, d, #t)"),
    fc.constant("t[#t + 1] = a"),
  );
  if (n <= 1) return simple;
  const block = fc.array(stat(n - 1), { minLength: 1, maxLength: 3 }).map((ss) => ss.join("\n"));
  return fc.oneof(
    { weight: 4, arbitrary: simple },
    { weight: 1, arbitrary: fc.tuple(expr(2), block, block).map(([c, x, y]) => `if ${c} then\n${x}\nelse\n${y}\nend`) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -2, max: 6 }), fc.constantFrom("1", "2", "-1", "0.5"), block).map(([lim, step, b]) => `for i = 1, ${lim}, ${step} do\nc = i\n${b}\nend`) },
    { weight: 1, arbitrary: block.map((b) => `do local n = 0\nwhile n < 3 do n = n + 1\n${b}\nend end`) },
    { weight: 1, arbitrary: block.map((b) => `for k, v in pairs({10, 20, x = 30}) do d = v\n${b}\nend`) },
    { weight: 1, arbitrary: block.map((b) => `local ok, err = pcall(function()\n${b}\nend)\nprint(ok, err)`) },
    { weight: 1, arbitrary: block.map((b) => `do local n = 0\n::top::\nn = n + 1\n${b}\nif n < 2 then goto top end end`) },
    { weight: 1, arbitrary: block.map((b) => `local co = coroutine.wrap(function()\n${b}\ncoroutine.yield(a)\nreturn b end)\nprint(pcall(co))\nprint(pcall(co))`) },
  );
});

/** Outcome counts, printed with JIT_PROPERTY_STATS=1 (to see the generator is not vacuous). */
const stats: Record<string, number> = {};

const PRELUDE = `local a, b, c, d = 1, 2.5, "3", nil
local t = {1, 2, k = "v"}
local function f(x) return x end
local function g(x, y) if x == nil then return y end return x end
local o = setmetatable({v = 4}, {__add = function(p, q) return 40 end, __index = function(_, k) return k end})
`;

// most top-level statements run under pcall, so that one error does not end the program
const program = fc.array(fc.tuple(stat(3), fc.boolean()), { minLength: 1, maxLength: 6 })
  .map((ss) => PRELUDE + ss.map(([st, wrap]) => (wrap ? st : `print(pcall(function()\n${st}\nend))`)).join("\n"));

describe("compiled tier on random programs", () => {
  it("off, eager and auto print, fail and count alike", () => {
    fc.assert(
      fc.property(program, fc.constantFrom(200, 5_000, 1_000_000), (src, budget) => {
        const off = run(src, "off", budget);
        if (process.env.JIT_PROPERTY_STATS) { const k = off.error === undefined ? "ok" : /syntax|near|expected/.test(off.error) ? "syntax" : /instruction/.test(off.error) ? "budget" : "error"; stats[k] = (stats[k] ?? 0) + 1; }
        for (const mode of ["eager", "auto"] as const) {
          const got = run(src, mode, budget);
          expect({ out: got.out, error: got.error, instructions: got.instructions }, `${mode}\n${src}`).toEqual(off);
        }
      }),
      { numRuns: Number(process.env.JIT_PROPERTY_RUNS ?? 400), seed: Number(process.env.JIT_PROPERTY_SEED ?? 20261125) },
    );
    if (process.env.JIT_PROPERTY_STATS) console.log(["ok", "syntax", "budget", "error"].map((k) => `${k} ${stats[k] ?? 0}`).join(", "));
  });
});
