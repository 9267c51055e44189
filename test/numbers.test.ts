// Differential tests of number semantics (src/vm/numconv.ts, src/vm/arith.ts) against the
// reference interpreter: every expected value is what lua5.3 prints at test time.
//
// Cases are batched: each case is one line of a generated Lua script that prints exactly one
// line; our side computes the same line from the primitives, and the two outputs are compared.

import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { LuaFloat, mkFloat, mkIntBig, type LuaValue } from "../src/vm/value.js";
import { LuaFault } from "../src/vm/errors.js";
import {
  ArithOp,
  arith,
  lessEqual,
  lessThan,
  numEquals,
  numLessEqual,
  numLessThan,
  tonumber,
} from "../src/vm/arith.js";
import {
  floatToInteger,
  forLimit,
  formatNumberSpec,
  numberToString,
  stringToNumber,
  stringToNumberBase,
  toInteger,
  type LuaNumber,
} from "../src/vm/numconv.js";
import { haveLua, LUA } from "./lua53.js";


const SEED = Number(process.env.NUMBERS_SEED ?? 20240611);

// ---------------------------------------------------------------------------------------------
// Lua side

const PRELUDE = `
local function P(f)
  local ok, r = pcall(f)
  if ok then print(tostring(r))
  else
    local m = tostring(r):gsub("^[^\\n]-:%d+: ", "")
    if m:find("^attempt to perform arithmetic on") or m:find("^attempt to perform bitwise operation on")
      or m:find("^number.* has no integer representation") or m:find("^attempt to compare") then
      m = "UNDEF"
    else m = "ERR " .. m end
    print(m)
  end
end
`;

interface Case {
  lua: string; // a Lua statement printing exactly one line
  ours: () => string;
}

/** Run all cases' Lua lines in one lua5.3 process; returns the printed lines. */
function runLua(lines: string[]): string[] {
  const parts: string[] = [PRELUDE];
  for (let i = 0; i < lines.length; i += 500) {
    parts.push(";(function()\n" + lines.slice(i, i + 500).join("\n") + "\nend)()");
  }
  const script = parts.join("\n");
  const r = spawnSync(LUA, ["-"], { input: Buffer.from(script, "latin1"), maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error("lua5.3 failed: " + r.stderr.toString("latin1").slice(0, 2000));
  const out = r.stdout.toString("latin1").split("\n");
  out.pop();
  return out;
}

function check(cases: Case[]): void {
  const got = runLua(cases.map((c) => c.lua));
  expect(got.length).toBe(cases.length);
  const bad: string[] = [];
  const seen = new Set<string>();
  let nBad = 0;
  for (let i = 0; i < cases.length; i++) {
    let ours: string;
    try {
      ours = cases[i]!.ours();
    } catch (e) {
      ours = "THROW " + (e instanceof Error ? e.message : String(e));
    }
    if (ours === got[i]) continue;
    const key = `${got[i]}|${ours}`;
    if (seen.has(key)) {
      nBad++;
      continue;
    }
    seen.add(key);
    nBad++;
    bad.push(`${cases[i]!.lua}\n    lua5.3: ${JSON.stringify(got[i])}\n    ours:   ${JSON.stringify(ours)}`);
  }
  expect(bad.slice(0, 25).join("\n"), `${nBad} of ${cases.length} cases differ`).toBe("");
}

// ---------------------------------------------------------------------------------------------
// values and their Lua literals

/** Decompose a finite nonzero |x| as m * 2^e. */
function hexLiteral(x: number): string {
  const neg = x < 0 || Object.is(x, -0);
  let a = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(a)) {
    a *= 2;
    e--;
  }
  while (a > Number.MAX_SAFE_INTEGER) {
    a /= 2;
    e++;
  }
  return `${neg ? "-" : ""}0x${a.toString(16)}p${e}`;
}

function luaLit(v: LuaValue): string {
  if (v === undefined) return "nil";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return luaStr(v);
  if (typeof v === "bigint") {
    if (v === -0x8000000000000000n) return "math.mininteger";
    return v < 0n ? `(-${(-v).toString()})` : v.toString();
  }
  if (typeof v === "number" && Number.isInteger(v)) return v < 0 ? `(${v})` : String(v);
  const box = v instanceof LuaFloat;
  const x = box ? (v as LuaFloat).n : (v as number);
  if (x !== x) return box ? "(-(0/0))" : "(0/0)";
  if (x === Infinity) return "math.huge";
  if (x === -Infinity) return "(-math.huge)";
  if (x === 0) return Object.is(x, -0) ? "(-0.0)" : "0.0";
  const h = hexLiteral(x);
  return h[0] === "-" ? `(${h})` : h;
}

function nextAfter(x: number, up: boolean): number {
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  u[0] = u[0]! + ((x >= 0) === up ? 1n : -1n);
  return b[0]!;
}

function luaStr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c < 127 && c !== 34 && c !== 92) out += s[i];
    else out += "\\" + String(c).padStart(3, "0");
  }
  return out + '"';
}

