// Hostile uses of the table, math and utf8 libraries: every one must end quickly with a clean
// LuaError (or the right value), never a JS exception, a hang or an out-of-memory crash.

import { describe, expect, it } from "vitest";
import { Lua, LuaError } from "../../src/index.js";

/** Evaluate and return either the values or the LuaError, with the time it took. */
function run(src: string, opts: Parameters<typeof Lua.create>[0] = {}): { values?: unknown[]; error?: LuaError; ms: number } {
  const vm = Lua.create(opts);
  const t0 = performance.now();
  try {
    const { values } = vm.eval(src);
    return { values, ms: performance.now() - t0 };
  } catch (e) {
    if (!(e instanceof LuaError)) throw new Error(`not a LuaError: ${String(e)}`);
    return { error: e, ms: performance.now() - t0 };
  }
}

function expectError(src: string, pattern: RegExp, kind = "runtime", maxMs = 5000, opts = {}): LuaError {
  const r = run(src, opts);
  expect(r.error, `expected an error from: ${src}`).toBeDefined();
  expect(r.error!.kind).toBe(kind);
  expect(r.error!.message).toMatch(pattern);
  expect(r.ms).toBeLessThan(maxMs);
  return r.error!;
}

function expectValues(src: string, values: unknown[], maxMs = 5000, opts = {}): void {
  const r = run(src, opts);
  if (r.error) throw r.error;
  expect(r.values).toEqual(values);
  expect(r.ms).toBeLessThan(maxMs);
}

const BIG = `local s = "x" for _ = 1, 24 do s = s .. s end`; // 16 MiB

describe("table.concat", () => {
  it("refuses a result beyond the maximum string length", () => {
    expectError(`${BIG} local t = {} for i = 1, 40 do t[i] = s end return #table.concat(t)`, /not enough memory/);
  });

  it("refuses a huge result built from a huge separator", () => {
    expectError(`${BIG} local t = {} for i = 1, 40 do t[i] = "" end return #table.concat(t, s)`, /not enough memory/);
  });

  it("stops a proxy that claims a billion elements", () => {
    expectError(
      `${BIG} local p = setmetatable({}, {__index = function() return s end, __len = function() return 1e9 end})
       return #table.concat(p)`,
      /not enough memory/,
    );
  });

  it("is subject to the memory budget", () => {
    expectError(
      `${BIG} local t = {} for i = 1, 8 do t[i] = s end return #table.concat(t)`,
      /memory limit exceeded/,
      "limit",
      5000,
      { budget: { memoryBytes: 64 * 1024 * 1024 } },
    );
  });

  it("fails at the first missing element of a proxy claiming a trillion elements", () => {
    expectError(
      `local p = setmetatable({}, {__index = setmetatable({}, {__index = {}}), __len = function() return 1e12 end})
       return table.concat(p, ",", 1, 2)`,
      /invalid value \(nil\) at index 1/,
    );
  });

  it("reports the index of a bad value with lua's 32-bit %d", () => {
    expectError(`local t = {} t[math.maxinteger] = "x" return table.concat(t, "", math.maxinteger - 1, math.maxinteger)`,
      /at index -2 in table/);
  });
});

describe("table.unpack", () => {
  it("refuses a hundred million results", () => {
    expectError(`return table.unpack({}, 1, 1e8)`, /too many results to unpack/, "runtime", 1000);
  });

  it("refuses the whole integer range and never wraps", () => {
    expectError(`return table.unpack({}, math.mininteger, math.maxinteger)`, /too many results to unpack/, "runtime", 1000);
    expectError(`return table.unpack({}, 0, math.maxinteger)`, /too many results to unpack/, "runtime", 1000);
    expectError(`return table.unpack({}, -2, math.maxinteger)`, /too many results to unpack/, "runtime", 1000);
  });

  it("unpacks at the ends of the integer range", () => {
    expectValues(`local t = {} t[math.maxinteger] = 1 t[math.mininteger] = 2
      return table.unpack(t, math.maxinteger, math.maxinteger), table.unpack(t, math.mininteger, math.mininteger)`, [1, 2]);
  });

  it("handles a near-limit result count", () => {
    expectValues(`return select('#', table.unpack({}, 1, 500000))`, [500000]);
  });
});

