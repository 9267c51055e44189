// docs/formula-functions.md, rendered from the metadata (FORMULA_FUNCTIONS). The committed
// file is checked against this by test/stdlib-formula/docs.test.ts (UPDATE_DOCS=1 rewrites
// it); scripts/gen-formula-docs.mjs writes it from the built package.

import type { FormulaCategory, FormulaFunctionInfo, FormulaParam, FormulaTypeSpec, JsonValue } from "./types.js";

/** The clock and time zone the examples are evaluated with (the tests use the same). */
export const EXAMPLE_OPTIONS = { now: "2026-03-29T22:30:00Z", timeZone: "UTC" } as const;

const CATEGORY_TITLES: Record<FormulaCategory, string> = {
  math: "Math",
  text: "Text",
  date: "Dates",
  logic: "Logic and lists",
};

const INTRO = `# Formula functions

<!-- Generated from src/stdlib-formula (FORMULA_FUNCTIONS) by scripts/gen-formula-docs.mjs; do not edit.
     The tests check this file: UPDATE_DOCS=1 npx vitest run test/stdlib-formula/docs.test.ts -->

Formulas are Lua expressions with these functions as globals:
\`ROUND(price * qty * (1 - discount), 2)\`, \`IF(qty > 10, price * 0.95, price)\`.
Install them with \`installFormulaLibrary(vm)\` or pass \`createFormulaLibrary({ now, timeZone })\`
to whatever builds the formula environment. Every example below is evaluated by the tests
(with the clock at ${EXAMPLE_OPTIONS.now} and time zone ${EXAMPLE_OPTIONS.timeZone}).

## Conventions

**Blanks.** A missing value is \`nil\`. SUM, AVERAGE, COUNT, MIN and MAX take numbers and
lists of numbers (a list may hold lists, one level deep) and skip nil; SUM of nothing is 0,
COUNT of nothing 0, AVERAGE/MIN/MAX of nothing nil. Numeric text counts as a number
(\`"10"\` is 10, as in Lua arithmetic); other text is an error, except in COUNT, which just
does not count it. Every other function given nil for a required argument raises an
argument error. COALESCE picks the first value that is not nil.

**Lists and records.** A list is a table read by its positive integer keys in order: the
items of \`{a, b, c}\`, and the items after a nil too (\`{a, nil, c}\` is a, blank, c — Lua's
\`#\` would stop at the hole). A record is a table with named fields (\`{sku = "A1"}\`).
Tables are read raw: no metatable method (\`__index\`, \`__len\`, \`__eq\`…) ever runs.
Read-only fact tables from the host work like any other table.

**Numbers.** Integers and floats follow Lua: SUM of integers is an exact integer (a float if
it passes the 64-bit range, never a wrapped value), any float makes a float; AVERAGE,
PERCENT, PERCENT_OF and SQRT give floats; MIN, MAX, CLAMP and ABS give back one of their
arguments' kind. ROUND, ROUNDUP, ROUNDDOWN, FLOOR and CEILING give an integer whenever the
result is whole (\`ROUND(2.5)\` is the integer 3, \`ROUND(1.005, 2)\` the float 1.01).
Host JSON numbers arrive as integers when they are whole.

**Decimal arithmetic.** Numbers are handled by their decimal digits, not their binary
value. A float reads as the shortest decimal that converts back to it (what JavaScript
prints: 1.005, 0.1). SUM, AVERAGE and MOD are exact on those digits: \`SUM(0.1, 0.2)\` is 0.3
and \`MOD(5.3, 1)\` is 0.3. ROUND, ROUNDUP, ROUNDDOWN, FLOOR/CEILING with a significance and
TEXT leave a number alone when it has no more decimals than asked for, and otherwise round it
as a spreadsheet shows it — to 15 significant digits below 10^15 — so digits 16 and 17, which
only arithmetic leaves behind, never tip the result: \`ROUND(1.005, 2)\` is 1.01 and
\`ROUND(2.675, 2)\` 2.68 (both are stored slightly below the half), \`ROUNDUP(0.1 + 0.2, 1)\`
is 0.3 (the sum is stored as 0.30000000000000004). Halves round away from zero. Lua's own
operators (\`+\`, \`*\`, \`/\`) keep binary floats.

**Text.** Strings are UTF-8. Lengths and positions count characters (Unicode code points),
not bytes; a byte that is not valid UTF-8 counts as one character and is kept unchanged.
Numbers used as text read as CONCAT shows them: integers in full, floats with up to 14
significant digits and no trailing \`.0\` (\`3.0\` reads "3", \`0.1 + 0.2\` reads "0.3").

**Dates.** Dates are ISO-8601 strings. A *date* is \`"YYYY-MM-DD"\`, a calendar day in no
time zone. A *date-time* is \`"YYYY-MM-DDTHH:MM:SS±HH:MM"\` (with \`.sss\` milliseconds only
when not zero): an instant, written in the library's time zone (UTC unless configured) with
that zone's offset at that moment. Date arguments accept a date, a date-time with an offset
(\`Z\`, \`+02:00\`, \`+0200\`, \`+02\`) — that instant — or without one (\`2026-03-29T10:00\`,
a space instead of \`T\` works too) — a wall-clock time in the library's time zone. Years are
0001 to 9999. Functions that look at the calendar (YEAR, DAY, WEEKDAY, DAYS_BETWEEN,
DATEDIF, NETWORKDAYS, EOMONTH) take a date-time's date in the library's time zone. TODAY
gives a date, NOW a date-time to the second (both from the host's clock, injectable).
ADD_DAYS and ADD_MONTHS give back the kind they were given and keep a date-time's wall-clock
time across DST changes; a wall-clock time that does not exist (in the hour skipped in
spring) moves forward by the gap, and one that exists twice (in autumn) is the earlier.
WEEKDAY is ISO: 1 = Monday … 7 = Sunday. Working days are Monday to Friday. All of it is
arithmetic on day numbers: no function loops over days.

**IF evaluates both branches.** \`IF(cond, a, b)\` is a function call, so \`a\` and \`b\` are
both computed before IF chooses: \`IF(n >= 0, SQRT(n), 0)\` still calls SQRT(n), and fails,
when n is negative. To compute only one branch, write \`cond and a or b\` (correct when \`a\`
is never false or nil): \`n >= 0 and SQRT(n) or 0\`, or an if-block:
\`if n >= 0 then return SQRT(n) else return 0 end\`.

**Errors.** Arguments are checked as Lua's own libraries check them, and errors name the
formula's line and the function as called:
\`input:1: bad argument #1 to 'ROUND' (number expected, got string)\`. Domain errors read
\`input:1: SQRT of a negative number\`. Work is charged to the instruction budget in
proportion to the input (about one instruction per 16 bytes or items) and large results are
checked against the memory budget before they are built; TEXT takes at most 20 decimals,
PARSE_DATE at most 256 bytes of text, date formats at most 256 bytes.
`;