/** What lua5.3's tostring shows for a result of ours (nil/boolean/number). */
function show(v: LuaValue): string {
  if (v === undefined) return "nil";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  return String(v);
}

/** Our result of an operation, in the normalised form of P() above. */
function ourResult(f: () => LuaValue | undefined): string {
  try {
    const r = f();
    return r === undefined ? "UNDEF" : show(r);
  } catch (e) {
    if (e instanceof LuaFault) return "ERR " + e.message;
    throw e;
  }
}

const int = (b: bigint | number): number | bigint => (typeof b === "number" ? b : mkIntBig(b));
const flt = (x: number): number | LuaFloat => mkFloat(x);
const PNAN = new LuaFloat(NaN);

const sampleOpts = (n: number, k: number) => ({ numRuns: n, seed: SEED + k });

const HANDPICKED_INTS: (number | bigint)[] = [
  0, 1, -1, 2, -2, 3, -3, 5, 7, -7, 10, 16, 63, 64, 65, -63, -64, -65, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32,
  -(2 ** 32 + 1), 2 ** 52, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n,
  2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), -(2n ** 63n) + 1n, 2n ** 63n - 2n, 3037000499, 3037000500, 4294967296,
  94906265, 123456789,
].map(int);

const HANDPICKED_FLOATS: (number | LuaFloat)[] = [
  0, -0, 0.5, -0.5, 1, -1, 1.5, -1.5, 2, 3, 7.5, -7.5, 2.5, 0.1, 1 / 3, -2 / 3, 1e308, -1e308, 5e-324, -5e-324,
  2.2250738585072014e-308, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64, 1e15, 1e16, 123456789012345, 1e100,
  Infinity, -Infinity, NaN, 3.14159, 1e-5, 1e-4, 99999999999999.5, 0.30000000000000004,
].map(flt);

const ALL_HANDPICKED: LuaValue[] = [...HANDPICKED_INTS, ...HANDPICKED_FLOATS, PNAN];

const OPS: [ArithOp, string][] = [
  [ArithOp.ADD, "+"],
  [ArithOp.SUB, "-"],
  [ArithOp.MUL, "*"],
  [ArithOp.MOD, "%"],
  [ArithOp.POW, "^"],
  [ArithOp.DIV, "/"],
  [ArithOp.IDIV, "//"],
  [ArithOp.BAND, "&"],
  [ArithOp.BOR, "|"],
  [ArithOp.BXOR, "~"],
  [ArithOp.SHL, "<<"],
  [ArithOp.SHR, ">>"],
];

function binCase(op: ArithOp, sym: string, a: LuaValue, b: LuaValue): Case {
  return {
    lua: `P(function() local a, b = ${luaLit(a)}, ${luaLit(b)} return a ${sym} b end)`,
    ours: () => ourResult(() => arith(op, a, b)),
  };
}

function unCases(a: LuaValue): Case[] {
  return [
    { lua: `P(function() local a = ${luaLit(a)} return -a end)`, ours: () => ourResult(() => arith(ArithOp.UNM, a, a)) },
    { lua: `P(function() local a = ${luaLit(a)} return ~a end)`, ours: () => ourResult(() => arith(ArithOp.BNOT, a, a)) },
  ];
}

