// Attacks on the host boundary: results, host function arguments, facts, the private store,
// host errors, async host calls and lua`` interpolation. Each states its exact outcome.
import { afterEach, describe, expect, it } from "vitest";
import { defineApi, lua, Lua, LuaError } from "../../src/index.js";
import { caught, caughtAsync } from "../helpers.js";

const never = (): Promise<never> => new Promise<never>(() => {});

afterEach(() => {
  // no attack may leave anything on the shared prototypes
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

describe("prototype pollution through results and arguments", () => {
  const payloads = [
    "{__proto__ = {polluted = true, isAdmin = true}}",
    "{constructor = {prototype = {polluted = true}}}",
    "{['__proto__'] = {['__proto__'] = {polluted = true}}}",
    "{prototype = {polluted = true}, __defineGetter__ = 1, hasOwnProperty = 2, toString = 3, valueOf = 4}",
  ];
  for (const p of payloads) {
    it(`returning ${p} yields own properties only, and copying it pollutes nothing`, () => {
      const [v] = Lua.create().eval(`return ${p}`).values as [Record<string, unknown>];
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      const merged = Object.assign({}, v); // [[Set]] of "__proto__" would change merged's prototype only
      void merged;
      const viaJson = JSON.parse(JSON.stringify(v)) as unknown;
      expect(JSON.stringify(viaJson)).toBe(JSON.stringify(v));
      expect({ ...v }.isAdmin).toBeUndefined();
      expect((v as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    });
  }

  it("a host function receives hostile keys as plain own data", () => {
    let received: Record<string, unknown> | undefined;
    const Api = defineApi("h", { take: (o: Record<string, unknown>) => void (received = o) });
    Lua.create().load(Api).eval("h.take({__proto__ = {isAdmin = true}, constructor = 'x'})");
    expect(received!.isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(received!)).toBe(Object.prototype);
    expect(Object.keys(received!).sort()).toEqual(["__proto__", "constructor"]);
  });
});

describe("facts", () => {
  const doc = () => JSON.parse('{"user": {"role": "viewer", "__proto__": {"role": "admin"}}, "items": [1, 2, 3], "n": 1}') as Record<string, unknown>;

  it("never reach JS prototypes, and a JSON '__proto__' key is plain data", () => {
    const vm = Lua.create();
    const r = vm.eval("return fact.user.role, fact.user.__proto__.role, fact.toString, fact.constructor, fact.items.length, fact.items.map", { facts: doc() }).values;
    expect(r).toEqual(["viewer", "admin", undefined, undefined, undefined, undefined]);
  });

  const writes = [
    "fact.n = 2", "fact.user.role = 'admin'", "rawset(fact, 'n', 2)", "rawset(fact.user, 'role', 'admin')",
    "table.insert(fact.items, 4)", "table.remove(fact.items)", "table.sort(fact.items, function(a, b) return a > b end)",
    "fact.items[1] = 9", "setmetatable(fact, nil)", "setmetatable(fact.user, {})", "local mt = getmetatable(fact) mt.__index = nil",
    "table.move({9, 9}, 1, 2, 1, fact.items)",
  ];
  for (const w of writes) {
    it(`'${w}' is refused and changes nothing`, () => {
      const json = doc();
      const vm = Lua.create();
      const err = caught(() => vm.eval(`local _ = fact.user.role, #fact.items ${w}`, { facts: json }));
      expect(err.kind).toBe("runtime");
      expect(json).toEqual(doc());
      // the next run, with the same document, sees it unchanged
      expect(vm.eval("return fact.n, fact.user.role, fact.items[1], #fact.items", { facts: json }).values).toEqual([1, "viewer", 1, 3]);
    });
  }

  it("getmetatable(fact) reveals nothing, before or after a level is read", () => {
    const r = Lua.create().eval("local a, b = getmetatable(fact), getmetatable(fact.items) local _ = #fact.items return a, b, getmetatable(fact.items)", { facts: doc() }).values;
    for (const v of r) expect(v === undefined || v === false).toBe(true);
  });

  it("a fact document with a getter, a class instance or a cycle is refused or read as data only", () => {
    let calls = 0;
    const withGetter = { get secret() {
      calls++;
      return "leak";
    } };
    // a getter is an own enumerable property: its value is read once, as data
    expect(Lua.create().eval("return fact.secret", { facts: withGetter }).values).toEqual(["leak"]);
    expect(calls).toBe(1);
    class Secret {
      key = "k";
    }
    expect(() => Lua.create().eval("return fact.s.key", { facts: { s: new Secret() } })).toThrow(/not JSON data/);
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    expect(Lua.create().eval("return fact.self.self.self.a", { facts: cyc }).values).toEqual([1]);
  });
});

describe("host errors", () => {
  it("a thrown Error whose message is a getter runs no host code", () => {
    let ran = false;
    class Sneaky extends Error {
      override get message(): string {
        ran = true;
        return "sneaky";
      }
    }
    const Api = defineApi("h", { f: () => {
      throw new Sneaky();
    } });
    const err = caught(() => Lua.create().load(Api).eval("h.f()"));
    expect(err.kind).toBe("host");
    expect(ran).toBe(false);
    expect(err.message).not.toContain("    at "); // never a host stack
  });

  it("a thrown non-Error object is never stringified or handed to the script", () => {
    let touched = false;
    const evil = { toString() {
      touched = true;
      return "x";
    } };
    const Api = defineApi("h", { f: () => {
      throw evil;
    } });
    const r = Lua.create().load(Api).eval("local ok, e = pcall(h.f) return ok, type(e), e").values;
    expect(r).toEqual([false, "string", "host function 'h.f' failed: an error that is not an Error"]);
    expect(touched).toBe(false);
  });

  it("a host error's stack never reaches the script", () => {
    const Api = defineApi("h", { f: () => {
      throw new Error("db down");
    } });
    const [msg] = Lua.create().load(Api).eval("local ok, e = pcall(h.f) return e").values as [string];
    expect(msg).toBe("host function 'h.f' failed: db down");
  });

  it("a result that cannot be marshaled is a Lua error naming the function", () => {
    const Api = defineApi("h", { f: () => new (class Point {})(), g: () => Symbol("s") });
    const vm = Lua.create().load(Api);
    expect(vm.eval("return pcall(h.f)").values[1]).toMatch(/^host function 'h\.f' failed: moonrule: cannot pass a Point to Lua/);
    expect(vm.eval("return pcall(h.g)").values[1]).toMatch(/^host function 'h\.g' failed: moonrule: cannot pass a symbol/);
  });

  it("deep or cyclic host results are handled: cycles kept, depth bounded", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const cyc: Record<string, unknown> = {};
    cyc.me = cyc;
    const Api = defineApi("h", { deep: () => deep, cyc: () => cyc });
    const vm = Lua.create().load(Api);
    expect(vm.eval("return (pcall(h.deep))").values).toEqual([false]);
    expect(vm.eval("local c = h.cyc() return c.me.me == c").values).toEqual([true]);
  });

  it("hostile Lua arguments to a host function hit the marshaling limits, never the host's stack", () => {
    let called = false;
    const Api = defineApi("h", { take: () => void (called = true) });
    const vm = Lua.create().load(Api);
    const err = caught(() => vm.eval("local t = {} for i = 1, 100000 do t = {t} end h.take(t)"));
    expect(err.kind).toBe("limit");
    expect(called).toBe(false);
    const bomb = caught(() => vm.eval("local t = {} for i = 1, 40 do t = {t, t} end h.take(t)"));
    expect(bomb.kind).toBe("limit");
    expect(vm.eval("return 1").values).toEqual([1]);
  });
});

describe("the private store and Lua functions handed to the host", () => {
  it("the store is invisible: not a global, not reachable, not in any error", () => {
    const vm = Lua.create({ store: { token: "tok-123" } });
    const r = vm.eval("local n = 0 for k, v in pairs(_G) do if tostring(v):find('tok') then n = n + 1 end end return n, store, this").values;
    expect(r).toEqual([0, undefined, undefined]);
  });

  it("a Lua function kept by the host after the run obeys the VM's budget when called later", () => {
    const vm = Lua.create({ budget: { instructions: 1000 } });
    const [spin] = vm.eval("return function() while true do end end").values as [() => void];
    const err = caught(() => spin());
    expect(err.kind).toBe("limit");
    expect(vm.eval("return 2").values).toEqual([2]);
  });

  it("a function from one VM cannot be called through another", () => {
    const a = Lua.create();
    const [f] = a.eval("return function() return 1 end").values as [() => number];
    expect(() => Lua.create().call(f)).toThrow(/Lua function this VM returned/);
  });

  it("a host function re-entering its VM runs with its own budget and the outer call keeps counting", () => {
    const vm: Lua<undefined> = Lua.create({ budget: { instructions: 2000 } });
    const Api = defineApi("h", { nested: () => vm.eval("local s = 0 for i = 1, 100 do s = s + i end return s").values[0] });
    vm.load(Api);
    const { values, usage } = vm.eval("local t = 0 for i = 1, 10 do t = t + h.nested() end return t");
    expect(values).toEqual([50500]);
    expect(usage.instructions).toBeLessThan(2000);
    const err = caught(() => vm.eval("for i = 1, 1e9 do h.nested() end"));
    expect(err.kind).toBe("limit");
  });
});

describe("async host calls", () => {
  const Api = defineApi("a", {
    tick: async () => 1,
    never,
    big: async () => "x".repeat(1 << 20),
    rejectWeird: async () => {
      throw { toString: () => "nope" };
    },
  });

  it("a script awaiting forever in a loop is stopped by the instruction budget", async () => {
    const vm = Lua.create({ budget: { instructions: 5000 } }).load(Api);
    const err = await caughtAsync(vm.evalAsync("while true do a.tick() end"));
    expect(err.kind).toBe("limit");
    expect(vm.lastUsage.instructions).toBe(5000);
  });

  it("a host Promise that never settles is cut by the deadline, and pcall cannot catch it", async () => {
    const vm = Lua.create({ budget: { timeoutMs: 20 } }).load(Api);
    const err = await caughtAsync(vm.evalAsync("local ok = pcall(a.never) return 'survived'"));
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("time limit exceeded");
  });

  it("memory held across awaits counts against the budget", async () => {
    const vm = Lua.create({ budget: { memoryBytes: 4 << 20 } }).load(Api);
    const err = await caughtAsync(vm.evalAsync("local keep = {} for i = 1, 100 do keep[i] = a.big() .. i end"));
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("memory limit exceeded");
  });

  it("a rejection with a non-Error is a clean message", async () => {
    const vm = Lua.create().load(Api);
    expect((await vm.evalAsync("return pcall(a.rejectWeird)")).values).toEqual([false, "host function 'a.rejectWeird' failed: an error that is not an Error"]);
  });
});

describe("lua`` interpolation cannot inject code", () => {
  const hostile = ["\"); os.exit(1) --", "]]..os.exit()..[[", "'\n return 666 --", "\\", "\\\"", "\0\n\r\t", "\u{1F600}é", "--[[", "a\"b'c"];
  for (const s of hostile) {
    it(`${JSON.stringify(s)} stays one string value`, () => {
      expect(Lua.create().eval(lua`local v = ${s} return v, #v`).values).toEqual([s, Buffer.byteLength(s)]);
    });
  }
  it("random strings round-trip", () => {
    for (let n = 0; n < 300; n++) {
      let s = "";
      const len = Math.floor(Math.random() * 20);
      for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x7ff));
      s = Buffer.from(s, "utf8").toString("utf8"); // well-formed text only
      expect(Lua.create().eval(lua`return ${s}`).values).toEqual([s]);
    }
  });
  it("non-primitive interpolations are refused", () => {
    // @ts-expect-error objects are not interpolable
    expect(() => lua`return ${{}}`).toThrow(TypeError);
  });
});
