// The catalogue and the library table: metadata shape, sharing, freezing, installation.
import { describe, expect, it } from "vitest";
import { Lua, LuaTable } from "../../src/index.js";
import { LuaBuiltin } from "../../src/vm/function.js";
import { createFormulaLibrary, FORMULA_FUNCTIONS, installFormulaLibrary, type FormulaType } from "../../src/stdlib-formula/index.js";

const TYPES: FormulaType[] = ["number", "integer", "string", "boolean", "date", "list", "record", "function", "any"];

describe("FORMULA_FUNCTIONS", () => {
  it("is plain JSON, frozen, with unique upper-case names", () => {
    expect(JSON.parse(JSON.stringify(FORMULA_FUNCTIONS))).toEqual(FORMULA_FUNCTIONS);
    expect(Object.isFrozen(FORMULA_FUNCTIONS)).toBe(true);
    expect(Object.isFrozen(FORMULA_FUNCTIONS[0]!.signature.params)).toBe(true);
    const names = FORMULA_FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Z][A-Z_]*$/);
  });
  it("covers the required functions", () => {
    const required = [
      "SUM", "AVERAGE", "MIN", "MAX", "COUNT", "ROUND", "ROUNDUP", "ROUNDDOWN", "FLOOR", "CEILING", "ABS", "MOD", "POWER", "SQRT", "CLAMP", "PERCENT", "PERCENT_OF",
      "LEN", "UPPER", "LOWER", "TRIM", "LEFT", "RIGHT", "MID", "CONCAT", "SUBSTITUTE", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "SPLIT", "JOIN", "TEXT",
      "TODAY", "NOW", "DATE", "YEAR", "MONTH", "DAY", "WEEKDAY", "ADD_DAYS", "ADD_MONTHS", "EOMONTH", "DAYS_BETWEEN", "DATEDIF", "NETWORKDAYS", "PARSE_DATE", "FORMAT_DATE",
      "IF", "COALESCE", "IN", "ANY", "ALL", "LOOKUP",
    ];
    expect(FORMULA_FUNCTIONS.map((f) => f.name).sort()).toEqual([...required].sort());
  });
  it("signatures use the type vocabulary; optional and variadic parameters come last", () => {
    const okType = (t: unknown): boolean => (Array.isArray(t) ? t.every(okType) : TYPES.includes(t as FormulaType));
    for (const fn of FORMULA_FUNCTIONS) {
      expect(["math", "text", "date", "logic"]).toContain(fn.category);
      expect(okType(fn.signature.returns), fn.name).toBe(true);
      expect(fn.description.length, fn.name).toBeGreaterThan(15);
      let optionalSeen = false;
      fn.signature.params.forEach((p, i) => {
        expect(okType(p.type), `${fn.name} ${p.name}`).toBe(true);
        if (p.variadic) expect(i, `${fn.name}: variadic last`).toBe(fn.signature.params.length - 1);
        if (optionalSeen) expect(p.optional, `${fn.name}: ${p.name} after an optional parameter`).toBe(true);
        if (p.optional) optionalSeen = true;
      });
    }
  });
  it("does not carry implementations", () => {
    for (const fn of FORMULA_FUNCTIONS) {
      expect(Object.keys(fn).sort()).toEqual(["category", "description", "examples", "name", "signature"]);
    }
  });
});

describe("createFormulaLibrary", () => {
  it("is a frozen table of builtins, one per catalogued function", () => {
    const lib = createFormulaLibrary();
    expect(lib).toBeInstanceOf(LuaTable);
    expect(lib.shared).toBe(true);
    expect(lib.keys().sort()).toEqual(FORMULA_FUNCTIONS.map((f) => f.name).sort());
    for (const k of lib.keys()) expect(lib.get(k)).toBeInstanceOf(LuaBuiltin);
    expect(() => lib.setStr("SUM", undefined)).toThrow("attempt to modify a read-only table");
  });
  it("is built once per options object; option-free builtins are shared by all", () => {
    const opts = { timeZone: "Europe/Berlin" };
    const a = createFormulaLibrary(opts);
    expect(createFormulaLibrary(opts)).toBe(a);
    expect(createFormulaLibrary()).toBe(createFormulaLibrary());
    const b = createFormulaLibrary({ timeZone: "Europe/Berlin" });
    expect(b).not.toBe(a);
    expect(b.getStr("ROUND")).toBe(a.getStr("ROUND"));
    expect(b.getStr("TODAY")).not.toBe(a.getStr("TODAY"));
  });
  it("installs as globals; a script cannot change the library for other VMs", () => {
    const lib = createFormulaLibrary();
    const vm1 = installFormulaLibrary(Lua.create(), lib);
    const vm2 = installFormulaLibrary(Lua.create(), lib);
    vm1.eval("ROUND = function() return 'hacked' end");
    expect(vm2.eval("return ROUND(1.5)").values[0]).toBe(2);
  });
  it("installing is cheap", () => {
    const lib = createFormulaLibrary();
    const vms = Array.from({ length: 200 }, () => Lua.create());
    const t0 = performance.now();
    for (const vm of vms) installFormulaLibrary(vm, lib);
    expect((performance.now() - t0) / vms.length).toBeLessThan(0.5); // ms per VM
  });
  it("no state is kept between calls or VMs", () => {
    const vm = installFormulaLibrary(Lua.create(), createFormulaLibrary());
    const first = vm.eval("return SPLIT('a,b', ',')").values[0];
    vm.eval("local t = SPLIT('a,b', ',') t[1] = 'changed'");
    expect(vm.eval("return SPLIT('a,b', ',')").values[0]).toEqual(first);
    expect(vm.eval("return SPLIT('a,b', ',') ~= SPLIT('a,b', ',')").values[0]).toBe(true); // fresh tables
  });
});
