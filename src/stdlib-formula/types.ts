// The metadata vocabulary of the formula function catalogue. Plain JSON data: it drives the
// formula validator, editor completion and the generated docs (docs/formula-functions.md).

/**
 * Value types as formula authors see them:
 * - "number": an integer or a float; "integer": a whole number;
 * - "string": text (UTF-8); "boolean": true/false;
 * - "date": an ISO-8601 string, "YYYY-MM-DD" (a date) or "YYYY-MM-DDTHH:mm:ss±HH:MM" (a date-time);
 * - "list": a sequence table {a, b, c}; "record": a table with named fields {sku = "A"};
 * - "function": a Lua function (a predicate); "any": any value, nil included.
 */
export type FormulaType = "number" | "integer" | "string" | "boolean" | "date" | "list" | "record" | "function" | "any";

/** One type, or a choice of types (["integer", "string"]: an integer or a string). */
export type FormulaTypeSpec = FormulaType | readonly FormulaType[];

export interface FormulaParam {
  readonly name: string;
  readonly type: FormulaTypeSpec;
  /** May be left out (or nil). */
  readonly optional?: boolean;
  /** Takes all remaining arguments (zero or more when optional, else one or more). */
  readonly variadic?: boolean;
  /** What the parameter is for, and its default when optional. */
  readonly description?: string;
}

/** A JSON value (an example's expected result). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface FormulaExample {
  /** A formula expression, e.g. `ROUND(2.675, 2)`. */
  readonly formula: string;
  /** What it evaluates to, as JSON (nil is null). Absent when the example shows an error. */
  readonly result?: JsonValue;
  /** The error message (without the "input:1: " position) when the example shows an error. */
  readonly error?: string;
}

export type FormulaCategory = "math" | "text" | "date" | "logic";

export interface FormulaFunctionInfo {
  readonly name: string;
  readonly category: FormulaCategory;
  readonly signature: {
    readonly params: readonly FormulaParam[];
    readonly returns: FormulaTypeSpec;
  };
  /** One or two sentences for completion popups; the first sentence stands alone. */
  readonly description: string;
  /** Every example is evaluated by the tests (test/stdlib-formula/examples.test.ts). */
  readonly examples: readonly FormulaExample[];
}

export interface FormulaLibraryOptions {
  /** The clock TODAY and NOW read (default: the real time). */
  now?: () => Date;
  /** IANA time zone (or a fixed offset "+05:30") dates are seen in (default "UTC"). */
  timeZone?: string;
}
