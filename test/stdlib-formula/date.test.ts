// Date functions: ISO in and out, time zones across DST changes, leap years, month ends,
// ranges, the injectable clock, date-fns formats.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Lua, LuaError } from "../../src/index.js";
import { createFormulaLibrary, installFormulaLibrary } from "../../src/stdlib-formula/index.js";
import { civilFromDays, daysFromCivil, isoWeekday } from "../../src/stdlib-formula/date.js";
import { at, caught, err, f, formulaVM, luaType } from "./helpers.js";

const berlin = (now = "2026-03-29T12:00:00Z"): Lua => formulaVM(at(now, "Europe/Berlin"));
const newYork = (now = "2026-03-08T12:00:00Z"): Lua => formulaVM(at(now, "America/New_York"));
const utc = (now = "2026-03-29T22:30:00Z"): Lua => formulaVM(at(now, "UTC"));

describe("calendar arithmetic", () => {
  it("day numbers round-trip and match JS dates", () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [1, 1, 1], [9999, 12, 31], [1600, 3, 1], [2100, 2, 28]] as const) {
      const n = daysFromCivil(y, m, d);
      expect(civilFromDays(n)).toEqual([y, m, d]);
      const js = new Date(0);
      js.setUTCFullYear(y, m - 1, d);
      expect(n).toBe(Math.floor(js.getTime() / 86400000));
      expect(isoWeekday(n)).toBe(js.getUTCDay() === 0 ? 7 : js.getUTCDay());
    }
  });
});

describe("ISO in and out", () => {
  it("dates are YYYY-MM-DD, date-times keep their kind", () => {
    expect(f("ADD_DAYS('2026-03-29', 0)", utc())).toBe("2026-03-29");
    expect(f("ADD_DAYS('2026-03-29T10:00:00Z', 0)", utc())).toBe("2026-03-29T10:00:00+00:00");
    expect(f("ADD_DAYS('2026-03-29 10:00', 0)", utc())).toBe("2026-03-29T10:00:00+00:00");
    expect(f("ADD_DAYS('2026-03-29T10:00:00.5+0200', 1)", utc())).toBe("2026-03-30T08:00:00.500+00:00");
    expect(f("ADD_DAYS('2026-03-29T10:00+02', 0)", utc())).toBe("2026-03-29T08:00:00+00:00");
    expect(f("ADD_DAYS('2026-03-29t10:00:00,123456z', 0)", utc())).toBe("2026-03-29T10:00:00.123+00:00");
  });
  it("invalid dates and other types are argument errors", () => {
    for (const bad of ["2026-02-29", "2026-13-01", "2026-00-10", "26-03-29", "2026-3-29", "2026-03-29T24:00", "2026-03-29T10:60", "2026-03-29T10:00:60", "2026-03-29T10:00+24:00", "0000-01-01", " 2026-03-29", "2026-03-29x", ""]) {
      expect(err(`YEAR('${bad}')`)).toBe(`input:1: bad argument #1 to 'YEAR' (invalid date '${bad}' (expected YYYY-MM-DD or an ISO date-time))`);
    }
    expect(err("YEAR(20260329)")).toBe("input:1: bad argument #1 to 'YEAR' (date expected, got number)");
    expect(err("YEAR()")).toBe("input:1: bad argument #1 to 'YEAR' (date expected, got no value)");
    expect(err("MONTH(nil)")).toBe("input:1: bad argument #1 to 'MONTH' (date expected, got nil)");
    expect(err("DAYS_BETWEEN('2026-01-01', {})")).toBe("input:1: bad argument #2 to 'DAYS_BETWEEN' (date expected, got table)");
    expect(err(`YEAR('${"9".repeat(100)}')`)).toBe(`input:1: bad argument #1 to 'YEAR' (invalid date '${"9".repeat(40)}...' (expected YYYY-MM-DD or an ISO date-time))`);
  });
  it("a date-time whose date in the zone leaves years 1–9999 is refused", () => {
    expect(err("YEAR('9999-12-31T23:00:00-05:00')", utc())).toBe("input:1: bad argument #1 to 'YEAR' (date out of range (years 1 to 9999))");
    expect(f("YEAR('9999-12-31T23:00:00-05:00')", formulaVM(at("2026-01-01T00:00:00Z", "America/New_York")))).toBe(9999);
  });
});

