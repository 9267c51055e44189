// Attacks on the formula function library (src/stdlib-formula): huge inputs under budgets,
// hostile tables (metatables whose methods never return), NaN/inf, huge years and integers,
// unknown time zones, invalid UTF-8. Every attack ends quickly in a limit error, a clean Lua
// error or a correct value — never a hang, a host OOM or a JS exception.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Lua, LuaError, type Budget } from "../../src/index.js";
import { createFormulaLibrary, FORMULA_FUNCTIONS, installFormulaLibrary } from "../../src/stdlib-formula/index.js";

const LIB = createFormulaLibrary({ now: () => new Date("2026-03-29T12:00:00Z"), timeZone: "Europe/Berlin" });
const SMALL: Budget = { instructions: 200_000, memoryBytes: 8 << 20, timeoutMs: 5000 };

function vm(budget: Budget = SMALL): Lua {
  return installFormulaLibrary(Lua.create({ budget }), LIB);
}

/** Run a chunk; returns the LuaError it ends in (failing the test on success or a JS error). */
function fails(src: string, budget: Budget = SMALL, factsJson?: unknown): LuaError {
  const t0 = performance.now();
  try {
    vm(budget).eval(src, factsJson === undefined ? {} : { facts: factsJson });
  } catch (e) {
    expect(performance.now() - t0).toBeLessThan(3000);
    if (e instanceof LuaError) return e;
    throw new Error(`a JS exception escaped: ${String(e)}`);
  }
  throw new Error(`expected an error from: ${src}`);
}

function limit(src: string, budget: Budget = SMALL, factsJson?: unknown): string {
  const e = fails(src, budget, factsJson);
  expect(e.kind, e.message).toBe("limit");
  return e.message;
}

function value(src: string, budget: Budget = SMALL): unknown {
  const t0 = performance.now();
  const r = vm(budget).eval(src).values[0];
  expect(performance.now() - t0).toBeLessThan(3000);
  return r;
}

const MB = "string.rep('a,', 500000)"; // a 1 MB string made in one library call

