// Hostile chunk files. A chunk is bytecode that skipped the compiler, so the verifier
// (src/vm/verify.ts) is all that stands between its author and the interpreter's assumptions.
// Every mutated or hand-written chunk must either be refused by loadChunk ("invalid chunk: …")
// or run safely under a small budget: it ends with values or a LuaError raised by the VM's own
// checks — never a JS exception surfacing as a "host" error (which here, with no host
// functions, would mean an interpreter assumption broke), never a hang.
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, loadChunk, Lua, LuaError, LuaFloat, Script, serializeChunk } from "../../src/index.js";
import { resealChunk } from "../../src/vm/chunk.js";
import { createABC, createABx, createAsBx, createAx, Op } from "../../src/vm/opcodes.js";
import type { Proto } from "../../src/vm/proto.js";
import type { LuaValue } from "../../src/vm/value.js";
import { verifyProto } from "../../src/vm/verify.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUDGET = { instructions: 20_000, memoryBytes: 4 << 20, timeoutMs: 1000 };

type Outcome = "refused" | "values" | "error";

/** Load and, if accepted, run a chunk; fail the test on anything but the allowed outcomes. */
function tryChunk(bytes: Uint8Array, label: string): Outcome {
  let script: Script;
  try {
    script = loadChunk(bytes);
  } catch (e) {
    if (!(e instanceof LuaError) || e.kind !== "syntax" || !e.message.startsWith("invalid chunk: ")) {
      throw new Error(`${label}: loadChunk threw something other than an invalid-chunk LuaError: ${String(e)}`);
    }
    return "refused";
  }
  const vm = Lua.create({ print: () => {} });
  try {
    vm.eval(script, { budget: BUDGET });
    return "values";
  } catch (e) {
    if (!(e instanceof LuaError)) throw new Error(`${label}: the run threw a non-LuaError: ${String(e)}`);
    if (e.kind === "host") throw new Error(`${label}: the run broke an interpreter assumption: ${e.message}`);
    // the error renders without throwing
    expect(typeof e.format()).toBe("string");
    expect(e.toJSON().kind).toBe(e.kind);
    return "error";
  }
}

function clone(p: Proto): Proto {
  return { ...p, code: p.code.slice(), lineinfo: p.lineinfo.slice(), colinfo: p.colinfo.slice(), k: p.k.slice(), p: p.p.map(clone), upvalues: p.upvalues.map((u) => ({ ...u })), locvars: p.locvars.map((l) => ({ ...l })) };
}

function allProtos(p: Proto, out: Proto[] = []): Proto[] {
  out.push(p);
  for (const c of p.p) allProtos(c, out);
  return out;
}

/** Sources to mutate: corpus programs that run to completion in the sandbox. */
function seeds(): Script[] {
  const dirs = ["core", "table", "string", "math"];
  const out: Script[] = [];
  for (const d of dirs) {
    const dir = path.join(repoRoot, "test", "lua", d);
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(".lua") || name.startsWith("fail_")) continue;
      const src = readFileSync(path.join(dir, name), "latin1");
      if (src.length > 6000) continue;
      try {
        out.push(compile(src, { chunkName: name }));
      } catch {
        // not every corpus file compiles on purpose
      }
    }
  }
  return out;
}

const RANDOM_CONSTANTS: LuaValue[] = [undefined, true, 0, -1, 2 ** 40, 9007199254740993n, 0.5, NaN, new LuaFloat(-0), new LuaFloat(3), "", "__index", "x".repeat(40)];

