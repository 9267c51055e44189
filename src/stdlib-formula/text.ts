// Text functions: LEN UPPER LOWER TRIM LEFT RIGHT MID CONCAT SUBSTITUTE CONTAINS STARTS_WITH
// ENDS_WITH SPLIT JOIN TEXT.
//
// Text is UTF-8 (Lua strings are bytes): lengths and positions count characters (Unicode code
// points), never bytes. A byte that is not part of a valid UTF-8 sequence counts as one
// character and is kept as it is — nothing is replaced or lost. Numbers given as text read
// as CONCAT shows them (values.ts numberText).

import { fromByteString, toByteString } from "../vm/bytes.js";
import { reserveAlloc, SIZE } from "../vm/memory.js";
import type { LuaState } from "../vm/state.js";
import type { LuaValue } from "../vm/value.js";
import { isNumber } from "../vm/value.js";
import type { FunctionDef } from "./define.js";
import { decDigits, roundNumber } from "./decimal.js";
import {
  argError, bulk, checkIntArg, checkList, checkNum, checkText, eachItem, itemError, MAX_STRING, newList, numberText, optText,
  toF, typeError, work, type Num,
} from "./values.js";

// ------------------------------------------------------------------------------ UTF-8

const NON_ASCII = /[\x80-\xff]/;