describe("huge inputs end in a limit error or a clean error, quickly", () => {
  it("SPLIT of a 1 MB string into 500,000 pieces: memory", () => {
    const budget = { instructions: 10_000_000, memoryBytes: 8 << 20 };
    expect(limit(`return SPLIT(${MB}, ',')`, budget)).toMatch(/memory limit exceeded/);
    expect(limit(`return SPLIT(string.rep('x', 1000000), '')`, budget)).toMatch(/memory limit exceeded/);
  });
  it("SPLIT under a small instruction budget: instructions", () => {
    expect(limit(`return #SPLIT(${MB}, ',')`, { instructions: 20_000, memoryBytes: 1 << 30 })).toMatch(/instruction limit exceeded/);
  });
  it("JOIN of a million-item list with a long separator", () => {
    const big = { instructions: 10_000_000, memoryBytes: 256 << 20, timeoutMs: 5000 };
    expect(fails(`local t = SPLIT(string.rep('x', 1000000), '') return JOIN(t, string.rep('-', 1000))`, big).message)
      .toBe("input:1: bad argument #1 to 'JOIN' (resulting text too large)");
    expect(limit(`local t = SPLIT(string.rep('x', 1000000), '') return JOIN(t, string.rep('-', 40))`, { ...big, memoryBytes: 64 << 20 })).toMatch(/memory limit exceeded/);
    expect(limit(`local t = SPLIT(string.rep('x', 1000000), '') return JOIN(t)`, { ...big, instructions: 100_000 })).toMatch(/instruction limit exceeded/);
  });
  it("SUBSTITUTE growth", () => {
    const mem = { instructions: 50_000_000, memoryBytes: 8 << 20, timeoutMs: 5000 };
    expect(fails("return SUBSTITUTE(string.rep('a', 1000000), 'a', string.rep('b', 1000))", { instructions: 1e7, memoryBytes: 1 << 30 }).message)
      .toBe("input:1: bad argument #1 to 'SUBSTITUTE' (resulting text too large)");
    expect(limit("return SUBSTITUTE(string.rep('a', 100000), 'a', string.rep('b', 100))", mem)).toMatch(/memory limit exceeded/);
    expect(limit("local s = 'a' for i = 1, 64 do s = SUBSTITUTE(s, 'a', 'aa') end return #s", mem)).toMatch(/memory limit exceeded/);
    expect(limit("local s = 'a' for i = 1, 64 do s = CONCAT(s, s) end return #s", mem)).toMatch(/memory limit exceeded/);
    expect(limit("local s = 'ß' for i = 1, 64 do s = UPPER(s) .. LOWER(s) end return #s", mem)).toMatch(/memory limit exceeded/);
    expect(limit("local s = 'a' for i = 1, 64 do s = SUBSTITUTE(s, 'a', 'aa') end return #s")).toMatch(/instruction limit exceeded/);
  });
  it("TEXT with huge decimals or formats is refused", () => {
    expect(fails("return TEXT(1, 1000000)").message).toBe("input:1: bad argument #2 to 'TEXT' (decimals must be between 0 and 20)");
    expect(fails("return TEXT(1, '0.' .. string.rep('0', 1000000))").message).toBe("input:1: bad argument #2 to 'TEXT' (format too long (at most 64 bytes))");
    expect(value("return #TEXT(1e308, 20, true)")).toBe(432); // 309 digits, 102 commas, a point, 20 decimals
    expect(value("return #TEXT(-1.7976931348623157e308, '#,##0.' .. string.rep('0', 20))")).toBe(433);
  });
  it("LOOKUP, IN, ANY over a million host records are charged", () => {
    const records = Array.from({ length: 1_000_000 }, (_, i) => ({ id: i }));
    const budget = { instructions: 30_000, memoryBytes: 1 << 30, timeoutMs: 10_000 };
    expect(limit("return LOOKUP(fact.rows, 'id', -1)", budget, { rows: records })).toMatch(/instruction limit exceeded/);
    expect(limit("return IN(-1, fact.ids)", budget, { ids: records.map((r) => r.id) })).toMatch(/instruction limit exceeded/);
    expect(limit("return SUM(fact.ids)", budget, { ids: records.map((r) => r.id) })).toMatch(/instruction limit exceeded/);
    expect(limit("return SUM(fact.ids)", budget, { ids: records.map((r) => r.id + 0.5) })).toMatch(/instruction limit exceeded/);
  });
  it("SUM of floats with far-apart exponents (a long decimal accumulator) is charged", () => {
    const spread = Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? 1e300 : 1e-300));
    expect(limit("return SUM(fact.x)", { instructions: 200_000, timeoutMs: 10_000 }, { x: spread })).toMatch(/instruction limit exceeded/);
    expect(value("return SUM(1e300, 1e-300, -1e300) == 1e-300")).toBe(true);
  });
  it("NETWORKDAYS with a million holidays is charged; the range itself costs nothing", () => {
    expect(limit("local h = SPLIT(string.rep('2026-03-03,', 1000000), ',') return NETWORKDAYS('0001-01-01', '9999-12-31', h)",
      { instructions: 500_000, memoryBytes: 1 << 30 })).toMatch(/instruction limit exceeded/);
    expect(value("return NETWORKDAYS('0001-01-01', '9999-12-31')", { instructions: 100 })).toBe(2608615);
  });
  it("PARSE_DATE and FORMAT_DATE cap their input", () => {
    expect(fails(`return PARSE_DATE(${MB})`).message).toBe("input:1: bad argument #1 to 'PARSE_DATE' (text too long (at most 256 bytes))");
    expect(fails(`return PARSE_DATE('2026', ${MB})`).message).toBe("input:1: bad argument #2 to 'PARSE_DATE' (format too long (at most 256 bytes))");
    expect(fails(`return FORMAT_DATE('2026-03-29', ${MB})`).message).toBe("input:1: bad argument #2 to 'FORMAT_DATE' (format too long (at most 256 bytes))");
    expect(value("return #FORMAT_DATE('2026-03-29', string.rep('y', 256))")).toBe(256);
    expect(value(`return PARSE_DATE(string.rep('9', 256), string.rep('d', 256))`)).toBeUndefined();
    expect(limit("for i = 1, 1e6 do FORMAT_DATE('2026-03-29', 'EEEE') end")).toMatch(/instruction limit exceeded/);
    expect(limit("for i = 1, 1e6 do PARSE_DATE('29.03.2026', 'dd.MM.yyyy') end")).toMatch(/instruction limit exceeded/);
    // remembered results cost the same instructions (the cache saves time, not budget)
    expect(limit("for i = 1, 1e6 do PARSE_DATE(tostring(i % 7) .. '.03.2026', 'd.MM.yyyy') end")).toMatch(/instruction limit exceeded/);
  });
  it("PARSE_DATE's memory of fixed formats is bounded and answers as date-fns does", () => {
    // 20,000 distinct near-maximal inputs through one library (its cache holds 4,096), then
    // ordinary ones: still correct, quickly
    const t0 = performance.now();
    const v = vm({ instructions: 50_000_000, memoryBytes: 64 << 20, timeoutMs: 20_000 });
    v.eval("for i = 1, 20000 do PARSE_DATE(string.rep('1', 240) .. i, 'yyyyMMdd' .. string.rep('-', 200)) end");
    expect(v.eval("return PARSE_DATE('2026-03-29', 'yyyy-MM-dd'), PARSE_DATE('2026-02-30', 'yyyy-MM-dd')").values).toEqual(["2026-03-29", undefined]);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
  it("date-times are charged for their time zone lookups", () => {
    expect(limit("for i = 1, 1e6 do ADD_DAYS('2026-03-29T02:30', i % 1000) end")).toMatch(/instruction limit exceeded/);
  });
  it("every text function is charged in proportion to its input", () => {
    // a 1 MB string of two-byte characters, then a loop calling the function on it
    const calls = ["LEN(s)", "UPPER(s)", "LOWER(s)", "TRIM(s)", "LEFT(s, 400000)", "RIGHT(s, 2)", "MID(s, 400000, 2)", "CONTAINS(s, 'x')",
      "STARTS_WITH(s, s)", "ENDS_WITH(s, 'é')", "SUBSTITUTE(s, 'x', 'y')", "CONCAT(s, 'x')", "SPLIT(s, 'x')", "TEXT(LEN(s), 0)"];
    for (const call of calls) {
      const t0 = performance.now();
      const msg = limit(`local s = string.rep('é', 500000) for i = 1, 1e9 do local r = ${call} end`, { instructions: 2_000_000, memoryBytes: 64 << 20 });
      expect(msg, call).toMatch(/instruction limit exceeded/);
      expect(performance.now() - t0, call).toBeLessThan(3000);
    }
  });
  it("long text searches stay linear", () => {
    const budget = { instructions: 10_000_000, memoryBytes: 64 << 20, timeoutMs: 5000 };
    const hay = "string.rep('a', 1000000)";
    const needle = "string.rep('a', 500000) .. 'b'";
    for (const call of [`CONTAINS(${hay}, ${needle})`, `SUBSTITUTE(${hay}, ${needle}, 'x')`, `#SPLIT(${hay}, ${needle})`, `ENDS_WITH(${hay}, ${needle})`]) {
      const t0 = performance.now();
      vm(budget).eval(`return ${call}`);
      expect(performance.now() - t0, call).toBeLessThan(2000);
    }
  });
});