/** One random change to a prototype tree (in place). */
function mutate(main: Proto, rnd: () => number): string {
  const ps = allProtos(main);
  const p = ps[Math.floor(rnd() * ps.length)]! as { -readonly [K in keyof Proto]: Proto[K] };
  const code = p.code;
  const pc = Math.floor(rnd() * code.length);
  const small = (): number => Math.floor(rnd() * (rnd() < 0.5 ? 4 : 12));
  switch (Math.floor(rnd() * 12)) {
    case 0:
      code[pc] = code[pc]! ^ (1 << Math.floor(rnd() * 32));
      return `bit flip at pc ${pc}`;
    case 1:
      code[pc] = (code[pc]! & ~0x3f) | Math.floor(rnd() * 48);
      return `opcode at pc ${pc}`;
    case 2:
      code[pc] = (code[pc]! & ~(0xff << 6)) | (small() << 6);
      return `A at pc ${pc}`;
    case 3: {
      const shift = rnd() < 0.5 ? 23 : 14;
      const v = rnd() < 0.3 ? 256 + small() : small();
      code[pc] = (code[pc]! & ~(0x1ff << shift)) | (v << shift);
      return `${shift === 23 ? "B" : "C"} at pc ${pc}`;
    }
    case 4: {
      // sBx / Bx near its current value
      const bx = (code[pc]! >>> 14) + Math.floor(rnd() * 9) - 4;
      code[pc] = (code[pc]! & 0x3fff) | ((bx & 0x3ffff) << 14);
      return `Bx at pc ${pc}`;
    }
    case 5: {
      const q = Math.floor(rnd() * code.length);
      const t = code[pc]!;
      code[pc] = code[q]!;
      code[q] = t;
      return `swap pcs ${pc} ${q}`;
    }
    case 6:
      p.maxstacksize = Math.max(0, p.maxstacksize + Math.floor(rnd() * 5) - 3);
      return "maxstacksize";
    case 7:
      if (rnd() < 0.5) p.numparams = small();
      else p.isVararg = !p.isVararg;
      return "params";
    case 8: {
      if (p.upvalues.length === 0) return "none";
      const u = p.upvalues[Math.floor(rnd() * p.upvalues.length)]! as { instack: boolean; idx: number };
      if (rnd() < 0.5) u.instack = !u.instack;
      else u.idx = small();
      return "upvalue descriptor";
    }
    case 9: {
      if (p.k.length === 0) return "none";
      const k = p.k.slice();
      k[Math.floor(rnd() * k.length)] = RANDOM_CONSTANTS[Math.floor(rnd() * RANDOM_CONSTANTS.length)];
      p.k = k;
      return "constant";
    }
    case 10: {
      // drop or duplicate an instruction (debug info kept the same length)
      const words = [...code];
      const dup = rnd() < 0.5;
      if (dup) words.splice(pc, 0, code[pc]!);
      else if (words.length > 1) words.splice(pc, 1);
      const next = Int32Array.from(words);
      p.code = next;
      p.lineinfo = new Int32Array(next.length).fill(1);
      p.colinfo = new Int32Array(next.length);
      return dup ? "duplicate" : "drop";
    }
    default: {
      // a call, test or loop opcode with random small operands
      const ops = [Op.CALL, Op.TAILCALL, Op.RETURN, Op.VARARG, Op.SETLIST, Op.FORLOOP, Op.FORPREP, Op.TFORCALL, Op.TFORLOOP, Op.EQ, Op.TEST, Op.CONCAT, Op.LOADNIL, Op.SELF, Op.CLOSURE, Op.LOADKX, Op.EXTRAARG, Op.JMP];
      const op = ops[Math.floor(rnd() * ops.length)]!;
      code[pc] = rnd() < 0.5 ? createABC(op, small(), small(), small()) : createAsBx(op, small(), Math.floor(rnd() * 9) - 4);
      return `${op} at pc ${pc}`;
    }
  }
}