// random value generators
const bigNear = (center: bigint, spread: bigint) =>
  fc.bigInt({ min: center - spread, max: center + spread }).map((b) => int(BigInt.asIntN(64, b)));

const arbInt = fc.oneof(
  fc.integer({ min: -300, max: 300 }).map(int),
  bigNear(0n, 70n),
  bigNear(2n ** 31n, 3n),
  bigNear(-(2n ** 31n), 3n),
  bigNear(2n ** 53n, 3n),
  bigNear(-(2n ** 53n), 3n),
  bigNear(2n ** 63n - 1n, 3n),
  bigNear(-(2n ** 63n), 3n),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(int),
);

const arbDouble = fc.oneof(
  fc.double().map(flt),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map(flt),
  fc.integer({ min: -100000, max: 100000 }).chain((n) => fc.integer({ min: 0, max: 12 }).map((k) => flt(n / 2 ** k))),
  fc.integer({ min: -100000, max: 100000 }).chain((n) => fc.integer({ min: 0, max: 6 }).map((k) => flt(n / 10 ** k))),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map((b) => flt(Number(b))),
);

const arbNumber: fc.Arbitrary<LuaValue> = fc.oneof(arbInt, arbDouble);

// ---------------------------------------------------------------------------------------------

const d = haveLua ? describe : describe.skip;

if (!haveLua) {
  describe("numbers (lua5.3 reference)", () => {
    it.skipIf(!process.env.CI)("needs lua5.3", () => {
      expect.fail(`lua5.3 not found (${LUA}); the differential number tests cannot run`);
    });
  });
}

d("arithmetic and bitwise operators vs lua5.3", () => {
  it("hand-picked operands, every operator", () => {
    const cases: Case[] = [];
    for (const a of ALL_HANDPICKED) {
      for (const b of ALL_HANDPICKED) for (const [op, sym] of OPS) cases.push(binCase(op, sym, a, b));
      cases.push(...unCases(a));
    }
    check(cases);
  });

  it("random integers and floats, every operator", () => {
    const as = fc.sample(arbNumber, sampleOpts(2500, 1));
    const bs = fc.sample(arbNumber, sampleOpts(2500, 2));
    const shifts = fc.sample(fc.integer({ min: -70, max: 70 }), sampleOpts(2500, 3));
    const cases: Case[] = [];
    for (let i = 0; i < as.length; i++) {
      const a = as[i]!;
      const b = bs[i]!;
      for (const [op, sym] of OPS) {
        if (op === ArithOp.SHL || op === ArithOp.SHR) cases.push(binCase(op, sym, a, shifts[i]!));
        cases.push(binCase(op, sym, a, b));
      }
      cases.push(...unCases(a));
    }
    check(cases);
  });

  it("random integers against small divisors (wrap-around, // and %)", () => {
    const as = fc.sample(arbInt, sampleOpts(2000, 4));
    const bs = fc.sample(fc.oneof(fc.integer({ min: -9, max: 9 }).map(int), arbInt), sampleOpts(2000, 5));
    const cases: Case[] = [];
    for (let i = 0; i < as.length; i++) {
      for (const [op, sym] of OPS.slice(0, 7)) cases.push(binCase(op, sym, as[i]!, bs[i]!));
    }
    check(cases);
  });

  it("string operands are coerced like the 5.3 VM", () => {
    const strs = [
      "10", "0x10", "1e1", " 3 ", "3.0", "-2", "abc", "", "0x", "1.5", "  0x1p4  ", "9223372036854775808",
      "-9223372036854775808", "0xffffffffffffffff", "inf", "nan", "1e", "\t7\n", "2^53", "1 2", "0x7fffffffffffffff",
      "3.5", "-0", "-0.0", "1e400",
    ];
    const others: LuaValue[] = [...strs, 0, 1, -3, 2.5, flt(2), 2n ** 62n, NaN, true, undefined];
    const cases: Case[] = [];
    for (const s of strs) {
      for (const o of others) {
        for (const [op, sym] of OPS) {
          cases.push(binCase(op, sym, s, o));
          cases.push(binCase(op, sym, o, s));
        }
      }
      cases.push(...unCases(s));
    }
    check(cases);
  });
});