describe("TODAY and NOW", () => {
  it("read the injected clock in the configured zone", () => {
    expect(f("TODAY()", utc())).toBe("2026-03-29");
    expect(f("NOW()", utc("2026-03-29T22:30:45.678Z"))).toBe("2026-03-29T22:30:45+00:00"); // to the second
    expect(f("TODAY()", berlin("2026-03-28T23:30:00Z"))).toBe("2026-03-29");
    expect(f("TODAY('UTC')", berlin("2026-03-28T23:30:00Z"))).toBe("2026-03-28");
    expect(f("NOW('Asia/Kolkata')", utc())).toBe("2026-03-30T04:00:00+05:30");
    expect(f("NOW('+05:45')", utc())).toBe("2026-03-30T04:15:00+05:45");
    expect(f("NOW('europe/berlin')", utc())).toBe("2026-03-30T00:30:00+02:00");
  });
  it("Europe/Berlin: 2026-03-29 (02:00 → 03:00) and 2026-10-25 (03:00 → 02:00)", () => {
    expect(f("NOW()", berlin("2026-03-29T00:59:59Z"))).toBe("2026-03-29T01:59:59+01:00");
    expect(f("NOW()", berlin("2026-03-29T01:00:00Z"))).toBe("2026-03-29T03:00:00+02:00");
    expect(f("NOW()", berlin("2026-10-25T00:30:00Z"))).toBe("2026-10-25T02:30:00+02:00");
    expect(f("NOW()", berlin("2026-10-25T01:30:00Z"))).toBe("2026-10-25T02:30:00+01:00");
  });
  it("America/New_York: 2026-03-08 and 2026-11-01", () => {
    expect(f("NOW()", newYork("2026-03-08T06:59:59Z"))).toBe("2026-03-08T01:59:59-05:00");
    expect(f("NOW()", newYork("2026-03-08T07:00:00Z"))).toBe("2026-03-08T03:00:00-04:00");
    expect(f("NOW()", newYork("2026-11-01T05:30:00Z"))).toBe("2026-11-01T01:30:00-04:00");
    expect(f("NOW()", newYork("2026-11-01T06:30:00Z"))).toBe("2026-11-01T01:30:00-05:00");
    expect(f("TODAY()", newYork("2026-03-09T03:00:00Z"))).toBe("2026-03-08");
  });
  it("the default clock is real time", () => {
    const vm = installFormulaLibrary(Lua.create(), createFormulaLibrary());
    const before = Date.now();
    const now = vm.eval("return NOW()").values[0] as string;
    expect(Math.abs(Date.parse(now) - before)).toBeLessThan(5000);
    expect(vm.eval("return TODAY()").values[0]).toBe(new Date(Date.parse(now)).toISOString().slice(0, 10));
  });
  it("historic offsets with seconds render and read back", () => {
    const vm = berlin("1850-06-01T12:00:00Z");
    expect(f("NOW()", vm)).toBe("1850-06-01T12:53:28+00:53:28");
    expect(f("ADD_DAYS(NOW(), 0) == NOW()", vm)).toBe(true);
    expect(f("PARSE_DATE(NOW()) == NOW()", vm)).toBe(true);
  });
  it("a failing or broken clock", () => {
    const throwing = installFormulaLibrary(Lua.create(), createFormulaLibrary({ now: () => { throw new Error("clock down"); } }));
    const e = caught(() => throwing.eval("return TODAY()"));
    expect(e.kind).toBe("host");
    expect(e.message).toBe("input:1: host function 'now' failed: clock down");
    const invalid = installFormulaLibrary(Lua.create(), createFormulaLibrary({ now: () => new Date(NaN) }));
    expect(caught(() => invalid.eval("return NOW()")).message).toBe("input:1: the clock gave an invalid date");
    const far = installFormulaLibrary(Lua.create(), createFormulaLibrary({ now: () => new Date(8.64e15) }));
    expect(caught(() => far.eval("return TODAY()")).message).toBe("input:1: TODAY: date out of range (years 1 to 9999)");
    expect(far.eval("return YEAR('2026-01-01')").values[0]).toBe(2026); // only the clock's readers fail
  });
  it("unknown time zones", () => {
    for (const tz of ["Mars/Base", "constructor", "__proto__", "hasOwnProperty", "", "+25:00", "Europe/Berlin/x", "../../etc", "x".repeat(65)]) {
      expect(err(`TODAY('${tz}')`)).toBe(`input:1: bad argument #1 to 'TODAY' (unknown time zone '${tz.length > 40 ? tz.slice(0, 40) + "..." : tz}')`);
    }
    expect(err("NOW(5)")).toBe("input:1: bad argument #1 to 'NOW' (string expected, got number)");
    expect(() => createFormulaLibrary({ timeZone: "Mars/Base" })).toThrow(RangeError);
    expect(() => createFormulaLibrary({ timeZone: "constructor" })).toThrow("moonrule: unknown time zone 'constructor'");
    expect(() => createFormulaLibrary({ timeZone: 5 as unknown as string })).toThrow(RangeError);
    expect(() => createFormulaLibrary({ clock: Date.now } as never)).toThrow("moonrule: unknown formula library option 'clock'");
    expect(() => createFormulaLibrary({ now: 5 as never })).toThrow(TypeError);
  });
});