function typeText(t: FormulaTypeSpec, sep = "|"): string {
  return typeof t === "string" ? t : t.join(sep);
}

function paramText(p: FormulaParam): string {
  const core = `${p.variadic ? "..." : ""}${p.name}`;
  return p.optional ? `[${core}]` : core;
}

function signatureLine(f: FormulaFunctionInfo): string {
  return `${f.name}(${f.signature.params.map(paramText).join(", ")}) → ${typeText(f.signature.returns)}`;
}

/** A JSON result as Lua would write it. */
function luaText(v: JsonValue): string {
  if (v === null) return "nil";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `{${v.map(luaText).join(", ")}}`;
  const o = v as { readonly [key: string]: JsonValue };
  return `{${Object.keys(o).map((k) => `${k} = ${luaText(o[k]!)}`).join(", ")}}`;
}

function cell(s: string): string {
  return "`" + s.replace(/\|/g, "\\|") + "`";
}

function anchor(name: string): string {
  return name.toLowerCase();
}

/** The markdown of docs/formula-functions.md. */
export function renderFormulaDocs(functions: readonly FormulaFunctionInfo[]): string {
  const out: string[] = [INTRO];
  const categories = Object.keys(CATEGORY_TITLES) as FormulaCategory[];
  out.push("## Index\n");
  for (const c of categories) {
    const names = functions.filter((f) => f.category === c).map((f) => `[${f.name}](#${anchor(f.name)})`);
    out.push(`- **${CATEGORY_TITLES[c]}:** ${names.join(", ")}`);
  }
  out.push("");
  for (const c of categories) {
    out.push(`## ${CATEGORY_TITLES[c]}\n`);
    for (const f of functions.filter((x) => x.category === c)) {
      out.push(`### ${f.name}\n`);
      out.push("```\n" + signatureLine(f) + "\n```\n");
      out.push(f.description + "\n");
      const params = f.signature.params;
      if (params.length > 0) {
        out.push("| Parameter | Type | |");
        out.push("|---|---|---|");
        for (const p of params) {
          const kind = [p.optional ? "optional" : "", p.variadic ? "repeatable" : ""].filter((s) => s !== "").join(", ");
          const notes = (p.description ?? "") + (kind === "" ? "" : `${p.description ? " " : ""}(${kind})`);
          out.push(`| ${p.name} | ${typeText(p.type, " or ")} | ${notes.replace(/\|/g, "\\|")} |`);
        }
        out.push("");
      }
      out.push("| Formula | Result |");
      out.push("|---|---|");
      for (const e of f.examples) {
        const r = e.error !== undefined ? `error: ${e.error}` : luaText(e.result ?? null);
        out.push(`| ${cell(e.formula)} | ${cell(r)} |`);
      }
      out.push("");
    }
  }
  return out.join("\n");
}