d("comparisons vs lua5.3", () => {
  it("numbers: <, <=, == across integers and floats", () => {
    const pool: LuaValue[] = [
      ...ALL_HANDPICKED,
      ...fc.sample(arbNumber, sampleOpts(150, 6)),
      flt(2 ** 53), int(2n ** 53n + 1n), flt(2 ** 63), int(2n ** 63n - 1n), flt(-(2 ** 63)), int(-(2n ** 63n)),
      flt(9007199254740992), int(9007199254740993n), flt(2 ** 62), int(2n ** 62n), int(2n ** 62n + 1n),
    ];
    const cases: Case[] = [];
    for (const a of pool) {
      for (const b of pool) {
        const A = a as LuaNumber;
        const B = b as LuaNumber;
        const lit = `local a, b = ${luaLit(a)}, ${luaLit(b)}`;
        cases.push({
          lua: `P(function() ${lit} return (a < b) and 1 or 0 end)`,
          ours: () => (numLessThan(A, B) && lessThan(a, b) === true ? "1" : lessThan(a, b) === false ? "0" : "?"),
        });
        cases.push({
          lua: `P(function() ${lit} return (a <= b) and 1 or 0 end)`,
          ours: () => (numLessEqual(A, B) && lessEqual(a, b) === true ? "1" : lessEqual(a, b) === false ? "0" : "?"),
        });
        cases.push({ lua: `P(function() ${lit} return (a == b) and 1 or 0 end)`, ours: () => (numEquals(A, B) ? "1" : "0") });
      }
    }
    check(cases);
  });

  it("strings bytewise, and mixed types need metamethods", () => {
    const strs = fc.sample(fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 4 }), sampleOpts(60, 7));
    strs.push("", "a", "ab", "b", "\0", "a\0b", "a\0", "\xff", "10", "9", "Z");
    const cases: Case[] = [];
    for (const a of strs) {
      for (const b of strs) {
        const lit = `local a, b = ${luaStr(a)}, ${luaStr(b)}`;
        cases.push({ lua: `P(function() ${lit} return a < b end)`, ours: () => String(lessThan(a, b)) });
        cases.push({ lua: `P(function() ${lit} return a <= b end)`, ours: () => String(lessEqual(a, b)) });
      }
    }
    for (const [a, b] of [["1", 2], [1, "2"], [true, 1], ["a", undefined]] as [LuaValue, LuaValue][]) {
      const lit = `local a, b = ${luaLit(a)}, ${luaLit(b)}`;
      cases.push({ lua: `P(function() ${lit} return a < b end)`, ours: () => (lessThan(a, b) === undefined ? "UNDEF" : "defined") });
      cases.push({ lua: `P(function() ${lit} return a <= b end)`, ours: () => (lessEqual(a, b) === undefined ? "UNDEF" : "defined") });
    }
    check(cases);
  });
});