describe("table.move", () => {
  it("moves a few elements across a huge range quickly", () => {
    expectValues(
      `local t = {1, 2, 3} table.move(t, 1, 1e15, 2) return t[1], t[2], t[3], t[4], #t`,
      [1, 1, 2, 3, 4],
      2000,
    );
    expectValues(
      `local d = {} table.move({1, 2, 3}, -1e15, 1e15, 1e15, d) local n = 0 for k in pairs(d) do n = n + 1 end
       return n, d[1e15 + 1e15 + 1]`,
      [3, 1],
      2000,
    );
  });

  it("copies to the top of the integer range", () => {
    expectValues(
      `local d = table.move({1, 2, 3}, 1, 3, math.maxinteger - 2, {}) return d[math.maxinteger], d[math.maxinteger - 2]`,
      [3, 1],
    );
  });

  it("rejects ranges that wrap around", () => {
    expectError(`return table.move({}, 1, math.maxinteger, 2)`, /destination wrap around/);
    expectError(`return table.move({}, math.mininteger, -1, 1)`, /too many elements to move/);
    expectError(`return table.move({}, -1, math.maxinteger, 1)`, /too many elements to move/);
    expectError(`return table.move({}, 1, 10, math.maxinteger)`, /destination wrap around/);
  });

  it("lets the instruction budget stop a huge move through metamethod tables", () => {
    expectError(
      `local src = setmetatable({}, {__index = {}})
       table.move(src, 1, 1e15, 1, {})`,
      /instruction limit exceeded/,
      "limit",
      5000,
      { budget: { instructions: 1_000_000 } },
    );
  });

  it("lets the instruction budget stop a huge move through Lua metamethods", () => {
    expectError(
      `local dst = setmetatable({}, {__newindex = function() end})
       table.move({}, 1, 1e15, 1, dst)`,
      /instruction limit exceeded/,
      "limit",
      5000,
      { budget: { instructions: 1_000_000 } },
    );
  });
});