describe("hostile tables: no metamethod runs", () => {
  const evil = `setmetatable({}, {
    __index = function() while true do end end, __len = function() while true do end end,
    __eq = function() while true do end end, __lt = function() while true do end end,
    __le = function() while true do end end, __tostring = function() while true do end end,
    __concat = function() while true do end end, __call = function() while true do end end,
    __pairs = function() while true do end end, __ipairs = function() while true do end end,
    __name = 'Evil' })`;
  it("aggregates, text and logic read raw and return at once", () => {
    const src = `local e = ${evil} local l = setmetatable({1, 2, e2}, getmetatable(e))
      return SUM(e), COUNT(e), SUM(l), JOIN(l, '+'), IN(e, {${evil}}), IN(1, e), ANY(e), ALL(e),
        LOOKUP({e, {k = 1}}, 'k', 1) ~= nil, LOOKUP(e, 'k', 1), MAX(l), COALESCE(e) == e, IF(e, 1, 2)`;
    expect(vm().eval(src).values).toEqual([0, 0, 3, "1+2", false, false, false, true, true, undefined, 2, true, 1]);
  });
  it("a hostile table where text or a date is expected is a clean error naming __name", () => {
    expect(fails(`return CONCAT(${evil})`).message).toBe("input:1: bad argument #1 to 'CONCAT' (string expected, got Evil)");
    expect(fails(`return LEN(${evil})`).message).toBe("input:1: bad argument #1 to 'LEN' (string expected, got Evil)");
    expect(fails(`return YEAR(${evil})`).message).toBe("input:1: bad argument #1 to 'YEAR' (date expected, got Evil)");
    expect(fails(`return SUM({${evil}, {${evil}}})`).message).toBe("input:1: bad argument #1 to 'SUM' (list item 2.1: number expected, got Evil)");
    expect(fails(`return JOIN({${evil}})`).message).toBe("input:1: bad argument #1 to 'JOIN' (list item 1: string expected, got Evil)");
    expect(fails(`return ROUND(${evil})`).message).toBe("input:1: bad argument #1 to 'ROUND' (number expected, got Evil)");
  });
  it("a predicate that never returns hits the budget", () => {
    expect(limit("return ANY({1}, function() while true do end end)")).toMatch(/instruction limit exceeded/);
    expect(limit("return ALL({1}, function() while true do end end)", { instructions: 1e6, timeoutMs: 100 })).toMatch(/(instruction|time) limit exceeded/);
  });
  it("a predicate cannot escape the budget with pcall", () => {
    expect(limit("return pcall(ANY, {1}, function() while true do end end)")).toMatch(/instruction limit exceeded/);
  });
  it("cycles and deep nesting end cleanly", () => {
    expect(fails("local t = {} t[1] = t return SUM(t)").message).toBe("input:1: bad argument #1 to 'SUM' (list item 1.1: number expected, got table)");
    expect(value("local t = {} t[1] = t return COUNT(t)")).toBe(0);
    expect(value("local t = {} t[1] = t return LOOKUP({t}, 1, t) == t")).toBe(true);
    expect(value("local t = {} t[1] = t return ANY(t)")).toBe(true);
  });
  it("sparse tables are walked by their keys, not their range", () => {
    // keys beyond 2^53 are not list positions; negative and fractional keys are not either
    expect(value("return SUM({[1] = 1, [2^40] = 2, [math.maxinteger] = 3, [-5] = 100, [0.5] = 100})", { instructions: 1000 })).toBe(3);
  });
});