d("tostring vs lua5.3", () => {
  it("hand-picked and random floats / integers", () => {
    const vals: LuaValue[] = [
      ...ALL_HANDPICKED,
      ...[1e14, 1e13, 99999999999999, 999999999999999, 1e21, 1e22, 2 ** 60, 0.1 + 0.2, 100, 1e-7, 1.5e-7, 123.456,
        1234567890123456, 12345678901234.5, 1234567890123.25, 0.000123456789012345, 5e-5, 1e-4 - 1e-20,
        99999999999999.99, 9.99999999999995e-5, 0.00009999999999999995, 2.5e-320, 1.7976931348623157e308].flatMap((x) => [flt(x), flt(-x)]),
      ...fc.sample(arbNumber, sampleOpts(12000, 8)),
      // 15-digit decimals ending in 5: their shortest representation sits on a rounding boundary
      ...fc
        .sample(fc.tuple(fc.bigInt({ min: 10n ** 13n, max: 10n ** 14n - 1n }), fc.integer({ min: -40, max: 40 })), sampleOpts(1500, 18))
        .map(([b, k]) => flt(Number(`${b}5e${k}`))),
      // 16/17-digit neighbours of short decimals
      ...fc
        .sample(fc.tuple(fc.integer({ min: 1, max: 999999 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: -3, max: 3 })), sampleOpts(1500, 19))
        .map(([n, k, ulps]) => {
          let x = Number(`${n}e${k}`);
          for (let i = 0; i < Math.abs(ulps); i++) x = nextAfter(x, ulps > 0);
          return flt(x);
        }),
      // exact decimal ties at the 15th significant digit (glibc rounds them to even)
      ...fc.sample(fc.bigInt({ min: 10n ** 13n, max: 10n ** 14n - 1n }).map((b) => flt(Number(b * 10n + 5n))), sampleOpts(300, 9)),
      ...fc
        .sample(fc.tuple(fc.bigInt({ min: 10n ** 13n, max: 10n ** 14n - 1n }), fc.integer({ min: 1, max: 8 })), sampleOpts(600, 10))
        .map(([b, k]) => flt(Number(b * 10n + 5n) / 2 ** k)),
      ...fc.sample(fc.integer({ min: 1, max: 2 ** 30 }).chain((n) => fc.integer({ min: 1, max: 40 }).map((k) => flt(n / 2 ** k))), sampleOpts(1000, 11)),
    ];
    check(vals.map((v) => ({ lua: `print(${luaLit(v)})`, ours: () => show(v) })));
  });
});

d("tonumber vs lua5.3", () => {
  const handStrings = [
    "10", "0x10", "0X1F", "1e1", " 3 ", "3.", ".5", ".", "-.5", "+.5", "+5", "- 5", "--5", "0x", "0x.", "0x.8", "0x8.",
    "0x1p4", "0x1P-2", "0x1p", "0x1p+", "0xp1", "1e", "1e+", "1e+5", "1E-5", "inf", "-inf", "nan", "NaN", "infinity",
    "", " ", "\t\n\v\f\r 12 \r\n", "1\0", "\x001", "12a", "0x1g", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "0xffffffffffffffff", "0x10000000000000000",
    "0x1ffffffffffffffff", "-0x1", "0x-1", "1e400", "-1e400", "1e-400", "2.5e-324", "4.9e-324", "0x1p-1074",
    "0x1p-1075", "0x1.8p-1074", "0x3p-1076", "0x1p1023", "0x1p1024", "0x1.fffffffffffff8p1023", "0x1.fffffffffffff7p1023",
    "0x.0000000000001p-1022", "0x123456789abcdef0123p-4", "00000000000000000000012", "-0", "-0.0", "0.0", "1.5e308",
    "123456789012345678901234567890", "0.1", "3.14159", "1 2", "0x 1", "1.e5", "1..5", "0x1.2.3", "1e5.5", "٣",
    "0x1p99999999999999", "1e99999999999999999", "0x1p-99999999999", "5e-324", "1_000", "0b101", "0o17", "1f", "1d",
  ];
  const alphabet = "0123456789abcdefxXpPeE.+- \t\n\v\f\rn\0".split("");
  const randStrings = fc.sample(
    fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 }),
    sampleOpts(4000, 12),
  );
  const numLike = fc.sample(
    fc.tuple(fc.constantFrom("", " ", "-", "+", " -"), fc.constantFrom("", "0x", "0X"), fc.stringMatching(/^[0-9a-f]{1,20}(\.[0-9a-f]{0,20})?([ep][-+]?[0-9]{1,4})?$/), fc.constantFrom("", " ", "\t")).map((t) => t.join("")),
    sampleOpts(3000, 13),
  );

  it("tonumber(s) and coercion", () => {
    const strs = [...handStrings, ...randStrings, ...numLike];
    check(
      strs.map((s) => ({
        lua: `print(tonumber(${luaStr(s)}))`,
        ours: () => {
          const v = stringToNumber(s);
          return v === undefined ? "nil" : numberToString(v);
        },
      })),
    );
  });

  it("math.tointeger (lua_tointegerx) of strings and numbers", () => {
    const vals: LuaValue[] = [...handStrings, ...numLike.slice(0, 500), ...ALL_HANDPICKED, "10.5", "10.0", "0x10", "1e1", "2^53"];
    check(
      vals.map((v) => ({
        lua: `print(math.tointeger(${luaLit(v)}))`,
        ours: () => show(toInteger(v)),
      })),
    );
  });

  it("tonumber(s, base) for bases 2..36", () => {
    const alnum = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
    const strs = fc.sample(
      fc.tuple(
        fc.constantFrom("", " ", "-", "+", "\t-", "- "),
        fc.string({ unit: fc.constantFrom(...alnum, ...alnum, ".", " ", "\0"), minLength: 0, maxLength: 16 }),
        fc.constantFrom("", " ", "\n"),
        fc.integer({ min: 2, max: 36 }),
      ),
      sampleOpts(4000, 14),
    );
    const extra: [string, number][] = [
      ["7fffffffffffffff", 16], ["8000000000000000", 16], ["ffffffffffffffff", 16], ["10000000000000000", 16],
      ["zzzzzzzzzzzzzzzz", 36], ["-1", 10], ["1111111111111111111111111111111111111111111111111111111111111111", 2],
      ["11111111111111111111111111111111111111111111111111111111111111111", 2], ["", 10], [" ", 10], ["-", 10],
      ["10", 2], ["2", 2], ["Z", 36], ["z", 35], ["99999999999999999999", 10], ["1.0", 10], ["0x10", 16],
    ];
    const cases: Case[] = [
      ...strs.map(([a, b, c, base]) => [a + b + c, base] as [string, number]),
      ...extra,
    ].map(([s, base]) => ({
      lua: `print(tonumber(${luaStr(s)}, ${base}))`,
      ours: () => show(stringToNumberBase(s, base)),
    }));
    check(cases);
  });

  it("tonumber passes numbers through", () => {
    for (const v of ALL_HANDPICKED) expect(tonumber(v)).toBe(v);
    expect(tonumber(true)).toBeUndefined();
    expect(tonumber(undefined)).toBeUndefined();
  });
});

