// Logic and list functions: truth, equality, predicates, records, fact views.
import { describe, expect, it } from "vitest";
import { Lua } from "../../src/index.js";
import { err, f, formulaVM } from "./helpers.js";

describe("IF and COALESCE", () => {
  it("IF uses Lua truth and evaluates both branches", () => {
    expect(f("IF('', 'yes', 'no')")).toBe("yes");
    expect(f("IF(false, 1, nil)")).toBeUndefined();
    expect(err("IF(true, 1, SQRT(-1))")).toBe("input:1: SQRT of a negative number"); // both computed
    expect(f("true and 1 or SQRT(-1)")).toBe(1); // and/or short-circuit
    expect(err("IF()")).toBe("input:1: bad argument #2 to 'IF' (value expected)");
    expect(err("IF(true)")).toBe("input:1: bad argument #2 to 'IF' (value expected)");
  });
  it("COALESCE keeps false", () => {
    expect(f("COALESCE(nil, false, 1)")).toBe(false);
    expect(f("COALESCE()")).toBeUndefined();
  });
});

describe("IN", () => {
  it("varargs or one list; raw equality across subtypes", () => {
    expect(f("IN(1, 1.0)")).toBe(true);
    expect(f("IN(math.maxinteger, 2^63)")).toBe(false);
    expect(f("IN(0/0, 0/0)")).toBe(false);
    expect(f("IN('a')")).toBe(false);
    expect(f("IN(nil, {1, nil, 3})")).toBe(false);
    expect(f("IN(3, {1, nil, 3})")).toBe(true);
    expect(f("IN('x', 'a', nil, 'x')")).toBe(true);
    expect(f("(function() local t = {} return IN(t, t, 2) end)()")).toBe(true);
    expect(f("IN(2, {1}, 2)")).toBe(true); // more than one candidate: the table is a candidate
    expect(err("IN()")).toBe("input:1: bad argument #1 to 'IN' (value expected)");
  });
});

describe("ANY and ALL", () => {
  it("truthiness and predicates", () => {
    expect(f("ANY({false, false})")).toBe(false);
    expect(f("ALL({false})")).toBe(false);
    expect(f("ALL({1, nil, 2})")).toBe(true); // blanks are skipped
    expect(f("ANY({1, 2, 3}, function(x, i) return i == 3 end)")).toBe(true);
    expect(f("ALL({'a', 'bb'}, function(s) return #s < 3 end)")).toBe(true);
  });
  it("stop at the first decisive item", () => {
    const vm = formulaVM();
    expect(vm.eval("n = 0 local r = ANY({1, 2, 3, 4}, function(x) n = n + 1 return x == 2 end) return r, n").values).toEqual([true, 2]);
    expect(vm.eval("n = 0 local r = ALL({1, 2, 3, 4}, function(x) n = n + 1 return x < 2 end) return r, n").values).toEqual([false, 2]);
  });
  it("a predicate's error propagates; a predicate growing the list stays bounded", () => {
    expect(err("ANY({1}, function() error('boom') end)")).toBe("input:1: boom");
    const vm = formulaVM();
    expect(vm.eval("local t = {1, 2} return ALL(t, function(x) t[#t + 1] = x return true end), #t").values).toEqual([true, 4]);
  });
  it("errors", () => {
    expect(err("ANY('abc')")).toBe("input:1: bad argument #1 to 'ANY' (list expected, got string)");
    expect(err("ALL({}, 'f')")).toBe("input:1: bad argument #2 to 'ALL' (function expected, got string)");
  });
});

describe("LOOKUP", () => {
  it("finds the first match, its field, or nil", () => {
    const list = "{{k = 'a', v = 1}, {k = 'b', v = 2}, {k = 'b', v = 3}}";
    expect(f(`LOOKUP(${list}, 'k', 'b', 'v')`)).toBe(2);
    expect(f(`LOOKUP(${list}, 'k', 'c', 'v')`)).toBeUndefined();
    expect(f(`LOOKUP(${list}, 'k', 'a', 'missing')`)).toBeUndefined();
    expect(f("LOOKUP({{1, 'one'}, {2, 'two'}}, 1, 2.0, 2)")).toBe("two");
    expect(f("LOOKUP({{id = 1}, nil, {id = 2, x = 'y'}}, 'id', 2, 'x')")).toBe("y");
  });
  it("errors", () => {
    expect(err("LOOKUP({{k = 1}, 5}, 'k', 2)")).toBe("input:1: bad argument #1 to 'LOOKUP' (list item 2: record expected, got number)");
    expect(err("LOOKUP({}, nil, 1)")).toBe("input:1: bad argument #2 to 'LOOKUP' (field name expected, got nil)");
    expect(err("LOOKUP({}, 'k')")).toBe("input:1: bad argument #3 to 'LOOKUP' (value expected)");
    expect(err("LOOKUP(nil, 'k', 1)")).toBe("input:1: bad argument #1 to 'LOOKUP' (list expected, got nil)");
  });
});

describe("host facts are read like any table", () => {
  const facts = {
    items: [{ sku: "A", price: 2.5, qty: 4 }, { sku: "B", price: 10, qty: null }, { sku: "C", price: 1, qty: 3 }],
    prices: [1, null, 3],
    tags: ["x", "y"],
    when: "2026-03-29",
    holidays: ["2026-03-03"],
  };
  it("lazy fact views are filled, nulls are blanks", () => {
    const vm = formulaVM();
    const run = (src: string): unknown => vm.eval(`return ${src}`, { facts }).values[0];
    expect(run("SUM(fact.prices)")).toBe(4);
    expect(run("COUNT(fact.prices)")).toBe(2);
    expect(run("LOOKUP(fact.items, 'sku', 'C', 'qty')")).toBe(3);
    expect(run("LOOKUP(fact.items, 'sku', 'B').price")).toBe(10);
    expect(run("JOIN(fact.tags, '/')")).toBe("x/y");
    expect(run("IN('y', fact.tags)")).toBe(true);
    expect(run("ANY(fact.items, function(r) return r.qty == nil end)")).toBe(true);
    expect(run("NETWORKDAYS('2026-03-02', '2026-03-06', fact.holidays)")).toBe(4);
    expect(run("ADD_DAYS(fact.when, 1)")).toBe("2026-03-30");
    expect(run("SUM({fact.prices, 10})")).toBe(14);
  });
  it("globals passed per call work too", () => {
    const vm = formulaVM();
    expect(vm.eval("return ROUND(price * qty * (1 - discount), 2)", { globals: { price: 19.99, qty: 3, discount: 0.15 } }).values[0]).toBe(50.97);
    expect(vm.eval("return IF(qty > 10, price * 0.95, price)", { globals: { price: 10, qty: 12 } }).values[0]).toBe(9.5);
  });
  it("works in forks of a template", () => {
    const template = formulaVM();
    template.eval("VAT = 0.2");
    const fork = template.fork();
    expect(fork.eval("return ROUND(100 * (1 + VAT), 2)").values[0]).toBe(120);
    expect(Lua.create().eval("return ROUND == nil").values[0]).toBe(true); // nothing leaks into other VMs
  });
});