describe("hostile numbers", () => {
  it("NaN and infinities", () => {
    const v = vm();
    const r = v.eval(`return ROUND(0/0, 2), FLOOR(1/0), CEILING(-1/0, 2), MOD(1/0, 2), CLAMP(0/0, 1, 2), SUM({0/0}),
      POWER(1/0, 0), ABS(-1/0), TEXT(0/0), MAX(0/0, 0/0), AVERAGE(1/0, -1/0), SQRT(1/0)`).values;
    expect(r.map((x) => (typeof x === "number" && Number.isNaN(x) ? "NaN" : x))).toEqual(["NaN", Infinity, -Infinity, "NaN", "NaN", "NaN", 1, Infinity, "-nan", "NaN", "NaN", Infinity]);
    expect(fails("return DATE(0/0, 1, 1)").message).toBe("input:1: bad argument #1 to 'DATE' (number has no integer representation)");
    expect(fails("return ADD_DAYS('2026-01-01', 1/0)").message).toBe("input:1: bad argument #2 to 'ADD_DAYS' (number has no integer representation)");
    expect(fails("return LEFT('abc', 0/0)").message).toBe("input:1: bad argument #2 to 'LEFT' (number has no integer representation)");
    expect(fails("return MOD(1, 0.0)").message).toBe("input:1: MOD by zero");
    expect(fails("return FLOOR(1, 0/0)").message).toBe("input:1: FLOOR significance must be a finite number");
  });
  it("huge years and counts", () => {
    for (const call of ["DATE(1e15, 1, 1)", "DATE(math.maxinteger, 1, 1)", "DATE(2026, 1, 2^53)", "ADD_MONTHS('2026-01-01', math.mininteger)",
      "ADD_DAYS('2026-01-01', -2^63)", "EOMONTH('2026-01-01', math.maxinteger)"]) {
      expect(fails(`return ${call}`).message).toMatch(/^input:1: (DATE|ADD_MONTHS|ADD_DAYS|EOMONTH): date out of range \(years 1 to 9999\)$/);
    }
    expect(fails("return YEAR('99999-01-01')").message).toMatch(/invalid date/);
  });
  it("integers at and beyond the 64-bit range", () => {
    const r = vm().eval(`return LEFT('abc', math.maxinteger), MID('abc', math.maxinteger, 1), ROUND(1, math.mininteger),
      SUBSTITUTE('aa', 'a', 'b', math.maxinteger), POWER(math.maxinteger, math.maxinteger), SUM(math.maxinteger, math.maxinteger),
      MOD(math.mininteger, -1), ROUNDUP(math.mininteger, -18), CLAMP(math.maxinteger, 0, 2^63), TEXT(math.maxinteger, 0, true)`).values;
    expect(r).toEqual(["abc", "", 0, "aa", Infinity, 18446744073709551614, 0, -10000000000000000000, 9223372036854775807n, "9,223,372,036,854,775,807"]);
    expect(fails("return LEFT('abc', math.mininteger)").message).toBe("input:1: bad argument #2 to 'LEFT' (count must not be negative)");
    expect(fails("return MID('abc', math.mininteger, 1)").message).toBe("input:1: bad argument #2 to 'MID' (start must be 1 or more)");
    expect(fails("return TEXT(1, math.maxinteger)").message).toBe("input:1: bad argument #2 to 'TEXT' (decimals must be between 0 and 20)");
  });
});

