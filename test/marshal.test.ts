// The marshaling table of README.md, row by row: each `it` is one row, named as in the table.
import { describe, expect, it } from "vitest";
import { CIRCULAR, facts, Lua, LuaError } from "../src/index.js";

/** Pass `value` in as the global `x` and let Lua describe what it received. */
function inLua(value: unknown, expr = "math.type(x) or type(x), x"): unknown[] {
  return Lua.create().eval(`return ${expr}`, { globals: { x: value } }).values;
}

/** What a Lua expression comes back as. */
function out(expr: string): unknown {
  return Lua.create().eval(`return ${expr}`).values[0];
}

describe("JS → Lua", () => {
  it("undefined, null → nil", () => {
    expect(inLua(undefined, "x == nil")).toEqual([true]);
    expect(inLua(null, "x == nil")).toEqual([true]);
  });
  it("boolean → boolean", () => {
    expect(inLua(true, "type(x), x")).toEqual(["boolean", true]);
  });
  it("integral number within ±2^53 → integer", () => {
    expect(inLua(42)).toEqual(["integer", 42]);
    expect(inLua(-(2 ** 53) + 1)).toEqual(["integer", -(2 ** 53) + 1]);
    expect(inLua(7, "x // 2, x / 2")).toEqual([3, 3.5]);
  });
  it("-0 → integer 0", () => {
    expect(inLua(-0, "math.type(x), tostring(x)")).toEqual(["integer", "0"]);
  });
  it("other numbers (fractional, beyond 2^53, ±Infinity, NaN) → float", () => {
    expect(inLua(0.1)).toEqual(["float", 0.1]);
    expect(inLua(2 ** 60, "math.type(x), tostring(x)")).toEqual(["float", "1.1529215046068e+18"]);
    expect(inLua(Infinity, "math.type(x), tostring(x)")).toEqual(["float", "inf"]);
    expect(inLua(NaN, "math.type(x), x ~= x")).toEqual(["float", true]);
  });
  it("bigint within 64 bits → integer; outside → RangeError", () => {
    expect(inLua(2n ** 62n, "math.type(x), tostring(x)")).toEqual(["integer", "4611686018427387904"]);
    expect(inLua(-(2n ** 63n), "x == math.mininteger")).toEqual([true]);
    expect(() => inLua(2n ** 64n)).toThrow(RangeError);
  });
  it("string → string (UTF-8 bytes)", () => {
    expect(inLua("héllo", "#x, x:upper()")).toEqual([6, "HéLLO"]);
  });
  it("Array → sequence 1..n (null and undefined are holes)", () => {
    expect(inLua([10, 20, 30], "#x, x[1], x[3]")).toEqual([3, 10, 30]);
    expect(inLua([1, null, 3], "x[2] == nil, x[3]")).toEqual([true, 3]);
  });
  it("plain object → table with string keys (own enumerable; __proto__ is an ordinary key)", () => {
    const o = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as object;
    expect(inLua(o, "x.a, x.__proto__.polluted, x.polluted")).toEqual([1, true, undefined]);
    expect(inLua(Object.create(null, { k: { value: 2, enumerable: true } }), "x.k")).toEqual([2]);
  });
  it("Map → table with marshaled keys", () => {
    expect(inLua(new Map<unknown, unknown>([[1, "one"], ["k", true], [2.5, "f"]]), "x[1], x.k, x[2.5]")).toEqual(["one", true, "f"]);
  });
  it("Set → table of element = true", () => {
    expect(inLua(new Set(["a", "b"]), "x.a, x.b, x.c")).toEqual([true, true, undefined]);
  });
  it("Date → ISO-8601 string (UTC)", () => {
    expect(inLua(new Date(Date.UTC(2026, 10, 25, 12, 30)), "x")).toEqual(["2026-11-25T12:30:00.000Z"]);
    expect(() => inLua(new Date(NaN))).toThrow(RangeError);
  });
  it("function → host function (arguments and results marshaled)", () => {
    expect(inLua((a: number, b: { n: number }) => a + b.n, "x(1, {n = 2})")).toEqual([3]);
  });
  it("facts(json) → read-only view converted lazily", () => {
    expect(inLua(facts({ items: [{ qty: 2 }, { qty: 3 }] }), "#x.items, x.items[2].qty, (pcall(function() x.y = 1 end))")).toEqual([2, 3, false]);
  });
  it("shared and cyclic references → the same table", () => {
    const shared = { v: 1 };
    const cyc: Record<string, unknown> = { shared, again: shared };
    cyc.self = cyc;
    expect(inLua(cyc, "x.shared == x.again, x.self == x, x.self.self.shared.v")).toEqual([true, true, 1]);
  });
  it("anything else (class instances, RegExp, symbols, typed arrays) → TypeError naming the path", () => {
    class Point {
      constructor(readonly x: number) {}
    }
    expect(() => inLua({ a: [new Point(1)] })).toThrow(/Point.*x\.a\[0\]/);
    expect(() => inLua(/re/)).toThrow(TypeError);
    expect(() => inLua(Symbol("s"))).toThrow(TypeError);
    expect(() => inLua(new Uint8Array(2))).toThrow(TypeError);
  });
});