describe("DATE, YEAR, MONTH, DAY, WEEKDAY", () => {
  it("DATE rolls months and days over, as spreadsheets", () => {
    expect(f("DATE(2026, 1, 32)")).toBe("2026-02-01");
    expect(f("DATE(2026, 0, 1)")).toBe("2025-12-01");
    expect(f("DATE(2026, -11, 1)")).toBe("2025-01-01");
    expect(f("DATE(2026, 1, -364)")).toBe("2025-01-01");
    expect(f("DATE(2000, 2, 29)")).toBe("2000-02-29");
    expect(f("DATE(1, 1, 1)")).toBe("0001-01-01");
    expect(f("DATE(9999, 12, 31)")).toBe("9999-12-31");
    expect(f("DATE('2026', 3.0, 29)")).toBe("2026-03-29");
  });
  it("DATE out of range and bad arguments", () => {
    for (const args of ["1e15, 1, 1", "0, 12, 31", "10000, 1, 1", "9999, 12, 32", "2026, math.maxinteger, 1", "2026, 1, math.mininteger", "math.mininteger, 1, 1"]) {
      expect(err(`DATE(${args})`)).toBe("input:1: DATE: date out of range (years 1 to 9999)");
    }
    expect(err("DATE(2026, 1.5, 1)")).toBe("input:1: bad argument #2 to 'DATE' (number has no integer representation)");
    expect(err("DATE(2026, 1)")).toBe("input:1: bad argument #3 to 'DATE' (number expected, got no value)");
    expect(err("DATE(0/0, 1, 1)")).toBe("input:1: bad argument #1 to 'DATE' (number has no integer representation)");
  });
  it("parts of dates and date-times (seen in the zone)", () => {
    expect(f("YEAR('2026-12-31T23:30:00Z')", berlin())).toBe(2027);
    expect(f("MONTH('2026-03-31T22:30:00Z')", berlin())).toBe(4);
    expect(f("DAY('2026-03-28T23:30:00Z')", berlin())).toBe(29);
    expect(f("DAY('2026-03-29T01:30')", newYork())).toBe(29);
    expect(f("WEEKDAY('0001-01-01')")).toBe(1);
    expect(f("WEEKDAY('9999-12-31')")).toBe(5);
    expect(luaType("YEAR('2026-03-29')")).toBe("integer");
  });
});