d("float -> integer conversions vs lua5.3", () => {
  it("math.floor / math.ceil (flttointns floor/ceil)", () => {
    const xs: number[] = [
      ...HANDPICKED_FLOATS.map((v) => (v instanceof LuaFloat ? v.n : v)),
      ...fc.sample(fc.double(), sampleOpts(1500, 15)),
      2 ** 63 - 1024, -(2 ** 63), -(2 ** 63) - 2048, 9.3e18, -9.3e18, -0.5, 0.5, -1.5,
    ];
    const cases: Case[] = [];
    for (const x of xs) {
      const lit = luaLit(flt(x));
      cases.push({ lua: `print(math.floor(${lit}))`, ours: () => show(floatToInteger(x, "floor") ?? flt(Math.floor(x))) });
      cases.push({ lua: `print(math.ceil(${lit}))`, ours: () => show(floatToInteger(x, "ceil") ?? flt(Math.ceil(x))) });
    }
    check(cases);
  });

  it("numeric for loop limits (forlimit)", () => {
    const limits: LuaValue[] = [
      ...ALL_HANDPICKED, "10", "2.5", "x", "0x10", flt(2 ** 63), flt(-(2 ** 63)), flt(9.3e18), flt(-9.3e18),
    ];
    const inits = [1, -3, 0, int(2n ** 63n - 2n), int(-(2n ** 63n)), int(-(2n ** 63n) + 1n)];
    const steps = [1, -1, 2, -3, int(2n ** 62n)];
    const cases: Case[] = [];
    for (const lim of limits) {
      for (const i0 of inits) {
        for (const st of steps) {
          cases.push({
            lua: `P(function() local c, last = 0, "none" for i = ${luaLit(i0)}, ${luaLit(lim)}, ${luaLit(st)} do c = c + 1 last = i if c >= 4 then break end end return c .. " " .. tostring(last) end)`,
            ours: () => {
              const fl = forLimit(lim, st as number | bigint);
              if (fl === undefined) return "ERR 'for' limit must be a number";
              const step = BigInt(st as number | bigint);
              const limit = BigInt(fl.limit);
              let idx = fl.stopNow ? 0n : BigInt(i0 as number | bigint);
              // forprep subtracts one step (wrapping), forloop adds it back and tests
              idx = BigInt.asIntN(64, idx - step);
              let c = 0;
              let last = "none";
              for (;;) {
                idx = BigInt.asIntN(64, idx + step);
                if (!(step > 0n ? idx <= limit : limit <= idx)) break;
                c++;
                last = numberToString(int(idx));
                if (c >= 4) break;
              }
              return `${c} ${last}`;
            },
          });
        }
      }
    }
    check(cases);
  });
});

