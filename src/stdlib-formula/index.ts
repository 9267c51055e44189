// The formula function library: spreadsheet-like functions for formulas written by people who
// are not programmers — ROUND(price * qty * (1 - discount), 2), IF(qty > 10, a, b) — installed
// as globals of a sandboxed VM. Plain TypeScript with no Node imports (runs in browsers).
//
//   FORMULA_FUNCTIONS        metadata of every function (JSON): validator, completion, docs
//   createFormulaLibrary()   a frozen table name → builtin (made once per options object)
//   installFormulaLibrary()  set them as a VM's globals
//
// Semantics (blanks, numbers, decimal rounding, UTF-8 text, ISO dates and time zones, errors
// and budgets) are described in docs/formula-functions.md, which is generated from the
// metadata (docs.ts), and in the comments of math.ts, text.ts, date.ts and logic.ts. In short:
// - nil is a blank: SUM/AVERAGE/COUNT/MIN/MAX skip it; elsewhere a missing argument is an error;
// - integers stay integers where Lua's would; rounding functions give integers when whole;
// - rounding works on decimal digits (ROUND(1.005, 2) = 1.01), halves away from zero;
// - text counts characters, not bytes; dates are "YYYY-MM-DD" or ISO date-times with offsets;
// - arguments are checked with lauxlib's wording; work is charged to the instruction budget
//   and big results to the memory budget; no metamethod of an argument ever runs;
// - the functions keep no state between calls or VMs.

export { FORMULA_FUNCTIONS, createFormulaLibrary, installFormulaLibrary } from "./library.js";
export { renderFormulaDocs, EXAMPLE_OPTIONS } from "./docs.js";
export type {
  FormulaCategory, FormulaExample, FormulaFunctionInfo, FormulaLibraryOptions, FormulaParam, FormulaType, FormulaTypeSpec, JsonValue,
} from "./types.js";