describe("mutated chunks are refused or run safely", () => {
  const scripts = seeds();

  it("has seed programs", () => {
    expect(scripts.length).toBeGreaterThan(20);
  });

  it("instruction, constant, count and descriptor mutations (verifier)", () => {
    const rnd = prng(0x5eed);
    const counts: Record<Outcome, number> = { refused: 0, values: 0, error: 0 };
    const t0 = performance.now();
    let n = 0;
    for (; n < 3000 && performance.now() - t0 < 20_000; n++) {
      const s = scripts[Math.floor(rnd() * scripts.length)]!;
      const main = clone(s.proto);
      const what: string[] = [];
      const k = 1 + Math.floor(rnd() * 3);
      for (let j = 0; j < k; j++) what.push(mutate(main, rnd));
      let bytes: Uint8Array;
      try {
        bytes = serializeChunk(new Script(s.source, s.chunkName, main));
      } catch (e) {
        expect(e).toBeInstanceOf(TypeError); // not representable (e.g. a negative count)
        continue;
      }
      counts[tryChunk(bytes, `${s.chunkName} #${n} (${what.join(", ")})`)]++;
    }
    expect(n).toBeGreaterThan(1000);
    // enough of them got past the verifier to exercise the interpreter
    expect(counts.values + counts.error).toBeGreaterThan(n / 20);
    expect(counts.refused).toBeGreaterThan(n / 4);
  });

  it("byte mutations of whole chunks, resealed (decoder and verifier)", () => {
    const rnd = prng(0xb17e5);
    const counts: Record<Outcome, number> = { refused: 0, values: 0, error: 0 };
    const t0 = performance.now();
    const chunks = scripts.map((s) => serializeChunk(s, { stripSource: true }));
    let n = 0;
    for (; n < 2000 && performance.now() - t0 < 20_000; n++) {
      const src = chunks[Math.floor(rnd() * chunks.length)]!;
      const bytes = src.slice();
      const k = 1 + Math.floor(rnd() * 4);
      const head = 16; // past the magic and version: those are tested in chunk.test.ts
      for (let j = 0; j < k; j++) {
        const at = head + Math.floor(rnd() * (bytes.length - 32 - head));
        bytes[at] = rnd() < 0.5 ? bytes[at]! ^ (1 << Math.floor(rnd() * 8)) : Math.floor(rnd() * 256);
      }
      counts[tryChunk(resealChunk(bytes), `byte mutation #${n}`)]++;
    }
    expect(n).toBeGreaterThan(1000);
    expect(counts.refused).toBeGreaterThan(0);
    expect(counts.values + counts.error).toBeGreaterThan(0);
  });

  it("every unmutated seed loads and runs safely (the baseline is accepted)", () => {
    for (const s of scripts) expect(tryChunk(serializeChunk(s), s.chunkName)).not.toBe("refused");
  });
});

// ------------------------------------------------------------------------------ hand-written

const ENV = { name: "_ENV", instack: true, idx: 0 };

/** A main function with this code; fields overridable. */
function fn(code: number[], extra: Partial<Proto> = {}): Proto {
  const n = (extra.code ?? code).length;
  return {
    code: Int32Array.from(code), k: [], p: [], upvalues: [ENV], lineinfo: new Int32Array(n).fill(1), colinfo: new Int32Array(n), locvars: [],
    numparams: 0, isVararg: true, maxstacksize: 2, linedefined: 0, lastlinedefined: 0, source: "evil", ...extra,
  };
}

/** A nested function (not vararg, no upvalues unless given). */
function child(code: number[], extra: Partial<Proto> = {}): Proto {
  return fn(code, { upvalues: [], isVararg: false, linedefined: 1, lastlinedefined: 1, ...extra });
}

const ABC = createABC;
const ABx = createABx;
const AsBx = createAsBx;
const K = (i: number): number => 256 + i;
const RET = ABC(Op.RETURN, 0, 1, 0);

function load(p: Proto): Script {
  return loadChunk(serializeChunk(new Script("", "evil", p)));
}

function refused(p: Proto, why: RegExp): void {
  const e = (() => {
    try {
      load(p);
    } catch (err) {
      return err;
    }
    throw new Error(`accepted, expected a refusal matching ${why}`);
  })();
  expect(e).toBeInstanceOf(LuaError);
  expect((e as LuaError).kind).toBe("syntax");
  expect((e as LuaError).message).toMatch(/^invalid chunk: /);
  expect((e as LuaError).message).toMatch(why);
}

/** What the interpreter does with the same prototype when nobody verifies it. */
function runUnverified(p: Proto): LuaError {
  const vm = Lua.create({ print: () => {} });
  try {
    vm.run(p, [], BUDGET);
  } catch (e) {
    return e as LuaError;
  }
  throw new Error("no error");
}

