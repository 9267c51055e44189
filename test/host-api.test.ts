// The host API: defineApi, argument checks, host errors, evalAsync, call/get/set, store,
// facts and lua`` templates.
import { describe, expect, it } from "vitest";
import { defineApi, type HostContext, lua, Lua, LuaError, multiple, params } from "../src/index.js";
import { caught, caughtAsync } from "./helpers.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("defineApi", () => {
  const Tools = defineApi("tools", {
    round2: (x: number) => Math.round(x * 100) / 100,
    join: (...parts: string[]) => parts.join("+"),
    pair: () => multiple(1, "two"),
    nothing: () => undefined,
    search: params(["string", "integer?"], (query, limit) => `${query}:${limit ?? "all"}`),
    fail: () => {
      throw new Error("connection refused");
    },
    failWeird: () => {
      throw { secret: "host object" };
    },
  });

  it("exposes functions under a scope table, with marshaled arguments and results", () => {
    const vm = Lua.create().load(Tools);
    expect(vm.eval("return tools.round2(2 / 3)").values).toEqual([0.67]);
    expect(vm.eval("return tools.join('a', 'b', 3)").values).toEqual(["a+b+3"]);
    expect(vm.eval("return tools.pair()").values).toEqual([1, "two"]);
    expect(vm.eval("return select('#', tools.nothing())").values).toEqual([0]);
  });

  it("checks declared parameters with lua's own messages, naming the function as called", () => {
    const vm = Lua.create().load(Tools);
    expect(vm.eval("return tools.search('x', 5), tools.search(42)").values).toEqual(["x:5", "42:all"]);
    expect(caught(() => vm.eval("tools.search(nil)")).message).toBe("input:1: bad argument #1 to 'search' (string expected, got nil)");
    expect(caught(() => vm.eval("tools.search()")).message).toBe("input:1: bad argument #1 to 'search' (string expected, got no value)");
    expect(caught(() => vm.eval("tools.search('q', 1.5)")).message).toBe("input:1: bad argument #2 to 'search' (number has no integer representation)");
    expect(caught(() => vm.eval("local s = tools.search s('q', {})")).message).toBe("input:1: bad argument #2 to 's' (number expected, got table)");
  });

  it("turns a host throw into a catchable Lua error with the message only, blaming the function", () => {
    const vm = Lua.create().load(Tools);
    const err = caught(() => vm.eval("local x = 1\ntools.fail()"));
    expect(err.kind).toBe("host");
    expect(err.message).toBe("input:2: host function 'tools.fail' failed: connection refused");
    expect(err.line).toBe(2);
    expect(err.cause).toBeInstanceOf(Error);
    expect(vm.eval("return pcall(tools.fail)").values).toEqual([false, "host function 'tools.fail' failed: connection refused"]);
    const weird = vm.eval("local ok, e = pcall(tools.failWeird) return type(e), e").values;
    expect(weird).toEqual(["string", "host function 'tools.failWeird' failed: an error that is not an Error"]);
  });

  it("scope tables are shared and read-only; globals scope installs plain globals", () => {
    const vm = Lua.create().load(Tools);
    expect(caught(() => vm.eval("tools.round2 = nil")).message).toContain("read-only");
    expect(Lua.create().load(Tools).eval("return type(tools.round2)").values).toEqual(["function"]);
    const G = defineApi(null, { double: (x: number) => x * 2 });
    expect(Lua.create().load(G).eval("return double(21)").values).toEqual([42]);
  });

  it("rejects bad definitions clearly", () => {
    expect(() => defineApi("not a name", {})).toThrow(/not a Lua name/);
    // @ts-expect-error a non-function member
    expect(() => defineApi("x", { a: 1 })).toThrow(/not a function/);
    // @ts-expect-error an unknown parameter type
    expect(() => params(["strng"], () => 1)).toThrow(/unknown parameter type/);
  });

  it("gives host functions the VM and its private store through `this`; scripts never see the store", () => {
    interface Store {
      tenant: string;
      apiKey: string;
    }
    const Api = defineApi<Store>("me", {
      tenant(this: HostContext<Store>) {
        return this.store.tenant;
      },
      fn(this: HostContext<Store>) {
        return this.name;
      },
    });
    const vm = Lua.create<Store>({ store: { tenant: "acme", apiKey: "s3cret" } }).load(Api);
    expect(vm.eval("return me.tenant(), me.fn()").values).toEqual(["acme", "me.fn"]);
    // nothing reachable from the script holds the store
    const found = vm.eval(`
      local seen, hits = {}, 0
      local function walk(v)
        if type(v) == 'string' and v:find('s3cret') then hits = hits + 1 end
        if type(v) ~= 'table' or seen[v] then return end
        seen[v] = true
        for k, x in pairs(v) do walk(k) walk(x) end
        local mt = getmetatable(v) if mt then walk(mt) end
      end
      walk(_G) walk(getmetatable(''))
      return hits`).values;
    expect(found).toEqual([0]);
    expect(vm.fork({ store: { tenant: "other", apiKey: "" } }).eval("return me.tenant()").values).toEqual(["other"]);
  });

  it("passes Lua callbacks to host functions as JS functions running under the same call", () => {
    const Api = defineApi("h", { map: (xs: number[], f: (x: number) => number) => xs.map((x) => f(x)) });
    const vm = Lua.create({ budget: { instructions: 10_000 } }).load(Api);
    expect(vm.eval("return h.map({1, 2, 3}, function(x) return x * 10 end)").values).toEqual([[10, 20, 30]]);
    // the callback's work counts against the running call: a runaway callback is stopped
    const err = caught(() => vm.eval("return h.map({1}, function() while true do end end)"));
    expect(err.kind).toBe("limit");
    expect(vm.eval("return 1").values).toEqual([1]);
  });
});