d("string.format number conversions vs lua5.3", () => {
  const floatSpecs = [
    "%.14g", "%g", "%.3g", "%#g", "%#.3g", "%.0g", "%#.0g", "%.17g", "%.20g", "%G", "%e", "%.0e", "%#.0e", "%.3e",
    "%.20e", "%E", "%f", "%.0f", "%#.0f", "%.1f", "%.3f", "%.20f", "%.99f", "%a", "%.0a", "%.1a", "%.3a", "%.13a",
    "%.20a", "%#a", "%A", "%10.4f", "%-12e", "%+g", "% .2f", "%010.3f", "%+010.2e", "%-+10.1f", "%5g", "%.15g",
    "%012a", "%-20a", "% a", "%99.2f", "%.99e", "%.99g", "%#.99g", "%#.1g", "%#.2g", "%#.5g", "%#.1e", "%#x",
  ].filter((s) => s !== "%#x");
  const intSpecs = ["%d", "%5d", "%-5d", "%+d", "% d", "%05d", "%.3d", "%.0d", "%x", "%X", "%#x", "%#X", "%o", "%#o", "%u", "%i", "%-#10x", "%+.5i", "%#.0o", "%08.3x"];

  it("float conversions", () => {
    const xs: LuaValue[] = [
      ...HANDPICKED_FLOATS, PNAN, ...HANDPICKED_INTS.slice(0, 12),
      ...fc.sample(arbDouble, sampleOpts(400, 16)),
      flt(0.125), flt(0.375), flt(2.5), flt(0.5), flt(1.5), flt(1e-320), flt(1 + 2 ** -52), flt(1.03125), flt(1.09375),
      flt(2 - 2 ** -52), flt((2 - 2 ** -52) * 2 ** -1023), flt(1234567.5), flt(-0.0625),
      // roundings that carry into the next power of ten
      ...[999999.9999, 9.99999999, 999.96, 0.000099999999, 99999.99999, 9999999.4, 9.96, 0.99999999, 9.9999999e-6, 99.95,
        9.5, 95, 0.95, 9.9999999e22, 9.99999999999999e99].map(flt),
    ];
    const cases: Case[] = [];
    for (const spec of floatSpecs) {
      for (const x of xs) {
        cases.push({
          lua: `print("[" .. string.format("${spec}", ${luaLit(x)}) .. "]")`,
          ours: () => "[" + formatNumberSpec(spec, x as LuaNumber) + "]",
        });
      }
    }
    check(cases);
  });

  it("integer conversions", () => {
    const xs: LuaValue[] = [...HANDPICKED_INTS, ...fc.sample(arbInt, sampleOpts(150, 17)), flt(3), flt(-0), flt(2 ** 62)];
    const cases: Case[] = [];
    for (const spec of intSpecs) {
      for (const x of xs) {
        cases.push({
          lua: `print("[" .. string.format("${spec}", ${luaLit(x)}) .. "]")`,
          ours: () => "[" + formatNumberSpec(spec, x as LuaNumber) + "]",
        });
      }
    }
    check(cases);
  });
});