describe("hand-written malicious chunks", () => {
  it("the baseline chunk of the helpers loads and runs", () => {
    const p = fn([ABx(Op.LOADK, 0, 0), ABC(Op.RETURN, 0, 2, 0), RET], { k: [42] });
    expect(Lua.create().eval(load(p)).values).toEqual([42]);
  });

  it("register out of range", () => {
    refused(fn([ABC(Op.MOVE, 5, 0, 0), RET]), /pc 1 \(MOVE\): A register 5 out of range \(maxstacksize 2\)/);
    refused(fn([ABC(Op.LOADNIL, 0, 3, 0), RET]), /A\+B register 3 out of range/);
    refused(fn([ABC(Op.CALL, 0, 4, 1), RET]), /last argument register 3 out of range/);
    refused(fn([ABC(Op.RETURN, 1, 3, 0), RET]), /last value register 2 out of range/);
    refused(fn([ABC(Op.SELF, 1, 0, K(0)), RET], { k: ["m"] }), /A\+1 register 2 out of range/);
    refused(fn([ABC(Op.CONCAT, 0, 1, 0), RET]), /CONCAT\): B \(1\) must be below C \(0\)/);
  });

  it("constant index out of range", () => {
    refused(fn([ABx(Op.LOADK, 0, 5), RET], { k: [1] }), /constant 6 out of range \(1 constants\)/);
    refused(fn([ABC(Op.ADD, 0, 0, K(3)), RET], { k: [1] }), /C constant 4 out of range/);
    refused(fn([ABx(Op.LOADKX, 0, 0), createAx(Op.EXTRAARG, 9), RET], { k: [1] }), /constant 10 out of range/);
  });

  it("jumps out of the code, and running off its end", () => {
    refused(fn([AsBx(Op.JMP, 0, 100), RET]), /jump to 102, outside the code/);
    refused(fn([AsBx(Op.JMP, 0, -5), RET]), /jump to -3, outside the code/);
    refused(fn([AsBx(Op.FORPREP, 0, 7), RET], { maxstacksize: 4 }), /outside the code/);
    refused(fn([ABC(Op.LOADBOOL, 0, 1, 1), RET]), /jump to 3, outside the code/);
    refused(fn([ABx(Op.LOADK, 0, 0)], { k: [1] }), /the last instruction is not a RETURN/);
    // a RETURN at the end, but a path that steps over it
    refused(fn([ABC(Op.LOADBOOL, 0, 1, 1), ABC(Op.RETURN, 0, 1, 0), ABC(Op.LOADBOOL, 0, 1, 1), RET]), /pc 3 \(LOADBOOL\): jump to 5, outside the code/);
  });

  it("upvalue index out of range, upvalue descriptors that point nowhere, a main function without _ENV", () => {
    refused(fn([ABC(Op.GETUPVAL, 0, 3, 0), RET]), /upvalue 3 out of range \(1 upvalues\)/);
    refused(fn([ABC(Op.SETTABUP, 2, K(0), K(0)), RET], { k: ["x"] }), /upvalue 2 out of range/);
    const c = child([RET], { upvalues: [{ name: "x", instack: true, idx: 9 }] });
    refused(fn([ABx(Op.CLOSURE, 0, 0), RET], { p: [c] }), /upvalue 0 captures register 9, which the enclosing function does not have/);
    const d = child([RET], { upvalues: [{ name: "x", instack: false, idx: 1 }] });
    refused(fn([ABx(Op.CLOSURE, 0, 0), RET], { p: [d] }), /captures upvalue 1/);
    refused(fn([RET], { upvalues: [] }), /exactly one upvalue, _ENV/);
    refused(fn([RET], { upvalues: [ENV, { name: "y", instack: true, idx: 1 }] }), /exactly one upvalue/);
  });

  it("CLOSURE of a missing prototype", () => {
    refused(fn([ABx(Op.CLOSURE, 0, 1), RET], { p: [child([RET])] }), /CLOSURE\): function 1 out of range \(1 nested functions\)/);
  });

  it("EXTRAARG alone, LOADKX / SETLIST without it, a jump onto it", () => {
    refused(fn([createAx(Op.EXTRAARG, 0), RET]), /EXTRAARG on its own/);
    refused(fn([ABx(Op.LOADKX, 0, 0), RET], { k: [1] }), /must be followed by EXTRAARG/);
    refused(fn([ABC(Op.NEWTABLE, 0, 0, 0), ABC(Op.SETLIST, 0, 1, 0), RET]), /must be followed by EXTRAARG/);
    refused(fn([AsBx(Op.JMP, 0, 1), ABx(Op.LOADKX, 0, 0), createAx(Op.EXTRAARG, 0), RET], { k: [1] }), /control reaches the EXTRAARG at 3/);
  });

  it("VARARG in a function that is not vararg", () => {
    const c = child([ABC(Op.VARARG, 0, 2, 0), RET]);
    refused(fn([ABx(Op.CLOSURE, 0, 0), RET], { p: [c] }), /function <evil:1> \(#1\): pc 1 \(VARARG\): the function is not vararg/);
  });

  it("tests not followed by a JMP, TFORCALL without its TFORLOOP", () => {
    refused(fn([ABC(Op.EQ, 0, 0, 1), RET]), /EQ\) must be followed by a JMP/);
    refused(fn([ABC(Op.TEST, 0, 0, 1), ABC(Op.MOVE, 0, 1, 0), RET]), /TEST\) must be followed by a JMP/);
    refused(fn([ABC(Op.TFORCALL, 0, 0, 1), RET], { maxstacksize: 8 }), /TFORCALL\) must be followed by its TFORLOOP/);
  });

  it("the open top: B=0 without the instruction that sets top, or below it, or reached by a jump", () => {
    refused(fn([ABC(Op.CALL, 0, 0, 1), RET]), /uses the values up to top, but the instruction before it does not set top/);
    refused(fn([ABC(Op.VARARG, 0, 0, 0), ABC(Op.CALL, 1, 0, 1), RET], { maxstacksize: 3 }), /the values up to top start at register 0, not above its own \(1\)/);
    refused(fn([ABC(Op.VARARG, 1, 0, 0), ABC(Op.MOVE, 0, 1, 0), RET], { maxstacksize: 3 }), /sets top, but the next instruction does not use it/);
    refused(
      fn([AsBx(Op.JMP, 0, 1), ABC(Op.VARARG, 1, 0, 0), ABC(Op.CALL, 0, 0, 1), RET], { maxstacksize: 3 }),
      /is a jump target|control reaches/,
    );
    refused(fn([ABC(Op.VARARG, 1, 0, 0), AsBx(Op.JMP, 0, 0), ABC(Op.CALL, 0, 0, 1), RET], { maxstacksize: 3 }), /does not use it/);
  });

  it("FORLOOP without the FORPREP that set its registers (it would add a bigint to a number)", () => {
    // R0 = 2^60 (an int64 beyond the safe range), R1 = limit, R2 = step; FORLOOP straight away
    const p = fn([ABx(Op.LOADK, 0, 0), ABx(Op.LOADK, 1, 0), ABx(Op.LOADK, 2, 1), AsBx(Op.FORLOOP, 0, -1), RET], { k: [2n ** 60n, 1], maxstacksize: 4 });
    refused(p, /FORLOOP\): registers 0\.\.2 may not hold the loop state its FORPREP stored/);
    expect(runUnverified(p).kind).toBe("host"); // what the verifier prevents: a JS TypeError inside the loop
  });

  it("FORLOOP whose control register a closure can assign (an open upvalue)", () => {
    // for loop over R0..R2; the body calls a closure that captured R0 and stores an int64 in it
    const evil = child([ABx(Op.LOADK, 0, 0), ABC(Op.SETUPVAL, 0, 0, 0), RET], { k: [2n ** 60n], upvalues: [{ name: "i", instack: true, idx: 0 }] });
    const p = fn(
      [
        ABx(Op.LOADK, 0, 0), ABx(Op.LOADK, 1, 1), ABx(Op.LOADK, 2, 0), AsBx(Op.FORPREP, 0, 2),
        ABx(Op.CLOSURE, 4, 0), ABC(Op.CALL, 4, 1, 1), AsBx(Op.FORLOOP, 0, -3), RET,
      ],
      { k: [1, 3], p: [evil], maxstacksize: 5 },
    );
    refused(p, /FORLOOP\): registers 0\.\.2 may not hold the loop state/);
    expect(runUnverified(p).kind).toBe("host");
    // the same loop without the capture is fine
    const ok = fn(
      [ABx(Op.LOADK, 0, 0), ABx(Op.LOADK, 1, 1), ABx(Op.LOADK, 2, 0), AsBx(Op.FORPREP, 0, 1), ABC(Op.MOVE, 4, 3, 0), AsBx(Op.FORLOOP, 0, -2), ABC(Op.RETURN, 3, 2, 0), RET],
      { k: [1, 3], maxstacksize: 5 },
    );
    expect(Lua.create().eval(load(ok)).values).toEqual([3]);
  });

  it("FORLOOP after a call whose frame covers the loop registers", () => {
    const p = fn(
      [
        ABx(Op.LOADK, 1, 0), ABx(Op.LOADK, 2, 1), ABx(Op.LOADK, 3, 0), AsBx(Op.FORPREP, 1, 2),
        ABC(Op.GETTABUP, 0, 0, K(2)), ABC(Op.CALL, 0, 1, 1), AsBx(Op.FORLOOP, 1, -3), RET,
      ],
      { k: [1, 3, "f"], maxstacksize: 6 },
    );
    refused(p, /FORLOOP\): registers 1\.\.3 may not hold/);
  });

  it("SETLIST on something that is not the table of a NEWTABLE", () => {
    const p = fn([ABx(Op.LOADK, 0, 0), ABx(Op.LOADK, 1, 0), ABC(Op.SETLIST, 0, 1, 1), RET], { k: [1] });
    refused(p, /SETLIST\): register 0 may not hold the table of a NEWTABLE/);
    expect(runUnverified(p).kind).toBe("host");
    const ok = fn([ABC(Op.NEWTABLE, 0, 1, 0), ABx(Op.LOADK, 1, 0), ABC(Op.SETLIST, 0, 1, 1), ABC(Op.RETURN, 0, 2, 0), RET], { k: [7] });
    expect(Lua.create().eval(load(ok)).values).toEqual([[7]]);
  });

  it("shapes: maxstacksize, numparams, constants, debug info, nesting", () => {
    refused(fn([RET], { maxstacksize: 300 }), /maxstacksize 300 is outside 2\.\.255/);
    refused(fn([RET], { numparams: 3 }), /numparams 3 exceeds maxstacksize 2/);
    refused(fn([RET], { locvars: [{ name: "x", startpc: 0, endpc: 9 }] }), /local 0 is malformed or its pc range is outside the code/);
    let deep = child([RET]);
    for (let j = 0; j < 201; j++) deep = child([ABx(Op.CLOSURE, 0, 0), RET], { p: [deep] });
    refused(fn([ABx(Op.CLOSURE, 0, 0), RET], { p: [deep] }), /nested more than 200 deep/);
    // things the decoder cannot even produce: checked by verifyProto for prototypes built in memory
    const direct = (p: Proto): string => {
      try {
        verifyProto(p);
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(direct(fn([RET], { k: [new LuaFloat(1.5)] }))).toMatch(/constant 1 is not nil, a boolean, a canonical number or a byte string/);
    expect(direct(fn([RET], { k: [-0] }))).toMatch(/constant 1 is not/);
    expect(direct(fn([RET], { k: [5n] }))).toMatch(/constant 1 is not/);
    expect(direct(fn([RET], { k: ["\u0100"] }))).toMatch(/constant 1 is not/);
    expect(direct(fn([RET], { k: [{} as LuaValue] }))).toMatch(/constant 1 is not/);
    expect(direct(fn([RET], { lineinfo: new Int32Array(3) }))).toMatch(/lineinfo\/colinfo lengths/);
    expect(direct(fn([createAx(63 as Op, 0), RET]))).toMatch(/unknown opcode 63/);
    const cyclic = fn([ABx(Op.CLOSURE, 0, 0), RET], { upvalues: [] });
    (cyclic.p as Proto[]).push(cyclic);
    expect(direct(fn([ABx(Op.CLOSURE, 0, 0), RET], { p: [cyclic] }))).toMatch(/nested more than 200 deep/);
    expect(direct(fn([RET]))).toBe("accepted");
  });
});