/** Byte length of the character at byte i: a valid UTF-8 sequence, or 1 for a stray byte. */
export function charLen(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x80 || c < 0xc2 || c > 0xf4) return 1;
  const c1 = s.charCodeAt(i + 1); // NaN past the end: fails every test below
  if (c < 0xe0) return (c1 & 0xc0) === 0x80 ? 2 : 1;
  if (c < 0xf0) {
    if ((c1 & 0xc0) !== 0x80 || (c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 1;
    return (s.charCodeAt(i + 2) & 0xc0) === 0x80 ? 3 : 1;
  }
  if ((c1 & 0xc0) !== 0x80 || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 1;
  return (s.charCodeAt(i + 2) & 0xc0) === 0x80 && (s.charCodeAt(i + 3) & 0xc0) === 0x80 ? 4 : 1;
}

/** Number of characters in s. */
export function charCount(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i += charLen(s, i)) n++;
  return n;
}

/** Byte offset `n` characters after byte offset `from` (the end of s at most). */
function advance(s: string, from: number, n: number, ascii: boolean): number {
  if (ascii) return Math.min(s.length, from + n);
  let i = from;
  while (n > 0 && i < s.length) {
    i += charLen(s, i);
    n--;
  }
  return i;
}

/** Apply a case mapping to the valid UTF-8 runs of s; stray bytes stay as they are. */
function mapCase(L: LuaState, s: string, upper: boolean): string {
  bulk(L, s.length);
  if (!NON_ASCII.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  const conv = (a: number, b: number): string => {
    const text = fromByteString(s.slice(a, b));
    return toByteString(upper ? text.toUpperCase() : text.toLowerCase());
  };
  let out = "";
  let run = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    const n = charLen(s, i);
    if (n === 1 && c >= 0x80) {
      if (run < i) out += conv(run, i);
      out += s[i];
      run = i + 1;
    }
    i += n;
  }
  if (run < s.length) out += conv(run, s.length);
  if (out.length > s.length) reserveAlloc(out.length - s.length); // ß → SS and the like
  return out;
}

// ------------------------------------------------------------------------------ functions

function len(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  work(L, s.length);
  return charCount(s);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function trim(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  work(L, s.length);
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  const inner = a === 0 && b === s.length ? s : s.slice(a, b);
  const out = inner.includes("  ") ? inner.replace(/ {2,}/g, " ") : inner;
  bulk(L, out.length);
  return out;
}

function checkCount(args: LuaValue[], i: number, def: number): number {
  if (args[i] === undefined && def >= 0) return def;
  const n = checkIntArg(args, i);
  if (n < 0) throw argError(i, "count must not be negative");
  return n;
}

function left(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  const n = checkCount(args, 1, 1);
  const ascii = !NON_ASCII.test(s);
  const end = advance(s, 0, n, ascii);
  work(L, end);
  bulk(L, end);
  return s.slice(0, end);
}

function right(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  const n = checkCount(args, 1, 1);
  const ascii = !NON_ASCII.test(s);
  work(L, s.length);
  const total = ascii ? s.length : charCount(s);
  if (n >= total) return s;
  const start = advance(s, 0, total - n, ascii);
  bulk(L, s.length - start);
  return s.slice(start);
}

function mid(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  const start = checkIntArg(args, 1);
  if (start < 1) throw argError(1, "start must be 1 or more");
  const n = checkCount(args, 2, -1);
  const ascii = !NON_ASCII.test(s);
  const a = advance(s, 0, start - 1, ascii);
  const b = advance(s, a, n, ascii);
  work(L, b);
  bulk(L, b - a);
  return s.slice(a, b);
}

/** A value as CONCAT and JOIN show it; undefined when it has no text form. */
function piece(v: LuaValue): string | undefined {
  if (typeof v === "string") return v;
  if (isNumber(v)) return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return undefined;
}

function concat(L: LuaState, args: LuaValue[]): LuaValue {
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (v === undefined) continue;
    const p = piece(v);
    if (p === undefined) throw typeError(args, i, "string");
    parts.push(p);
    total += p.length;
  }
  bulk(L, total);
  return parts.join("");
}

function substitute(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  const old = checkText(args, 1);
  const rep = checkText(args, 2);
  let instance = 0;
  if (args[3] !== undefined) {
    instance = checkIntArg(args, 3);
    if (instance < 1) throw argError(3, "instance must be 1 or more");
  }
  work(L, s.length);
  if (old === "") return s;
  let found = 0;
  let at = -1;
  for (let i = s.indexOf(old); i >= 0; i = s.indexOf(old, i + old.length)) {
    found++;
    if (found === instance) {
      at = i;
      break;
    }
  }
  L.charge(found >> 4);
  if (instance > 0) {
    if (at < 0) return s;
    bulk(L, s.length - old.length + rep.length);
    return s.slice(0, at) + rep + s.slice(at + old.length);
  }
  if (found === 0) return s;
  const size = s.length + found * (rep.length - old.length);
  if (size > MAX_STRING) throw argError(0, "resulting text too large");
  bulk(L, size);
  return s.replaceAll(old, rep.replaceAll("$", "$$$$")); // "$$" is a literal "$" in a replacement
}

function contains(test: (s: string, part: string) => boolean) {
  return (L: LuaState, args: LuaValue[]): LuaValue => {
    const s = checkText(args, 0);
    const part = checkText(args, 1);
    work(L, s.length + part.length);
    return test(s, part);
  };
}

function split(L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  const sep = checkText(args, 1);
  work(L, s.length);
  if (s === "") return newList([]);
  let parts: string[];
  if (sep === "") {
    const n = charCount(s);
    if (n > 1 << 24) throw argError(0, "too many items");
    newListCost(L, n, s.length);
    parts = new Array<string>(n);
    for (let i = 0, k = 0; i < s.length; k++) {
      const c = charLen(s, i);
      parts[k] = s.slice(i, i + c);
      i += c;
    }
  } else {
    let n = 1;
    for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) n++;
    newListCost(L, n, s.length);
    parts = s.split(sep);
  }
  return newList(parts);
}

/** Charge and reserve a list of n strings holding `bytes` bytes in all. */
function newListCost(L: LuaState, n: number, bytes: number): void {
  L.charge(n >> 3);
  reserveAlloc(n * SIZE.string + bytes);
}

function join(L: LuaState, args: LuaValue[]): LuaValue {
  const t = checkList(L, args, 0);
  const sep = optText(args, 1, ", ");
  const parts: string[] = [];
  let total = 0;
  eachItem(L, t, (v, k) => {
    const p = piece(v);
    if (p === undefined) throw itemError(L, 0, k, "string", v);
    parts.push(p);
    total += p.length;
  });
  if (parts.length > 1) total += (parts.length - 1) * sep.length;
  if (total > MAX_STRING) throw argError(0, "resulting text too large");
  bulk(L, total);
  return parts.join(sep);
}

// ------------------------------------------------------------------------------ TEXT

interface NumberFormat {
  prefix: string;
  suffix: string;
  /** Minimum integer digits (0: "#.00" shows ".50"). */
  minInt: number;
  minDec: number;
  maxDec: number;
  group: boolean;
  percent: boolean;
}