describe("table.sort", () => {
  it("sorts a million integers in reasonable time", () => {
    expectValues(
      `local t, seed = {}, 42
       for i = 1, 1000000 do seed = (seed * 16807) % 2147483647 t[i] = seed end
       table.sort(t)
       for i = 2, #t do if t[i - 1] > t[i] then return false end end
       return true, #t`,
      [true, 1000000],
      20000,
    );
  }, 30000);

  it("sorts big arrays of awkward shapes", () => {
    expectValues(
      `local n = 200000
       local shapes = {
         function(i) return i end, function(i) return n - i end, function(i) return i % 2 end,
         function(i) return i <= n // 2 and i or n - i end, function(i) return 7 end,
       }
       for _, f in ipairs(shapes) do
         local t = {}
         for i = 1, n do t[i] = f(i) end
         table.sort(t)
         for i = 2, n do if t[i - 1] > t[i] then return false end end
       end
       return true`,
      [true],
      30000,
    );
  }, 60000);

  it("sorts with a Lua comparator", () => {
    expectValues(
      `local t, seed = {}, 7
       for i = 1, 100000 do seed = (seed * 16807) % 2147483647 t[i] = seed end
       table.sort(t, function(a, b) return a > b end)
       for i = 2, #t do if t[i - 1] < t[i] then return false end end
       return true`,
      [true],
      20000,
    );
  }, 30000);

  it("propagates an error raised by the comparator", () => {
    const e = expectError(`local t = {} for i = 1, 1000 do t[i] = 1000 - i end
      local n = 0
      table.sort(t, function(a, b) n = n + 1 if n == 500 then error("boom") end return a < b end)`, /boom/);
    expect(e.value).toMatch(/input:3: boom/);
    expectError(`table.sort({3, 2, 1}, function() error({}) end)`, /error object is a table value|table/);
  });

  it("ends an inconsistent comparator with lua's error", () => {
    expectError(`local t = {} for i = 1, 100000 do t[i] = i end table.sort(t, function() return true end)`,
      /invalid order function for sorting/);
    expectError(`local t = {} for i = 1, 100000 do t[i] = i % 10 end table.sort(t, function(a, b) return a <= b end)`,
      /invalid order function for sorting/);
  });

  it("survives a random comparator on big arrays (ends with a value or lua's error)", () => {
    for (let trial = 0; trial < 3; trial++) {
      const r = run(`local t, seed = {}, ${trial + 1}
        for i = 1, 50000 do t[i] = i end
        table.sort(t, function() seed = (seed * 16807) % 2147483647 return seed % 2 == 0 end)
        return #t`);
      if (r.error) expect(r.error.message).toMatch(/invalid order function for sorting/);
      else expect(r.values).toEqual([50000]);
      expect(r.ms).toBeLessThan(10000);
    }
  });

  it("survives a comparator that empties or grows the table", () => {
    const r1 = run(`local t = {} for i = 1, 1000 do t[i] = i end
      table.sort(t, function(a, b) for k = 1, #t do t[k] = nil end return a < b end)`);
    expect(r1.error?.message).toMatch(/attempt to compare|invalid order function/);
    const r2 = run(`local t = {} for i = 1, 200 do t[i] = 200 - i end
      table.sort(t, function(a, b) t[#t + 1] = 0 return a < b end) return #t > 200`);
    if (r2.error) expect(r2.error.kind).toBe("runtime");
    else expect(r2.values).toEqual([true]);
  });

  it("refuses arrays lua would not sort", () => {
    expectError(`table.sort(setmetatable({}, {__len = function() return math.maxinteger end}))`, /array too big/);
    expectError(`table.sort(setmetatable({}, {__len = function() return 2^40 end}))`, /array too big/);
    // a proxy claiming 2^31 - 2 elements fails at the first comparison of nils
    expectError(`table.sort(setmetatable({}, {__len = function() return 2^31 - 2 end}))`, /attempt to compare two nil values/);
  });

  it("stops a long comparator sort under an instruction budget", () => {
    expectError(
      `local t = {} for i = 1, 200000 do t[i] = -i end table.sort(t, function(a, b) return a < b end)`,
      /instruction limit exceeded/,
      "limit",
      10000,
      { budget: { instructions: 2_000_000 } },
    );
  });
});

describe("table.insert / table.remove", () => {
  it("wraps the append position like lua when __len says maxinteger", () => {
    expectValues(
      `local raw = {}
       local t = setmetatable({}, {__len = function() return math.maxinteger end,
         __newindex = function(_, k, v) rawset(raw, k, v) end, __index = raw})
       table.insert(t, "v")
       return raw[math.mininteger]`,
      ["v"],
    );
  });

  it("rejects positions outside 1..#t+1, including the wrapped ones", () => {
    expectError(`table.insert({1, 2, 3}, math.maxinteger, "x")`, /position out of bounds/);
    expectError(`table.insert({1, 2, 3}, math.mininteger, "x")`, /position out of bounds/);
    expectError(`table.insert({}, 0, "x")`, /position out of bounds/);
    expectError(
      `local t = setmetatable({}, {__len = function() return math.maxinteger end, __newindex = rawset, __index = rawget})
       table.insert(t, 1, "x")`,
      /position out of bounds/,
    );
    expectError(`table.remove({1, 2, 3}, math.mininteger)`, /position out of bounds/);
    expectError(`table.remove({1, 2, 3}, math.maxinteger)`, /position out of bounds/);
  });

  it("lets the instruction budget stop a shift over a huge claimed length", () => {
    expectError(
      `local t = setmetatable({}, {__len = function() return 1e15 end, __index = {}, __newindex = {}})
       table.insert(t, 1, "x")`,
      /instruction limit exceeded/,
      "limit",
      5000,
      { budget: { instructions: 1_000_000 } },
    );
    expectError(
      `local t = setmetatable({}, {__len = function() return 1e15 end, __index = {}, __newindex = {}})
       table.remove(t, 1)`,
      /instruction limit exceeded/,
      "limit",
      5000,
      { budget: { instructions: 1_000_000 } },
    );
  });

  it("keeps big plain tables fast", () => {
    expectValues(
      `local t = {} for i = 1, 200000 do table.insert(t, i) end
       for i = 1, 2000 do table.insert(t, 1, -i) end
       for i = 1, 2000 do table.remove(t, 1) end
       local s = 0 for i = 1, #t do s = s + t[i] end
       return #t, s`,
      [200000, 20000100000],
      10000,
    );
  });
});