describe("error messages at the boundary", () => {
  it("a LuaError's message is text (UTF-8 decoded); its value keeps the Lua bytes", () => {
    const err = caught(() => Lua.create().eval("error('prix invalide: é')"));
    expect(err.message).toBe("input:1: prix invalide: é");
    expect(err.value).toBe("input:1: prix invalide: \xc3\xa9");
    expect(JSON.parse(JSON.stringify(err)).message).toBe("input:1: prix invalide: é");
    expect(caught(() => Lua.create().eval("x = 'é' +")).message).toBe("input:1: unexpected symbol near <eof>");
  });
});

describe("call, get, set", () => {
  it("calls a Lua function by path with JS arguments", () => {
    const vm = Lua.create();
    vm.eval("pricing = {} function pricing.total(order) local s = 0 for _, l in ipairs(order.lines) do s = s + l.price * l.qty end return s end");
    const { values, usage } = vm.call("pricing.total", [{ lines: [{ price: 2.5, qty: 2 }, { price: 1, qty: 3 }] }]);
    expect(values).toEqual([8]);
    expect(usage.instructions).toBeGreaterThan(0);
    expect(() => vm.call("pricing.nope")).toThrow(/not a function/);
  });

  it("gets and sets globals and paths", () => {
    const vm = Lua.create();
    vm.set("config.rates.vat", 0.2).set("name", "acme");
    expect(vm.eval("return config.rates.vat, name").values).toEqual([0.2, "acme"]);
    vm.eval("config.rates.vat = 0.25");
    expect(vm.get("config.rates")).toEqual({ vat: 0.25 });
    expect(vm.get("missing.path")).toBeUndefined();
    expect(() => vm.set("string.upper", 1)).toThrow(/read-only/);
    expect(() => vm.set("name.x", 1)).toThrow(/not a table/);
  });

  it("per-call globals and facts are visible to that call only", () => {
    const vm = Lua.create();
    vm.eval("price = 1");
    expect(vm.eval("return price * qty", { globals: { price: 3, qty: 4 } }).values).toEqual([12]);
    expect(vm.eval("return price, qty").values).toEqual([1, undefined]);
    expect(vm.eval("return fact.items[2].qty + #fact.items", { facts: { items: [{ qty: 1 }, { qty: 5 }] } }).values).toEqual([7]);
    expect(vm.eval("return fact").values).toEqual([undefined]);
  });

  it("binds args to ... of the chunk", () => {
    expect(Lua.create().eval("local a, b = ... return b, a", { args: [1, { x: 2 }] }).values).toEqual([{ x: 2 }, 1]);
  });

  it("rejects unknown options", () => {
    const vm = Lua.create();
    // @ts-expect-error misspelt option
    expect(() => vm.eval("return 1", { budjet: {} })).toThrow(/unknown eval option 'budjet'/);
    // @ts-expect-error misspelt option
    expect(() => Lua.create({ stor: {} })).toThrow(/unknown Lua.create option 'stor'/);
  });
});