describe("wall-clock times across DST", () => {
  it("a time in the spring gap moves forward; one in the autumn overlap is the earlier", () => {
    expect(f("ADD_DAYS('2026-03-29T02:30', 0)", berlin())).toBe("2026-03-29T03:30:00+02:00");
    expect(f("ADD_DAYS('2026-10-25T02:30', 0)", berlin())).toBe("2026-10-25T02:30:00+02:00");
    expect(f("ADD_DAYS('2026-03-08T02:30', 0)", newYork())).toBe("2026-03-08T03:30:00-04:00");
    expect(f("ADD_DAYS('2026-11-01T01:30', 0)", newYork())).toBe("2026-11-01T01:30:00-04:00");
  });
  it("ADD_DAYS keeps the wall-clock time", () => {
    expect(f("ADD_DAYS('2026-03-28T12:00:00+01:00', 1)", berlin())).toBe("2026-03-29T12:00:00+02:00");
    expect(f("ADD_DAYS('2026-03-30T12:00:00+02:00', -2)", berlin())).toBe("2026-03-28T12:00:00+01:00");
    expect(f("ADD_DAYS('2026-03-28T02:30:00+01:00', 1)", berlin())).toBe("2026-03-29T03:30:00+02:00");
    expect(f("ADD_DAYS('2026-10-24T02:30:00+02:00', 1)", berlin())).toBe("2026-10-25T02:30:00+02:00");
    expect(f("ADD_DAYS('2026-10-24T12:00:00+02:00', 1)", berlin())).toBe("2026-10-25T12:00:00+01:00");
    expect(f("ADD_DAYS('2026-03-07T12:00:00-05:00', 1)", newYork())).toBe("2026-03-08T12:00:00-04:00");
    expect(f("ADD_DAYS('2026-03-28', 1)", berlin())).toBe("2026-03-29"); // dates have no zone
  });
  it("ADD_MONTHS keeps the wall-clock time", () => {
    expect(f("ADD_MONTHS('2026-02-28T12:00:00+01:00', 1)", berlin())).toBe("2026-03-28T12:00:00+01:00");
    expect(f("ADD_MONTHS('2026-09-25T12:00:00+02:00', 1)", berlin())).toBe("2026-10-25T12:00:00+01:00");
    expect(f("ADD_MONTHS('2026-01-31T23:00:00-05:00', 1)", newYork())).toBe("2026-02-28T23:00:00-05:00");
  });
  it("calendar differences ignore the 23- and 25-hour days", () => {
    expect(f("DAYS_BETWEEN('2026-03-28T12:00:00+01:00', '2026-03-29T12:00:00+02:00')", berlin())).toBe(1);
    expect(f("DAYS_BETWEEN('2026-10-25T00:00', '2026-10-26T00:00')", berlin())).toBe(1);
    expect(f("DAYS_BETWEEN('2026-03-29T23:59', '2026-03-30T00:00')", berlin())).toBe(1);
  });
});

describe("month ends and leap years", () => {
  it("ADD_MONTHS clamps to the month's end", () => {
    expect(f("ADD_MONTHS('2026-01-31', 1)")).toBe("2026-02-28");
    expect(f("ADD_MONTHS('2024-01-31', 1)")).toBe("2024-02-29");
    expect(f("ADD_MONTHS('2026-03-31', -1)")).toBe("2026-02-28");
    expect(f("ADD_MONTHS('2026-05-31', 1)")).toBe("2026-06-30");
    expect(f("ADD_MONTHS('2026-12-31', 2)")).toBe("2027-02-28");
    expect(f("ADD_MONTHS('2024-02-29', 48)")).toBe("2028-02-29");
    expect(f("ADD_MONTHS('2096-02-29', 48)")).toBe("2100-02-28");
    expect(f("ADD_MONTHS('2026-01-15', 0)")).toBe("2026-01-15");
    expect(f("ADD_MONTHS('0001-01-31', 119987)")).toBe("9999-12-31");
  });
  it("EOMONTH", () => {
    expect(f("EOMONTH('2100-02-01')")).toBe("2100-02-28");
    expect(f("EOMONTH('2000-02-01')")).toBe("2000-02-29");
    expect(f("EOMONTH('2026-12-15', 2)")).toBe("2027-02-28");
    expect(f("EOMONTH('2026-03-29T23:30:00+02:00', 0)", berlin())).toBe("2026-03-31");
  });
  it("leap years: 2024 is, 2100 is not, 2000 is", () => {
    expect(f("DAYS_BETWEEN('2024-01-01', '2025-01-01')")).toBe(366);
    expect(f("DAYS_BETWEEN('2100-01-01', '2101-01-01')")).toBe(365);
    expect(f("DAYS_BETWEEN('2000-01-01', '2001-01-01')")).toBe(366);
    expect(f("PARSE_DATE('2100-02-29')")).toBeUndefined();
    expect(f("ADD_DAYS('2024-02-28', 2)")).toBe("2024-03-01");
    expect(f("ADD_DAYS('2100-02-28', 1)")).toBe("2100-03-01");
  });
  it("range limits", () => {
    expect(err("ADD_DAYS('9999-12-31', 1)")).toBe("input:1: ADD_DAYS: date out of range (years 1 to 9999)");
    expect(err("ADD_DAYS('0001-01-01', -1)")).toBe("input:1: ADD_DAYS: date out of range (years 1 to 9999)");
    expect(err("ADD_DAYS('2026-01-01', math.maxinteger)")).toBe("input:1: ADD_DAYS: date out of range (years 1 to 9999)");
    expect(err("ADD_DAYS('2026-01-01', 2^62)")).toBe("input:1: ADD_DAYS: date out of range (years 1 to 9999)");
    expect(err("ADD_MONTHS('2026-01-01', -1e9)")).toBe("input:1: ADD_MONTHS: date out of range (years 1 to 9999)");
    expect(err("ADD_MONTHS('9999-12-01', 1)")).toBe("input:1: ADD_MONTHS: date out of range (years 1 to 9999)");
    expect(err("EOMONTH('9999-12-01', 1)")).toBe("input:1: EOMONTH: date out of range (years 1 to 9999)");
    expect(err("ADD_DAYS('2026-01-01', 0.5)")).toBe("input:1: bad argument #2 to 'ADD_DAYS' (number has no integer representation)");
    expect(err("ADD_DAYS('9999-12-31T12:00', 1)", berlin())).toBe("input:1: ADD_DAYS: date out of range (years 1 to 9999)");
  });
});