describe("time zones and text", () => {
  it("unknown time zones are clean errors; spamming them is charged", () => {
    expect(fails("return TODAY('Mars/Base')").message).toBe("input:1: bad argument #1 to 'TODAY' (unknown time zone 'Mars/Base')");
    expect(fails("return NOW('__proto__')").message).toBe("input:1: bad argument #1 to 'NOW' (unknown time zone '__proto__')");
    expect(fails("return NOW(string.rep('A', 1000000))").message).toMatch(/unknown time zone 'A{40}\.\.\.'/);
    expect(limit("for i = 1, 1e6 do pcall(TODAY, 'X/' .. i) end")).toMatch(/instruction limit exceeded/);
    expect(limit("local n = {'europe/berlin', 'EUROPE/BERLIN', 'Europe/BERLIN'} for i = 1, 1e6 do TODAY(n[i % 3 + 1]) end")).toMatch(/instruction limit exceeded/);
    expect(() => createFormulaLibrary({ timeZone: "Etc/Unknown" })).toThrow(RangeError);
  });
  it("invalid UTF-8 is kept, never a JS error", () => {
    const r = vm().eval(`local s = '\\xff\\xc3\\x28\\xe2\\x82\\xf0\\x90\\x80'
      return LEN(s), #UPPER(s), #LOWER(s), #TRIM(s), LEFT(s, 2) == '\\xff\\xc3', #SPLIT(s, ''), JOIN(SPLIT(s, '')) ~= nil,
        SUBSTITUTE(s, '\\xc3', 'x') == '\\xffx\\x28\\xe2\\x82\\xf0\\x90\\x80', PARSE_DATE(s), PARSE_DATE(s, 'yyyy'), CONTAINS(s, '\\x82')`).values;
    expect(r).toEqual([8, 8, 8, 8, true, 8, true, true, undefined, undefined, true]);
    expect(value("return FORMAT_DATE('2026-03-29', 'd\\xff')")).toBe("29\uFFFD"); // a format is text: invalid bytes read as U+FFFD
    // messages are byte strings, as every LuaError message of this VM; control bytes are masked
    expect(fails("return YEAR('\\xff\\x00')").message).toBe("input:1: bad argument #1 to 'YEAR' (invalid date '\xff?' (expected YYYY-MM-DD or an ISO date-time))");
  });
});

describe("no JS exception escapes any function (property)", () => {
  const POOL = [
    "nil", "true", "false", "0", "-0.0", "1", "-1", "2.5", "1e308", "-1e308", "5e-324", "0/0", "1/0", "-1/0",
    "math.maxinteger", "math.mininteger", "2^53", "2^63", "'10'", "''", "'x'", "'\\xff\\xfe'", "string.rep('a', 300)",
    "'2026-03-29'", "'2026-03-29T02:30'", "'2026-10-25T02:30:00+02:00'", "'9999-12-31'", "'0001-01-01'", "'Y'", "'dd.MM.yyyy'",
    "'#,##0.00'", "'Europe/Berlin'", "'Mars/Base'", "{}", "{1, 2, 3}", "{1, nil, 'x'}", "{{1}, {2, {3}}}", "{'2026-03-03', 5}",
    "{{k = 1, v = 'a'}, {k = 2}}", "setmetatable({}, {__index = function() error('mt') end, __len = function() return 1e9 end})",
    "function() return true end", "function() error('p') end", "print", "coroutine and coroutine.create(print) or 1",
  ];
  const names = FORMULA_FUNCTIONS.map((f) => f.name);
  it("random arguments end in a value or a LuaError", () => {
    const v = vm({ instructions: 100_000, memoryBytes: 4 << 20, timeoutMs: 2000 });
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(fc.constantFrom(...POOL), { maxLength: 5 }), (name, args) => {
        try {
          v.eval(`return ${name}(${args.join(", ")})`);
        } catch (e) {
          if (!(e instanceof LuaError)) throw new Error(`${name}(${args.join(", ")}) threw ${String(e)}`);
          expect(["runtime", "limit"]).toContain(e.kind);
          expect(e.message).not.toMatch(/internal error/);
        }
      }),
      { numRuns: 10000 },
    );
  });
});
