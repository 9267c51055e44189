// Budgets no script can catch or dodge: instruction counts are exact, limit errors unwind
// through every protection a script can set up, and the VM stays usable afterwards.
import { describe, expect, it } from "vitest";
import { Lua, LuaError } from "../../src/index.js";

function limitOf(vm: Lua, src: string, budget?: Parameters<Lua["eval"]>[1]): LuaError {
  try {
    vm.eval(src, budget);
  } catch (e) {
    expect(e).toBeInstanceOf(LuaError);
    return e as LuaError;
  }
  throw new Error("expected a limit error");
}

describe("instruction budget", () => {
  it("stops `while true do end` at exactly the budget", () => {
    for (const n of [1, 2, 10, 1000, 12345, 100_000]) {
      const vm = Lua.create({ budget: { instructions: n } });
      const err = limitOf(vm, "while true do end");
      expect(err.kind).toBe("limit");
      expect(vm.lastUsage.instructions).toBe(n);
    }
  });

  it("counts the same on every run (deterministic)", () => {
    const src = "local s = 0 for i = 1, 1000 do s = s + i % 7 end return s";
    const a = Lua.create().eval(src).usage.instructions;
    const b = Lua.create().eval(src).usage.instructions;
    expect(a).toBe(b);
    expect(a).toBeGreaterThan(3000);
  });

  const escapes: Record<string, string> = {
    pcall: "while true do pcall(function() while true do end end) end",
    xpcall: "xpcall(function() while true do end end, function() while true do end end)",
    "error handler that loops": "xpcall(error, function() while true do end end)",
    "nested pcall": "local function f() return pcall(f) end while true do pcall(f) end",
    "coroutine.wrap": "local f = coroutine.wrap(function() while true do end end) while true do pcall(f) end",
    "coroutine.resume": "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
    "__index loop": "local t = setmetatable({}, {__index = function(t, k) while true do end end}) while true do pcall(function() return t.x end) end",
    "__gc-free finalizer attempt": "setmetatable({}, {__gc = function() while true do end end}) while true do end",
    "sort comparator": "local t = {} for i = 1, 100 do t[i] = i end while true do pcall(table.sort, t, function(a, b) while true do end end) end",
    "gsub callback": "while true do pcall(string.gsub, 'aaaa', 'a', function() while true do end end) end",
    "tostring metamethod": "local t = setmetatable({}, {__tostring = function() while true do end end}) while true do pcall(tostring, t) end",
  };
  for (const [name, src] of Object.entries(escapes)) {
    it(`cannot be dodged through ${name}`, () => {
      const vm = Lua.create({ profile: "trusted", budget: { instructions: 20_000 } });
      const err = limitOf(vm, src);
      expect(err.kind).toBe("limit");
      expect(vm.lastUsage.instructions).toBe(20_000);
      // the VM stays usable for the next call
      expect(vm.eval("return 1 + 1").values).toEqual([2]);
    });
  }

  it("is charged for library work, so a huge gsub is not one instruction", () => {
    const vm = Lua.create({ budget: { instructions: 50_000 } });
    const err = limitOf(vm, "local s = string.rep('a', 1000000) return (s:gsub('a', 'b'))");
    expect(err.kind).toBe("limit");
  });
});

describe("depth budget", () => {
  it("stops deep recursion with a limit error that pcall cannot catch", () => {
    const vm = Lua.create({ budget: { depth: 100 } });
    const err = limitOf(vm, "local function f(n) return 1 + f(n + 1) end return pcall(f, 1)");
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("call depth limit exceeded");
  });

  it("still allows lua's own stack overflow error to be caught without a depth budget", () => {
    const vm = Lua.create({ profile: "trusted" });
    const { values } = vm.eval("local function f() return 1 + f() end local ok, e = pcall(f) return ok, e");
    expect(values[0]).toBe(false);
    expect(String(values[1])).toContain("stack overflow");
  });
});

describe("time budget and AbortSignal", () => {
  it("stops a busy loop at the deadline", () => {
    const vm = Lua.create({ budget: { timeoutMs: 30 } });
    const t0 = performance.now();
    const err = limitOf(vm, "while true do end");
    expect(err.message).toContain("time limit exceeded");
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("refuses to start when the signal is already aborted", () => {
    const vm = Lua.create();
    const ac = new AbortController();
    ac.abort();
    const err = limitOf(vm, "return 1", { budget: { signal: ac.signal } });
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("aborted");
  });
});

describe("memory budget", () => {
  it("stops a table that grows without end", () => {
    const vm = Lua.create({ budget: { memoryBytes: 1 << 20 } });
    const err = limitOf(vm, "local t = {} for i = 1, 1e8 do t[i] = i end");
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("memory limit exceeded");
  });

  it("does not count garbage: building a string in a loop stays within a small budget", () => {
    const vm = Lua.create({ budget: { memoryBytes: 1 << 20 } });
    const { values } = vm.eval("local s = '' for i = 1, 20000 do s = s .. 'x' end return #s");
    expect(values).toEqual([20000]);
  });

  it("checks big strings before building them", () => {
    const vm = Lua.create({ budget: { memoryBytes: 1 << 20 } });
    const err = limitOf(vm, "local s = string.rep('x', 1000) local t = {} for i = 1, 100 do t[i] = s .. i end return #table.concat(t):rep(100)");
    expect(err.kind).toBe("limit");
  });
});

describe("options", () => {
  it("rejects unknown options and budgets with a clear error", () => {
    expect(() => Lua.create({ profil: "sandbox" } as never)).toThrow(/unknown Lua.create option 'profil'/);
    expect(() => Lua.create({ budget: { instruction: 5 } as never })).toThrow(/unknown budget 'instruction'/);
    expect(() => Lua.create({ profile: "root" as never })).toThrow(/unknown profile 'root'/);
    expect(() => Lua.create().eval("return 1", { chunk: "x" } as never)).toThrow(/unknown eval option 'chunk'/);
  });
});