describe("DATEDIF and NETWORKDAYS", () => {
  it("DATEDIF", () => {
    expect(f("DATEDIF('2024-02-29', '2025-02-28', 'Y')")).toBe(0);
    expect(f("DATEDIF('2024-02-29', '2028-02-29', 'y')")).toBe(4);
    expect(f("DATEDIF('2026-03-15', '2026-03-15', 'M')")).toBe(0);
    expect(f("DATEDIF('2026-01-31', '2026-03-31', 'M')")).toBe(2);
    expect(f("DATEDIF('0001-01-01', '9999-12-31', 'D')")).toBe(3652058);
    expect(err("DATEDIF('2026-03-02', '2026-03-01', 'D')")).toBe("input:1: DATEDIF start date is after the end date");
    expect(err("DATEDIF('2026-01-01', '2026-03-01', 'W')")).toBe("input:1: bad argument #3 to 'DATEDIF' (invalid option 'W' (use \"Y\", \"M\" or \"D\"))");
    expect(err("DATEDIF('2026-01-01', '2026-03-01')")).toBe("input:1: bad argument #3 to 'DATEDIF' (string expected, got no value)");
  });
  it("NETWORKDAYS is arithmetic: a 9999-year range is instant and exact", () => {
    const t0 = performance.now();
    expect(f("NETWORKDAYS('0001-01-01', '9999-12-31')")).toBe(2608615);
    expect(performance.now() - t0).toBeLessThan(100);
  });
  it("NETWORKDAYS agrees with counting day by day", () => {
    const vm = utc();
    const rnd = (n: number): number => Math.floor(Math.random() * n);
    for (let k = 0; k < 200; k++) {
      const a = daysFromCivil(2020, 1, 1) + rnd(3000);
      const b = a + rnd(60) - 20;
      let count = 0;
      for (let d = Math.min(a, b); d <= Math.max(a, b); d++) if (isoWeekday(d) <= 5) count++;
      if (a > b) count = -count;
      const text = (d: number): string => civilFromDays(d).map((x, i) => String(x).padStart(i === 0 ? 4 : 2, "0")).join("-");
      expect(f(`NETWORKDAYS('${text(a)}', '${text(b)}')`, vm)).toBe(count);
    }
  });
  it("holidays: duplicates, weekends and days outside the range do not count; blanks are skipped", () => {
    expect(f("NETWORKDAYS('2026-03-02', '2026-03-06', {'2026-03-03', '2026-03-03', nil, '2026-03-07', '2026-04-01'})")).toBe(4);
    expect(f("NETWORKDAYS('2026-03-06', '2026-03-02', {'2026-03-03'})")).toBe(-4);
    expect(f("NETWORKDAYS('2026-03-07', '2026-03-08')")).toBe(0);
    expect(f("NETWORKDAYS('2026-03-02', '2026-03-02')")).toBe(1);
    expect(err("NETWORKDAYS('2026-03-02', '2026-03-06', {'x'})")).toBe("input:1: bad argument #3 to 'NETWORKDAYS' (list item 1: invalid date 'x')");
    expect(err("NETWORKDAYS('2026-03-02', '2026-03-06', {1})")).toBe("input:1: bad argument #3 to 'NETWORKDAYS' (list item 1: date expected, got number)");
    expect(err("NETWORKDAYS('2026-03-02', '2026-03-06', '2026-03-03')")).toBe("input:1: bad argument #3 to 'NETWORKDAYS' (list expected, got string)");
  });
});

