// The execution trace: every executed instruction, in order, with operands and values.
import { describe, expect, it } from "vitest";
import { defineApi, formatTrace, Lua, LuaError } from "../src/index.js";

describe("execution trace", () => {
  it("records every executed instruction in order, as many as the instruction count", () => {
    const vm = Lua.create();
    const r = vm.eval("local s = 0\nfor i = 1, 3 do s = s + i end\nreturn s", { trace: true });
    expect(r.values).toEqual([6]);
    const t = r.trace!;
    expect(t.dropped).toBe(0);
    expect(t.entries.length).toBe(r.usage.instructions);
    expect(t.entries.map((e) => e.seq)).toEqual(t.entries.map((_, i) => i + 1));
    expect(t.entries.map((e) => e.op)).toEqual([
      "LOADK", "LOADK", "LOADK", "LOADK", "FORPREP", "FORLOOP",
      "ADD", "FORLOOP", "ADD", "FORLOOP", "ADD", "FORLOOP", "RETURN",
    ]);
    const adds = t.entries.filter((e) => e.op === "ADD");
    expect(adds.map((e) => [e.reads, e.wrote])).toEqual([[[0, 1], 1], [[1, 2], 3], [[3, 3], 6]]);
    expect(adds.every((e) => e.line === 2)).toBe(true);
  });

  it("follows calls into nested functions (depth) and builtins do not appear", () => {
    const vm = Lua.create();
    const t = vm.eval("local function f(x) return x * 2 end\nreturn f(3) + #tostring(1)", { trace: true }).trace!;
    const mul = t.entries.find((e) => e.op === "MUL")!;
    const call = t.entries.find((e) => e.op === "CALL")!;
    expect(mul.depth).toBe(call.depth + 1);
    expect(mul.line).toBe(1);
    expect(mul.reads).toEqual([3, 2]);
  });

  it("keeps the last N entries in a ring buffer and counts the dropped ones", () => {
    const vm = Lua.create();
    const r = vm.eval("local s = 0 for i = 1, 100 do s = s + i end return s", { trace: 5 });
    expect(r.trace!.entries.length).toBe(5);
    expect(r.trace!.dropped).toBe(r.usage.instructions - 5);
    expect(r.trace!.entries.at(-1)!.op).toBe("RETURN");
    expect(formatTrace(r.trace!).split("\n")[0]).toBe(`... ${r.usage.instructions - 5} earlier instructions not kept`);
  });

  it("does not change the instruction budget: a loop still stops at exactly the limit", () => {
    const vm = Lua.create({ budget: { instructions: 1000 } });
    expect(() => vm.eval("while true do end", { trace: 50 })).toThrow(LuaError);
    expect(vm.lastUsage.instructions).toBe(1000);
    expect(vm.lastTrace!.entries.length + vm.lastTrace!.dropped).toBe(1000);
  });

  it("is kept after an error, ending at the failing instruction", () => {
    const vm = Lua.create();
    expect(() => vm.eval("local t = nil\nreturn t.x", { trace: true })).toThrow(/attempt to index a nil value/);
    expect(vm.lastTrace!.entries.at(-1)).toMatchObject({ op: "GETTABLE", line: 2 });
  });

  it("is off unless asked for", () => {
    const vm = Lua.create();
    expect(vm.eval("return 1").trace).toBeUndefined();
  });

  it("records inside coroutines", () => {
    const vm = Lua.create({ enable: ["coroutine"] });
    const t = vm.eval("local co = coroutine.wrap(function(a) local b = a + 1 coroutine.yield(b) end) return co(41)", { trace: true }).trace!;
    expect(t.entries.some((e) => e.op === "ADD" && e.wrote === 42)).toBe(true);
  });

  it("traces an async run across awaits, but not other calls made while it waits", async () => {
    const Api = defineApi("h", { wait: async (x: number) => x });
    const vm = Lua.create().load(Api);
    const p = vm.evalAsync("local a = h.wait(1)\nlocal b = h.wait(2)\nreturn a + b", { trace: true });
    vm.eval("local unrelated = 1 + 1");
    const r = await p;
    expect(r.values).toEqual([3]);
    expect(r.trace!.entries.length).toBe(r.usage.instructions);
    expect(r.trace!.entries.filter((e) => e.op === "CALL").length).toBe(2);
  });

  it("prints one line per instruction with chunk, line, pc, opcode, operands and values", () => {
    const vm = Lua.create();
    const text = formatTrace(vm.eval("local x = 'hi'\nreturn #x + 1", { trace: true }).trace!);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^\s+1  input:1\s+\[1\] LOADK\s+0 0\s+; "hi" -> "hi"$/);
    expect(lines.some((l) => /\[2\] LEN\s+1 0 0\s+; "hi" -> 2$/.test(l))).toBe(true);
  });
});

describe("moonrule run --trace", () => {
  it("prints the last N executed instructions on stderr", async () => {
    const { main } = await import("../src/cli/main.js");
    const out = { stdout: "", stderr: "" };
    const io = {
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
      readStdin: () => Promise.resolve(""),
    };
    const code = await main(["run", "--trace=3", "-e", "local x = 1 + 2 print(x)"], io);
    expect(code).toBe(0);
    expect(out.stdout).toBe("3\n");
    const lines = out.stderr.trim().split("\n");
    expect(lines[0]).toBe("-- execution trace");
    expect(lines[1]).toMatch(/^\.\.\. \d+ earlier instructions not kept$/);
    expect(lines.slice(2).map((l) => l.match(/\] (\w+)/)![1])).toEqual(["MOVE", "CALL", "RETURN"]);
    expect(await main(["run", "--trace=0", "-e", "x = 1"], io)).toBe(1);
  });
});