describe("facts", () => {
  const doc = { customer: { name: "Zoë", tier: "gold" }, items: [{ sku: "a", qty: 2, price: 9.5 }, { sku: "b", qty: 1, price: 20 }], note: null };

  it("reads fields, lengths, ipairs and pairs", () => {
    const vm = Lua.create();
    const r = vm.eval(`
      local n, total = 0, 0
      for i, it in ipairs(fact.items) do total = total + it.qty * it.price n = i end
      local keys = {}
      for k in pairs(fact.customer) do keys[#keys + 1] = k end
      table.sort(keys)
      return fact.customer.name, #fact.items, n, total, table.concat(keys, ","), fact.note, math.type(fact.items[1].qty)`, { facts: doc }).values;
    expect(r).toEqual(["Zoë", 2, 2, 39, "name,tier", undefined, "integer"]);
  });

  it("is read-only to scripts and leaves the host's JSON untouched", () => {
    const vm = Lua.create();
    const copy = JSON.parse(JSON.stringify(doc)) as unknown;
    for (const stmt of ["fact.customer.name = 'x'", "rawset(fact, 'y', 1)", "fact.items[3] = {}", "table.insert(fact.items, 1)", "setmetatable(fact, {})"]) {
      expect(caught(() => vm.eval(stmt, { facts: doc })).kind).toBe("runtime");
    }
    expect(doc).toEqual(copy);
  });

  it("costs nothing for fields never read: a 1 MB document with one field read", () => {
    const big = { wanted: 1, rows: Array.from({ length: 20000 }, (_, i) => ({ id: i, text: "x".repeat(40) })) };
    const vm = Lua.create({ budget: { memoryBytes: 64 * 1024 } });
    const { values, usage } = vm.eval("local t = {} for i = 1, 10 do t[i] = fact.wanted end return #t", { facts: big });
    expect(values).toEqual([10]);
    expect(usage.memoryBytes).toBeLessThan(64 * 1024);
  });

  it("does not expose prototype properties of the JSON objects", () => {
    expect(Lua.create().eval("return fact.constructor, fact.toString, fact.hasOwnProperty, fact.__proto__", { facts: { a: 1 } }).values)
      .toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("evalAsync", () => {
  const Api = defineApi("tools", {
    fetch: async (id: number) => {
      await sleep(1);
      return { id, name: `item ${id}` };
    },
    slow: () => sleep(200).then(() => 1),
    reject: async () => {
      await sleep(1);
      throw new Error("upstream 503");
    },
    two: async () => multiple(1, 2),
  });

  it("suspends the script at an async host call and resumes with the result", async () => {
    const vm = Lua.create().load(Api);
    const { values } = await vm.evalAsync("local a = tools.fetch(1) local b = tools.fetch(2) return a.name .. ', ' .. b.name, tools.two()");
    expect(values).toEqual(["item 1, item 2", 1, 2]);
  });

  it("waits inside nested Lua calls, loops, pcall and metamethods", async () => {
    const vm = Lua.create().load(Api);
    const { values } = await vm.evalAsync(`
      local function get(i) return tools.fetch(i).id end
      local t = setmetatable({}, {__index = function(_, k) return get(k) * 10 end})
      local s = 0
      for i = 1, 3 do s = s + get(i) end
      local ok, v = pcall(get, 4)
      return s, ok, v, t[5]`);
    expect(values).toEqual([6, true, 4, 50]);
  });

  it("a rejection is a Lua error at the call site, catchable by pcall", async () => {
    const vm = Lua.create().load(Api);
    expect((await vm.evalAsync("return pcall(tools.reject)")).values).toEqual([false, "host function 'tools.reject' failed: upstream 503"]);
    const err = await caughtAsync(vm.evalAsync("local x = 1\nlocal y = tools.reject()"));
    expect(err.kind).toBe("host");
    expect(err.message).toBe("input:2: host function 'tools.reject' failed: upstream 503");
    expect(err.traceback).toContain("stack traceback:");
  });

  it("is a clear error under synchronous eval", () => {
    const vm = Lua.create().load(Api);
    const err = caught(() => vm.eval("return tools.fetch(1)"));
    expect(err.kind).toBe("host");
    expect(err.message).toContain("host function 'tools.fetch' returned a Promise: run the script with evalAsync");
  });

  it("cannot wait inside a coroutine or a library callback: a clear error", async () => {
    const vm = Lua.create({ enable: ["coroutine"] }).load(Api);
    const inCo = await vm.evalAsync("return coroutine.resume(coroutine.create(function() return tools.fetch(1) end))");
    expect(inCo.values[0]).toBe(false);
    expect(String(inCo.values[1])).toContain("where the script cannot wait");
    const inSort = await caughtAsync(vm.evalAsync("local t = {3, 1, 2} table.sort(t, function(a, b) tools.fetch(1) return a < b end)"));
    expect(inSort.message).toContain("where the script cannot wait");
  });

  it("keeps counting instructions across awaits and stops at the budget", async () => {
    const vm = Lua.create({ budget: { instructions: 500 } }).load(Api);
    const err = await caughtAsync(vm.evalAsync("for i = 1, 1000 do if i % 100 == 0 then tools.fetch(i) end end"));
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("instruction limit exceeded");
    expect(vm.lastUsage.instructions).toBe(500);
  });

  it("the deadline keeps running while the script waits", async () => {
    const vm = Lua.create({ budget: { timeoutMs: 30 } }).load(Api);
    const t0 = performance.now();
    const err = await caughtAsync(vm.evalAsync("local x = tools.slow() return x"));
    expect(err.kind).toBe("limit");
    expect(err.message).toBe("input:1: time limit exceeded");
    expect(performance.now() - t0).toBeLessThan(150);
  });

  it("an AbortSignal cancels a waiting script", async () => {
    const vm = Lua.create().load(Api);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 5);
    const err = await caughtAsync(vm.evalAsync("tools.slow()", { budget: { signal: ac.signal } }));
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("execution aborted");
  });

  it("other calls may run on the same VM and on other VMs while one waits", async () => {
    const vm = Lua.create({ budget: { instructions: 100_000 } }).load(Api);
    vm.eval("count = 0");
    const a = vm.evalAsync("for i = 1, 3 do count = count + 1 tools.fetch(i) end return count");
    const b = vm.evalAsync("for i = 1, 3 do count = count + 1 tools.fetch(i) end return count");
    expect(vm.eval("return 40 + 2").values).toEqual([42]);
    const other = Lua.create({ budget: { memoryBytes: 1 << 20 } });
    expect(other.eval("return #('x'):rep(1000)").values).toEqual([1000]);
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.values[0], rb.values[0]]).toEqual([6, 6]); // interleaved: both finish after the last increment
    expect(vm.eval("return count").values).toEqual([6]);
  });

  it("coroutine.yield at the top of an async run is the main-thread error", async () => {
    const vm = Lua.create({ enable: ["coroutine"] });
    const err = await caughtAsync(vm.evalAsync("coroutine.yield(1)"));
    expect(err.message).toContain("attempt to yield from outside a coroutine");
    expect((await vm.evalAsync("return coroutine.isyieldable(), select(2, coroutine.running())")).values).toEqual([false, true]);
  });

  it("callAsync calls a Lua function that waits", async () => {
    const vm = Lua.create().load(Api);
    vm.eval("function describe(i) return tools.fetch(i).name end");
    expect((await vm.callAsync("describe", [7])).values).toEqual(["item 7"]);
  });
});

describe("lua`` templates", () => {
  it("compiles once per call site and runs in any VM", () => {
    const make = () => lua`return price * qty`;
    expect(make()).toBe(make());
    expect(Lua.create().eval(make(), { globals: { price: 2, qty: 3 } }).values).toEqual([6]);
  });

  it("throws a positioned syntax error when evaluated", () => {
    const err = caught(() => lua`local x = 1
return x +`);
    expect(err.kind).toBe("syntax");
    expect(err.line).toBe(2);
  });

  it("interpolates values as Lua literals, never as code", () => {
    const evil = `"); os.exit() --`;
    const s = lua`return ${evil}, ${1.5}, ${2 ** 60}, ${-3}, ${9007199254740993n}, ${true}, ${null}`;
    expect(Lua.create().eval(s).values).toEqual([evil, 1.5, 2 ** 60, -3, 9007199254740993n, true, undefined]);
    expect(Lua.create().eval(lua`return math.type(${2 ** 60}), ${"a\nb\0c"}`).values).toEqual(["float", "a\nb\0c"]);
  });
});