describe("PARSE_DATE and FORMAT_DATE", () => {
  afterEach(() => vi.restoreAllMocks());

  it("PARSE_DATE without a format reads ISO, nil otherwise", () => {
    expect(f("PARSE_DATE('2026-03-29T10:00:00Z')", berlin())).toBe("2026-03-29T12:00:00+02:00");
    expect(f("PARSE_DATE('2026-03-29T10:00')", berlin())).toBe("2026-03-29T10:00:00+02:00");
    expect(f("PARSE_DATE('yesterday')")).toBeUndefined();
    expect(f("PARSE_DATE('')")).toBeUndefined();
    expect(f("PARSE_DATE('9999-12-31T23:00:00-05:00')")).toBeUndefined();
  });
  it("PARSE_DATE with date-fns formats", () => {
    const vm = berlin();
    expect(f("PARSE_DATE('29.03.2026 02:30', 'dd.MM.yyyy HH:mm')", vm)).toBe("2026-03-29T03:30:00+02:00");
    expect(f("PARSE_DATE('2026-03-29 10:00 +05:00', 'yyyy-MM-dd HH:mm XXX')", vm)).toBe("2026-03-29T07:00:00+02:00");
    expect(f("PARSE_DATE('3/9/26', 'M/d/yy')", vm)).toBe("2026-03-09");
    expect(f("PARSE_DATE('March 9, 2026', 'MMMM d, yyyy')", vm)).toBe("2026-03-09");
    expect(f("PARSE_DATE('0001-01-01', 'yyyy-MM-dd')", vm)).toBe("0001-01-01");
    expect(f("PARSE_DATE('0099-12-31', 'yyyy-MM-dd')", vm)).toBe("0099-12-31");
    expect(f("PARSE_DATE('10000-01-01', 'yyyy-MM-dd')", vm)).toBeUndefined();
    expect(f("PARSE_DATE('31.02.2026', 'dd.MM.yyyy')", vm)).toBeUndefined();
    expect(f("PARSE_DATE('Grüße 29.03.2026', \"'Grüße' dd.MM.yyyy\")", vm)).toBe("2026-03-29");
  });
  it("PARSE_DATE remembers fixed formats (year, month, day in digits) without changing a result", () => {
    // a fresh library (its own cache) for every call, against one library asked twice
    const fresh = (): Lua => formulaVM({ now: () => new Date("2026-03-29T12:00:00Z"), timeZone: "Europe/Berlin" });
    const shared = fresh();
    const digits = fc.stringMatching(/^[0-9]{1,5}$/);
    const input = fc.tuple(digits, fc.constantFrom("-", ".", "/", " ", "--", ""), digits, fc.constantFrom("-", ".", "/", " "), digits, fc.constantFrom("", " ", "x", "T10"))
      .map(([a, s1, b, s2, c, tail]) => a + s1 + b + s2 + c + tail);
    const formats = fc.constantFrom("yyyy-MM-dd", "dd.MM.yyyy", "M/d/yyyy", "y-M-d", "yyy MM dd", "d.M.y", "MM-dd-yyyy");
    fc.assert(
      fc.property(input, formats, (text, fmt) => {
        const expr = `PARSE_DATE(${JSON.stringify(text)}, ${JSON.stringify(fmt)})`;
        const first = f(expr, shared);
        expect(f(expr, shared)).toBe(first);
        expect(f(expr, fresh())).toBe(first);
      }),
      { numRuns: 600, seed: 3 },
    );
    // the clock is read on every call, remembered or not: a clock that fails still fails
    let calls = 0;
    const vm = formulaVM({ now: () => (++calls > 1 ? new Date(NaN) : new Date("2026-03-29T12:00:00Z")) });
    expect(f("PARSE_DATE('2026-03-29', 'yyyy-MM-dd')", vm)).toBe("2026-03-29");
    expect(() => f("PARSE_DATE('2026-03-29', 'yyyy-MM-dd')", vm)).toThrow("the clock gave an invalid date");
  });
  it("PARSE_DATE errors", () => {
    expect(err(`PARSE_DATE(string.rep('1', 257))`)).toBe("input:1: bad argument #1 to 'PARSE_DATE' (text too long (at most 256 bytes))");
    expect(err("PARSE_DATE('2026', 'YYYY')")).toBe("input:1: bad argument #2 to 'PARSE_DATE' (invalid format token 'YYYY' (use yyyy for the year and dd for the day of the month))");
    expect(err("PARSE_DATE('x', 'j')")).toBe("input:1: bad argument #2 to 'PARSE_DATE' (invalid format (Format string contains an unescaped latin alphabet character `j`))");
    expect(err("PARSE_DATE(nil)")).toBe("input:1: bad argument #1 to 'PARSE_DATE' (string expected, got nil)");
  });
  it("FORMAT_DATE in the zone", () => {
    const vm = berlin();
    expect(f("FORMAT_DATE('2026-03-29T01:00:00Z', 'yyyy-MM-dd HH:mm xxx')", vm)).toBe("2026-03-29 03:00 +02:00");
    expect(f("FORMAT_DATE('2026-03-29', 'yyyy-MM-dd HH:mm xxx')", vm)).toBe("2026-03-29 00:00 +01:00");
    expect(f("FORMAT_DATE('2026-10-25T00:30:00Z', 'HH:mm xxx')", vm)).toBe("02:30 +02:00");
    expect(f("FORMAT_DATE('2026-10-25T01:30:00Z', 'HH:mm xxx')", vm)).toBe("02:30 +01:00");
    expect(f("FORMAT_DATE('0001-01-01', 'yyyy-MM-dd EEEE')", vm)).toBe("0001-01-01 Monday");
    expect(f("FORMAT_DATE('2026-03-29', 'do MMMM, QQQ, II')")).toBe("29th March, Q1, 13");
    expect(f("FORMAT_DATE('2026-03-29', \"'Grüße' d\")")).toBe("Grüße 29");
  });
  it("FORMAT_DATE refuses week-year and day-of-year tokens, without writing to the console", () => {
    const warn = vi.spyOn(console, "warn");
    for (const token of ["YYYY", "YY", "Y", "DD", "D", "DDD"]) {
      expect(err(`FORMAT_DATE('2026-03-29', '${token}')`)).toBe(`input:1: bad argument #2 to 'FORMAT_DATE' (invalid format token '${token}' (use yyyy for the year and dd for the day of the month))`);
    }
    expect(f("FORMAT_DATE('2026-03-29', \"'YYYY-DD' yyyy\")")).toBe("YYYY-DD 2026");
    expect(warn).not.toHaveBeenCalled();
  });
  it("FORMAT_DATE errors", () => {
    expect(err("FORMAT_DATE('2026-03-29', 'yyyy-MM-dd j')")).toBe("input:1: bad argument #2 to 'FORMAT_DATE' (invalid format (Format string contains an unescaped latin alphabet character `j`))");
    expect(err("FORMAT_DATE('2026-03-29', string.rep('y', 257))")).toBe("input:1: bad argument #2 to 'FORMAT_DATE' (format too long (at most 256 bytes))");
    expect(err("FORMAT_DATE('2026-03-29')")).toBe("input:1: bad argument #2 to 'FORMAT_DATE' (string expected, got no value)");
    expect(caught(() => utc().eval("return FORMAT_DATE(1, 'y')"))).toBeInstanceOf(LuaError);
  });
});