describe("Lua → JS", () => {
  it("nil → undefined", () => {
    expect(Lua.create().eval("return nil, 1").values).toEqual([undefined, 1]);
  });
  it("boolean → boolean", () => {
    expect(out("1 < 2")).toBe(true);
  });
  it("integer → number (bigint beyond ±2^53)", () => {
    expect(out("7 // 2")).toBe(3);
    expect(out("math.maxinteger")).toBe(9223372036854775807n);
    expect(out("(2^53 - 1) // 1 | 0")).toBe(2 ** 53 - 1);
    expect(out("-(2^53) // 1 | 0")).toBe(-(2n ** 53n));
  });
  it("float → number", () => {
    expect(out("3 / 2")).toBe(1.5);
    expect(out("10 / 2")).toBe(5);
    expect(out("-0.0")).toBe(-0);
    expect(out("1/0")).toBe(Infinity);
  });
  it("string → string (UTF-8 decoded; invalid bytes become U+FFFD)", () => {
    expect(out("'h\\u{E9}llo'")).toBe("héllo");
    expect(out("'a\\255b'")).toBe("a\ufffdb");
  });
  it("table with keys exactly 1..n → Array", () => {
    expect(out("{1, 'two', {3}}")).toEqual([1, "two", [3]]);
  });
  it("table with string and integer keys → plain object (integer keys as strings)", () => {
    const o = out("{a = 1, [10] = 'x', 'first'}") as Record<string, unknown>;
    expect(o).toEqual({ 1: "first", 10: "x", a: 1 });
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });
  it("__proto__, constructor and prototype keys → own properties, never the prototype", () => {
    const o = out("{__proto__ = {admin = true}, constructor = 1, prototype = 2}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o).sort()).toEqual(["__proto__", "constructor", "prototype"]);
    expect((o as { admin?: boolean }).admin).toBeUndefined();
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(o, "__proto__")?.value).toEqual({ admin: true });
  });
  it("empty table → {}", () => {
    expect(out("{}")).toEqual({});
  });
  it("table with other keys (floats, booleans, tables) or both 1 and '1' → Map", () => {
    const m = out("{[1.5] = 'f', [true] = 't'}") as Map<unknown, unknown>;
    expect(m).toBeInstanceOf(Map);
    expect(m.get(1.5)).toBe("f");
    expect(m.get(true)).toBe("t");
    const both = out("{[1] = 'int', ['1'] = 'str'}") as Map<unknown, unknown>;
    expect(both).toBeInstanceOf(Map);
    expect(both.get(1)).toBe("int");
    expect(both.get("1")).toBe("str");
  });
  it("a table met again inside itself (a cycle) → '[Circular]'", () => {
    expect(out("(function() local t = {} t.me = t return t end)()")).toEqual({ me: CIRCULAR });
    // shared but not cyclic: copied, not marked
    expect(out("(function() local s = {1} return {s, s} end)()")).toEqual([[1], [1]]);
  });
  it("fact view → the original JSON value", () => {
    const json = { items: [{ qty: 2 }] };
    const { values } = Lua.create().eval("return fact.items, fact", { facts: json });
    expect(values[0]).toBe(json.items);
    expect(values[1]).toBe(json);
  });
  it("function → JS function calling back into the VM (returns the first result)", () => {
    const vm = Lua.create();
    const f = vm.eval("local n = 0 return function(k) n = n + k return n, 'ignored' end").values[0] as (k: number) => number;
    expect(f(2)).toBe(2);
    expect(f(3)).toBe(5);
    expect(vm.call(f, [10]).values).toEqual([15, "ignored"]);
  });
  it("coroutine → opaque handle", () => {
    const vm = Lua.create({ enable: ["coroutine"] });
    const co = vm.eval("return coroutine.create(function() end)").values[0];
    expect(typeof co).toBe("object");
    expect(vm.eval("return type(x)", { globals: { x: co } }).values).toEqual(["thread"]);
  });
  it("metatables → ignored (raw contents, no metamethod runs)", () => {
    expect(out("setmetatable({a = 1}, {__index = function() error('no') end, __pairs = function() error('no') end})")).toEqual({ a: 1 });
  });
  it("deeper than maxDepth or more than maxValues → LuaError of kind limit", () => {
    const vm = Lua.create({ marshal: { maxDepth: 3, maxValues: 10 } });
    expect(vm.eval("return {{{}}}").values).toEqual([[[{}]]]);
    expect(() => vm.eval("return {{{{}}}}")).toThrow(/nested too deeply/);
    expect(() => vm.eval("return {1,2,3,4,5,6,7,8,9,10,11}")).toThrow(LuaError);
  });
});