describe("math and utf8 edge cases", () => {
  it("keeps integer corner cases exact", () => {
    expectValues(
      `return math.abs(math.mininteger) == math.mininteger, math.fmod(math.mininteger, -1),
              math.ult(-1, 1), math.tointeger(2^63), math.floor(-2^63) == math.mininteger`,
      [true, 0, false, undefined, true],
    );
    expectError(`return math.fmod(1, 0)`, /bad argument #2 to 'fmod' \(zero\)/);
  });

  it("keeps random in range at the ends of the integer range", () => {
    expectValues(
      `for _ = 1, 10000 do
         local r = math.random(math.maxinteger - 10, math.maxinteger)
         if r < math.maxinteger - 10 then return false end
         local q = math.random(math.mininteger, math.mininteger + 2^40)
         if q > math.mininteger + 2^40 then return false end
         local p = math.random(0, math.maxinteger)
         if p < 0 then return false end
       end
       return true`,
      [true],
    );
    expectError(`return math.random(math.mininteger, math.maxinteger)`, /interval too large/);
    expectError(`return math.random(0)`, /interval is empty/);
  });

  it("gives each VM its own generator", () => {
    const a = Lua.create();
    const b = Lua.create();
    a.eval(`math.randomseed(123)`);
    b.eval(`math.randomseed(123)`);
    const ra = a.eval(`return math.random(1000000), math.random(1000000)`).values;
    b.eval(`math.random()`); // b advances on its own
    const rb = b.eval(`return math.random(1000000), math.random(1000000)`).values;
    expect(ra).not.toEqual(rb);
    const c = Lua.create();
    c.eval(`math.randomseed(123)`);
    expect(c.eval(`return math.random(1000000), math.random(1000000)`).values).toEqual(ra);
  });

  it("handles long and invalid UTF-8 quickly", () => {
    expectValues(
      `${BIG} return utf8.len(s), utf8.offset(s, -1), utf8.len(s, -5)`,
      [16777216, 16777216, 5],
      5000,
    );
    expectError(`${BIG} return utf8.codepoint(s, 1, -1)`, /string slice too long/);
    expectValues(`return utf8.len("ab\\xffc", 1)`, [undefined, 3]);
    expectError(`return utf8.char(0x110000)`, /value out of range/);
    expectError(`return utf8.char(math.mininteger)`, /value out of range/);
    expectError(`return utf8.codepoint("abc", math.mininteger)`, /out of range/);
    expectValues(`return utf8.offset("abc", math.maxinteger), utf8.offset("abc", math.mininteger)`, [undefined, undefined]);
  });

  it("stops a long utf8.codes loop under an instruction budget", () => {
    expectError(
      `${BIG} local n = 0 for _, c in utf8.codes(s) do n = n + 1 end return n`,
      /instruction limit exceeded/,
      "limit",
      5000,
      { budget: { instructions: 1_000_000 } },
    );
  });
});

describe("math precision (values lua5.3 prints on glibc, where V8's Math differs by an ulp)", () => {
  const cases: [string, number][] = [
    ["math.log(3)", 1.0986122886681098],
    ["math.sin(-468.65985748218526)", 0.5333467431998199],
    ["math.sin(-303.71882640586796)", -0.8498291189036621],
    ["math.cos(-144.91486270521574)", 0.9204364957591149],
    ["math.cos(-660.4910655195235)", 0.7271684755763467],
    ["math.atan(-1297.1260053619303, -0.151)", -1.5709127379983523],
    ["math.atan(-101.16769933976637, -0.014)", -1.5709347108839091],
    ["math.log(8, 2)", 3],
    ["math.log(1000, 10)", 3],
  ];
  for (const [expr, want] of cases) {
    it(expr, () => {
      const v = Lua.create().eval(`return ${expr}`).values[0];
      expect(typeof v === "number" ? v : (v as { n: number }).n).toBe(want);
    });
  }

  it("stays fast", () => {
    const r = run(`local s = 0
      for i = 1, 200000 do local x = i * 0.001 s = s + math.sin(x) + math.cos(x) + math.exp(-x) + math.log(x) + math.atan(x, 2) end
      return s`);
    expect(r.error).toBeUndefined();
    expect(r.ms).toBeLessThan(10000);
  });
});

describe("libraries are per VM", () => {
  it("refuses writes to the shared library tables in the sandbox", () => {
    const a = Lua.create();
    const b = Lua.create();
    for (const src of ["table.insert = nil", "math.floor = function() return 'evil' end", "utf8.char = nil", "rawset(math, 'pi', 3)"]) {
      expect(() => a.eval(src)).toThrow(/attempt to modify a read-only table/);
    }
    expect(b.eval(`return type(table.insert), math.floor(1.5), type(utf8.char), math.pi > 3.14`).values).toEqual(["function", 1, "function", true]);
  });

  it("gives trusted VMs their own mutable copies, invisible to other VMs", () => {
    const a = Lua.create({ profile: "trusted" });
    const b = Lua.create({ profile: "trusted" });
    const c = Lua.create();
    a.eval(`table.insert = nil math.floor = function() return "evil" end utf8.char = nil`);
    expect(a.eval(`return type(table.insert), math.floor(1.5)`).values).toEqual(["nil", "evil"]);
    expect(b.eval(`return type(table.insert), math.floor(1.5), type(utf8.char)`).values).toEqual(["function", 1, "function"]);
    expect(c.eval(`return type(table.insert), math.floor(1.5), type(utf8.char)`).values).toEqual(["function", 1, "function"]);
  });
});

describe("string keys (kept as own properties of a prototype-less object, see table.ts)", () => {
  it("names that mean something to JavaScript are plain keys and reach no prototype", () => {
    const names = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineSetter__", "then"];
    const list = names.map((n) => JSON.stringify(n)).join(", ");
    const src = `
      local names = { ${list} }
      local t, evil = {}, { polluted = true }
      for i, k in ipairs(names) do t[k] = evil end
      local n = 0
      for k, v in pairs(t) do assert(v == evil); n = n + 1 end
      for _, k in ipairs(names) do t[k] = nil end
      return n, next(t) == nil, t.__proto__ == nil, t.constructor == nil`;
    expectValues(src, [names.length, true, true, true]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("churning distinct keys cannot grow a table past the memory budget while it stays small", () => {
    // each key is cleared right after it is set: without rebuilding the object that holds
    // string keys, the cleared keys would pile up (and be charged) without bound
    const src = `
      local t = {}
      for i = 1, 300000 do local k = "k" .. i; t[k] = i; t[k] = nil end
      t.last = 1
      local n = 0 for _ in pairs(t) do n = n + 1 end
      return n`;
    expectValues(src, [1], 20000, { budget: { memoryBytes: 1 << 20 } });
  });
});