const MAX_DECIMALS = 20;
const PATTERN = /[#0][#0,]*(?:\.[#0]*)?|\.[#0]+/;

function parseFormat(fmt: string, arg: number): NumberFormat {
  if (fmt.length > 64) throw argError(arg, "format too long (at most 64 bytes)");
  const m = PATTERN.exec(fmt);
  if (m === null) throw argError(arg, "invalid number format (use 0 # , . and %, e.g. \"#,##0.00\")");
  const pat = m[0];
  const dot = pat.indexOf(".");
  const intPart = dot < 0 ? pat : pat.slice(0, dot);
  const decPart = dot < 0 ? "" : pat.slice(dot + 1);
  if (decPart.length > MAX_DECIMALS) throw argError(arg, `too many decimals (at most ${MAX_DECIMALS})`);
  const prefix = fmt.slice(0, m.index);
  const suffix = fmt.slice(m.index + pat.length);
  return {
    prefix,
    suffix,
    minInt: intPart.split("0").length - 1,
    minDec: decPart.split("0").length - 1,
    maxDec: decPart.length,
    group: intPart.includes(","),
    percent: prefix.includes("%") || suffix.includes("%"),
  };
}

function groupThousands(int: string): string {
  if (int.length <= 3) return int;
  const head = int.length % 3;
  let out = head > 0 ? int.slice(0, head) : "";
  for (let i = head; i < int.length; i += 3) out += (out === "" ? "" : ",") + int.slice(i, i + 3);
  return out;
}

/** A number as text in a format (decimal rounding half away from zero, as ROUND). */
export function formatNumber(v: Num, f: NumberFormat): string {
  const x = toF(v);
  if (x !== x) return "nan";
  if (x === Infinity || x === -Infinity) return x > 0 ? "inf" : "-inf";
  const r = roundNumber(v, f.maxDec, "half", f.percent ? 2 : 0);
  const digits = decDigits(r, f.maxDec);
  let frac = digits.frac;
  let end = frac.length;
  while (end > f.minDec && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  let int = digits.int === "0" && f.minInt === 0 ? "" : digits.int;
  if (int.length < f.minInt) int = "0".repeat(f.minInt - int.length) + int;
  if (f.group) int = groupThousands(int);
  const neg = r.neg && r.m !== 0n;
  return (neg ? "-" : "") + f.prefix + int + (frac === "" ? "" : "." + frac) + f.suffix;
}

function text(L: LuaState, args: LuaValue[]): LuaValue {
  const v = checkNum(args, 0);
  const f = args[1];
  if (f === undefined) {
    if (args[2] !== undefined) throw typeError(args, 1, "number");
    return numberText(v);
  }
  let spec: NumberFormat;
  if (typeof f === "string") {
    if (args[2] !== undefined) throw argError(2, "thousands separator given with a format string");
    spec = parseFormat(f, 1);
  } else {
    if (!isNumber(f)) throw typeError(args, 1, "number or format string");
    const decimals = checkIntArg(args, 1);
    if (decimals < 0 || decimals > MAX_DECIMALS) throw argError(1, `decimals must be between 0 and ${MAX_DECIMALS}`);
    const g = args[2];
    if (g !== undefined && typeof g !== "boolean") throw typeError(args, 2, "boolean");
    spec = { prefix: "", suffix: "", minInt: 1, minDec: decimals, maxDec: decimals, group: g === true, percent: false };
  }
  const out = formatNumber(v, spec);
  L.charge(out.length >> 4);
  return out;
}

// ------------------------------------------------------------------------------ catalogue

const TEXT = { name: "text", type: "string" } as const;

export const TEXT_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: "LEN",
    category: "text",
    signature: { params: [TEXT], returns: "integer" },
    description: "The number of characters in the text (Unicode characters, not bytes).",
    examples: [
      { formula: "LEN('hello')", result: 5 },
      { formula: "LEN('Grüße')", result: 5 },
      { formula: "LEN('')", result: 0 },
    ],
    impl: len,
  },
  {
    name: "UPPER",
    category: "text",
    signature: { params: [TEXT], returns: "string" },
    description: "The text in capital letters (all alphabets, not only A–Z).",
    examples: [
      { formula: "UPPER('hello')", result: "HELLO" },
      { formula: "UPPER('straße')", result: "STRASSE" },
      { formula: "UPPER('élan')", result: "ÉLAN" },
    ],
    impl: (L, args) => mapCase(L, checkText(args, 0), true),
  },
  {
    name: "LOWER",
    category: "text",
    signature: { params: [TEXT], returns: "string" },
    description: "The text in small letters (all alphabets, not only A–Z).",
    examples: [
      { formula: "LOWER('Hello World')", result: "hello world" },
      { formula: "LOWER('ÀÉÎ')", result: "àéî" },
    ],
    impl: (L, args) => mapCase(L, checkText(args, 0), false),
  },
  {
    name: "TRIM",
    category: "text",
    signature: { params: [TEXT], returns: "string" },
    description: "Removes spaces, tabs and line breaks at both ends, and turns every run of spaces inside the text into a single space (as spreadsheets do).",
    examples: [
      { formula: "TRIM('  hello   world  ')", result: "hello world" },
      { formula: "TRIM('\\tx\\n')", result: "x" },
    ],
    impl: trim,
  },
  {
    name: "LEFT",
    category: "text",
    signature: { params: [TEXT, { name: "count", type: "integer", optional: true, description: "Characters to take (default 1)." }], returns: "string" },
    description: "The first characters of the text (the whole text when it is shorter).",
    examples: [
      { formula: "LEFT('Formula', 4)", result: "Form" },
      { formula: "LEFT('Ärger')", result: "Ä" },
      { formula: "LEFT('ab', 10)", result: "ab" },
    ],
    impl: left,
  },
  {
    name: "RIGHT",
    category: "text",
    signature: { params: [TEXT, { name: "count", type: "integer", optional: true, description: "Characters to take (default 1)." }], returns: "string" },
    description: "The last characters of the text (the whole text when it is shorter).",
    examples: [
      { formula: "RIGHT('Formula', 3)", result: "ula" },
      { formula: "RIGHT('naïve', 3)", result: "ïve" },
    ],
    impl: right,
  },
  {
    name: "MID",
    category: "text",
    signature: {
      params: [
        TEXT,
        { name: "start", type: "integer", description: "Position of the first character (1 is the first)." },
        { name: "count", type: "integer", description: "Number of characters." },
      ],
      returns: "string",
    },
    description: "count characters of the text from position start (1-based). Past the end gives what there is, or \"\".",
    examples: [
      { formula: "MID('spreadsheet', 7, 5)", result: "sheet" },
      { formula: "MID('Crème brûlée', 7, 6)", result: "brûlée" },
      { formula: "MID('abc', 5, 2)", result: "" },
    ],
    impl: mid,
  },
  {
    name: "CONCAT",
    category: "text",
    signature: { params: [{ name: "values", type: ["string", "number", "boolean"], variadic: true, optional: true }], returns: "string" },
    description: "The values joined into one text. Numbers read as Lua prints them but without a trailing \".0\" (3.0 reads \"3\", 0.1 + 0.2 reads \"0.3\"); booleans read true/false; nil is skipped. Use TEXT for a fixed number of decimals.",
    examples: [
      { formula: "CONCAT('Total: ', 42, ' EUR')", result: "Total: 42 EUR" },
      { formula: "CONCAT('x', nil, 'y')", result: "xy" },
      { formula: "CONCAT(1.5 * 2, '|', 0.1 + 0.2)", result: "3|0.3" },
    ],
    impl: concat,
  },
  {
    name: "SUBSTITUTE",
    category: "text",
    signature: {
      params: [
        TEXT,
        { name: "old", type: "string", description: "The text to replace (exact, case-sensitive; \"\" replaces nothing)." },
        { name: "new", type: "string" },
        { name: "instance", type: "integer", optional: true, description: "Replace only this occurrence (1 is the first); default all." },
      ],
      returns: "string",
    },
    description: "Replaces occurrences of old by new (plain text, no patterns).",
    examples: [
      { formula: "SUBSTITUTE('a-b-c', '-', '+')", result: "a+b+c" },
      { formula: "SUBSTITUTE('a-b-c', '-', '+', 2)", result: "a-b+c" },
      { formula: "SUBSTITUTE('100%', '%', ' percent')", result: "100 percent" },
    ],
    impl: substitute,
  },
  {
    name: "CONTAINS",
    category: "text",
    signature: { params: [TEXT, { name: "part", type: "string" }], returns: "boolean" },
    description: "Whether the text contains part (case-sensitive; compare LOWER(text) for a case-insensitive test).",
    examples: [
      { formula: "CONTAINS('invoice 2024', '2024')", result: true },
      { formula: "CONTAINS('Invoice', 'inv')", result: false },
    ],
    impl: contains((s, p) => s.includes(p)),
  },
  {
    name: "STARTS_WITH",
    category: "text",
    signature: { params: [TEXT, { name: "prefix", type: "string" }], returns: "boolean" },
    description: "Whether the text begins with prefix (case-sensitive).",
    examples: [{ formula: "STARTS_WITH('SKU-123', 'SKU-')", result: true }],
    impl: contains((s, p) => s.startsWith(p)),
  },
  {
    name: "ENDS_WITH",
    category: "text",
    signature: { params: [TEXT, { name: "suffix", type: "string" }], returns: "boolean" },
    description: "Whether the text ends with suffix (case-sensitive).",
    examples: [{ formula: "ENDS_WITH('report.pdf', '.pdf')", result: true }],
    impl: contains((s, p) => s.endsWith(p)),
  },
  {
    name: "SPLIT",
    category: "text",
    signature: { params: [TEXT, { name: "separator", type: "string", description: "Plain text (no patterns); \"\" splits into characters." }], returns: "list" },
    description: "The pieces of the text between separators, as a list. Empty text gives an empty list; JOIN(SPLIT(t, s), s) gives t back.",
    examples: [
      { formula: "SPLIT('a,b,,c', ',')", result: ["a", "b", "", "c"] },
      { formula: "SPLIT('äbc', '')", result: ["ä", "b", "c"] },
      { formula: "#SPLIT('', ',')", result: 0 },
      { formula: "SUM(SPLIT('1;2;3', ';'))", result: 6 },
    ],
    impl: split,
  },
  {
    name: "JOIN",
    category: "text",
    signature: { params: [{ name: "list", type: "list" }, { name: "separator", type: "string", optional: true, description: "Put between items (default \", \")." }], returns: "string" },
    description: "The list's items joined into one text, with the separator between them. Numbers and booleans read as in CONCAT; blanks are skipped.",
    examples: [
      { formula: "JOIN({'a', 'b', 'c'})", result: "a, b, c" },
      { formula: "JOIN({1, 2.5, 3}, ' | ')", result: "1 | 2.5 | 3" },
      { formula: "JOIN({}, '-')", result: "" },
    ],
    impl: join,
  },
  {
    name: "TEXT",
    category: "text",
    signature: {
      params: [
        { name: "number", type: "number" },
        { name: "format", type: ["integer", "string"], optional: true, description: "Decimals (0 to 20), or a format string such as \"#,##0.00\", \"0.0%\" or \"$#,##0\". Without it, the number reads as in CONCAT." },
        { name: "thousands", type: "boolean", optional: true, description: "With decimals: true to separate thousands with commas." },
      ],
      returns: "string",
    },
    description: "The number as text, rounded half away from zero on its decimal digits (TEXT(1.005, 2) is \"1.01\"). Format strings: 0 is a digit always shown, # a digit shown when needed, a comma in the integer part separates thousands, . is the decimal point, % multiplies by 100; any other text before or after is kept.",
    examples: [
      { formula: "TEXT(1.005, 2)", result: "1.01" },
      { formula: "TEXT(1234567.891, 2, true)", result: "1,234,567.89" },
      { formula: "TEXT(1234.5, '#,##0.00')", result: "1,234.50" },
      { formula: "TEXT(0.256, '0.0%')", result: "25.6%" },
      { formula: "TEXT(-4.5, '$#,##0')", result: "-$5" },
      { formula: "TEXT(2.5, '0.##')", result: "2.5" },
      { formula: "TEXT(7, '000')", result: "007" },
      { formula: "TEXT(3.0)", result: "3" },
    ],
    impl: text,
  },
];
