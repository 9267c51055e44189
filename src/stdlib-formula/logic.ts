// Logic and list functions: IF COALESCE IN ANY ALL LOOKUP.
//
// Truth is Lua's: only false and nil are false (0 and "" are true). Equality (IN, LOOKUP) is
// Lua's raw equality: 1 equals 1.0, text must match exactly, tables only themselves; no __eq
// metamethod runs. Lists are read raw (values.ts eachItem).

import type { LuaState } from "../vm/state.js";
import { LuaTable } from "../vm/table.js";
import type { LuaValue } from "../vm/value.js";
import { checkAny, checkFunction } from "../vm/lib/args.js";
import type { FunctionDef } from "./define.js";
import { checkList, data, eachItem, itemError, same, typeError } from "./values.js";

function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

function iff(_L: LuaState, args: LuaValue[]): LuaValue {
  checkAny(args, 1);
  return truthy(args[0]) ? args[1] : args[2];
}

function coalesce(_L: LuaState, args: LuaValue[]): LuaValue {
  for (let i = 0; i < args.length; i++) if (args[i] !== undefined) return args[i];
  return undefined;
}

/** Thrown out of eachItem to stop early (never escapes this module). */
const FOUND = { found: true };

function isIn(L: LuaState, args: LuaValue[]): LuaValue {
  checkAny(args, 0);
  const x = args[0];
  if (args.length === 2 && args[1] instanceof LuaTable) {
    const t = data(L, args[1]);
    try {
      eachItem(L, t, (v) => {
        if (same(x, v)) throw FOUND;
      });
    } catch (e) {
      if (e === FOUND) return true;
      throw e;
    }
    return false;
  }
  L.charge(args.length >> 4);
  for (let i = 1; i < args.length; i++) if (same(x, args[i])) return true;
  return false;
}

function quantifier(all: boolean) {
  return (L: LuaState, args: LuaValue[]): LuaValue => {
    const t = checkList(L, args, 0);
    const pred = args[1] === undefined ? undefined : checkFunction(args, 1);
    try {
      eachItem(L, t, (v, k) => {
        const ok = truthy(pred === undefined ? v : L.call1(pred, v, k));
        if (ok !== all) throw FOUND;
      });
    } catch (e) {
      if (e === FOUND) return !all;
      throw e;
    }
    return all;
  };
}

function lookup(L: LuaState, args: LuaValue[]): LuaValue {
  const t = checkList(L, args, 0);
  const field = args[1];
  if (field === undefined) throw typeError(args, 1, "field name");
  const value = checkAny(args, 2);
  const resultField = args[3];
  let hit: LuaTable | undefined;
  try {
    eachItem(L, t, (v, k) => {
      if (!(v instanceof LuaTable)) throw itemError(L, 0, k, "record", v);
      const r = data(L, v);
      if (same(r.get(field), value)) {
        hit = r;
        throw FOUND;
      }
    });
  } catch (e) {
    if (e !== FOUND) throw e;
  }
  if (hit === undefined) return undefined;
  return resultField === undefined ? hit : hit.get(resultField);
}

export const LOGIC_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: "IF",
    category: "logic",
    signature: {
      params: [
        { name: "condition", type: "any", description: "Only false and nil are false; 0 and \"\" are true." },
        { name: "then", type: "any" },
        { name: "else", type: "any", optional: true, description: "Default nil." },
      ],
      returns: "any",
    },
    description: "then when the condition is true, else otherwise. Being a function, IF evaluates both branches before choosing; to evaluate only one (to avoid an error or costly work in the other), write `condition and a or b` (when a is never false or nil) or an if-block.",
    examples: [
      { formula: "IF(12 > 10, 'bulk', 'single')", result: "bulk" },
      { formula: "IF(nil, 1, 2)", result: 2 },
      { formula: "IF(0, 'zero is true', 'no')", result: "zero is true" },
      { formula: "IF(false, 1)", result: null },
    ],
    impl: iff,
    scalar: true,
  },
  {
    name: "COALESCE",
    category: "logic",
    signature: { params: [{ name: "values", type: "any", variadic: true, optional: true }], returns: "any" },
    description: "The first value that is not nil (false counts as a value); nil when all are nil.",
    examples: [
      { formula: "COALESCE(nil, 0, 5)", result: 0 },
      { formula: "COALESCE(nil, nil)", result: null },
      { formula: "COALESCE(AVERAGE({}), 0)", result: 0 },
    ],
    impl: coalesce,
    scalar: true,
  },
  {
    name: "IN",
    category: "logic",
    signature: {
      params: [
        { name: "value", type: "any" },
        { name: "candidates", type: "any", variadic: true, optional: true, description: "Values to compare with, or one list of them." },
      ],
      returns: "boolean",
    },
    description: "Whether the value equals one of the candidates, given one by one or as a single list. 1 equals 1.0; text must match exactly.",
    examples: [
      { formula: "IN('DE', 'AT', 'DE', 'CH')", result: true },
      { formula: "IN(3, {1, 2, 3})", result: true },
      { formula: "IN(2, {1.0, 2.0})", result: true },
      { formula: "IN('de', {'DE'})", result: false },
    ],
    impl: isIn,
  },
  {
    name: "ANY",
    category: "logic",
    signature: {
      params: [
        { name: "list", type: "list" },
        { name: "predicate", type: "function", optional: true, description: "Called with (item, index); its result is tested instead of the item." },
      ],
      returns: "boolean",
    },
    description: "Whether at least one item of the list is true (or makes the predicate true). Stops at the first; blanks are skipped; an empty list gives false.",
    examples: [
      { formula: "ANY({false, nil, true})", result: true },
      { formula: "ANY({1, 5, 12}, function(x) return x > 10 end)", result: true },
      { formula: "ANY({})", result: false },
    ],
    impl: quantifier(false),
  },
  {
    name: "ALL",
    category: "logic",
    signature: {
      params: [
        { name: "list", type: "list" },
        { name: "predicate", type: "function", optional: true, description: "Called with (item, index); its result is tested instead of the item." },
      ],
      returns: "boolean",
    },
    description: "Whether every item of the list is true (or makes the predicate true). Stops at the first that is not; blanks are skipped; an empty list gives true.",
    examples: [
      { formula: "ALL({true, 1, 'yes'})", result: true },
      { formula: "ALL({3, 8, 12}, function(x) return x > 5 end)", result: false },
      { formula: "ALL({})", result: true },
    ],
    impl: quantifier(true),
  },
  {
    name: "LOOKUP",
    category: "logic",
    signature: {
      params: [
        { name: "list", type: "list", description: "A list of records (tables)." },
        { name: "field", type: ["string", "integer"], description: "The field to compare." },
        { name: "value", type: "any" },
        { name: "result_field", type: ["string", "integer"], optional: true, description: "Return this field of the record instead of the record." },
      ],
      returns: "any",
    },
    description: "The first record of the list whose field equals the value — or that record's result_field; nil when none matches.",
    examples: [
      { formula: "LOOKUP({{sku = 'A1', price = 3}, {sku = 'B2', price = 5}}, 'sku', 'B2', 'price')", result: 5 },
      { formula: "LOOKUP({{id = 1, name = 'Ann'}, {id = 2, name = 'Bo'}}, 'id', 1)", result: { id: 1, name: "Ann" } },
      { formula: "LOOKUP({{id = 1}}, 'id', 9)", result: null },
    ],
    impl: lookup,
  },
];
