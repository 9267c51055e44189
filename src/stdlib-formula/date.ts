// Date functions: TODAY NOW DATE YEAR MONTH DAY WEEKDAY ADD_DAYS ADD_MONTHS EOMONTH
// DAYS_BETWEEN DATEDIF NETWORKDAYS PARSE_DATE FORMAT_DATE.
//
// Dates are ISO-8601 strings, in and out:
// - a date is "YYYY-MM-DD": a calendar day, in no time zone;
// - a date-time is "YYYY-MM-DDTHH:MM:SS±HH:MM" (milliseconds ".sss" only when not zero): an
//   instant, written in the library's time zone with that zone's offset at that instant.
// Accepted as arguments: a date; a date-time with an offset ("Z", "+02:00", "+0200", "+02"),
// read as that instant; a date-time without one ("2026-03-29T10:00" or with a space), read as
// a wall-clock time in the library's time zone. Hours 00–23, seconds 00–59, years 0001–9999.
// Functions that look at the calendar (YEAR, DAY, DAYS_BETWEEN…) see a date-time's date in
// the library's time zone.
//
// Calendar arithmetic is done on day numbers (proleptic Gregorian, exact integer formulas),
// never by looping over days; wall-clock times become instants through the zone's offsets
// (@date-fns/tz), moving forward across a DST gap and taking the earlier of two instants in
// an overlap. PARSE_DATE and FORMAT_DATE use date-fns with its format tokens (English names).

import { format as dfFormat, parse as dfParse, isValid } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { LRUCache } from "lru-cache";
import { UTCDate } from "@date-fns/utc";
import { fromByteString, toByteString } from "../vm/bytes.js";
import type { LuaState } from "../vm/state.js";
import type { LuaValue } from "../vm/value.js";
import type { DateContext, FunctionDef } from "./define.js";
import { argError, checkIntArg, checkList, checkText, eachItem, fault, itemError, optIntArg, shown, typeError } from "./values.js";
import { offsetAt, resolveZone, wallToInstant, type Zone } from "./zones.js";

export const DAY = 86400000;

// ------------------------------------------------------------------------------ calendar

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return [y, m, d];
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export const MIN_DAY = daysFromCivil(1, 1, 1);
export const MAX_DAY = daysFromCivil(9999, 12, 31);

function mod7(n: number): number {
  return ((n % 7) + 7) % 7;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (day 4 = 1970-01-05 was a Monday). */
export function isoWeekday(day: number): number {
  return mod7(day - 4) + 1;
}

/** Weekdays (Monday–Friday) among the days before `n`, counted from a fixed Monday (may be negative). */
function weekdaysBefore(n: number): number {
  const k = n - 4;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

// ------------------------------------------------------------------------------ values

/** A date argument: a calendar day, or an instant (a date-time). */
export type DateVal = { time: false; day: number } | { time: true; ms: number };

const ISO =
  /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d\d)(?::?(\d\d)(?::?(\d\d))?)?)?)?$/;

/** Parse an ISO date or date-time (see the module comment); undefined when it is not one. */
export function parseIso(s: string, zone: Zone): DateVal | undefined {
  if (s.length > 40) return undefined;
  const m = ISO.exec(s);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  const day = daysFromCivil(y, mo, d);
  if (m[4] === undefined) return { time: false, day };
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  const frac = m[7] === undefined ? 0 : Number((m[7] + "00").slice(0, 3));
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  const wall = day * DAY + ((h * 60 + mi) * 60 + sec) * 1000 + frac;
  let ms: number;
  if (m[8] !== undefined) ms = wall;
  else if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    const os = m[12] === undefined ? 0 : Number(m[12]);
    if (oh > 23 || om > 59 || os > 59) return undefined;
    ms = wall - (m[9] === "-" ? -1 : 1) * ((oh * 60 + om) * 60 + os) * 1000;
  } else ms = wallToInstant(zone, wall);
  return { time: true, ms };
}

/** The calendar day and time of day (ms) of a date value, seen in the zone. */
export function view(v: DateVal, zone: Zone): { day: number; tod: number } {
  if (!v.time) return { day: v.day, tod: 0 };
  const wall = v.ms + offsetAt(zone, v.ms);
  const day = Math.floor(wall / DAY);
  return { day, tod: wall - day * DAY };
}

function outOfRange(name: string): Error {
  return fault(`${name}: date out of range (years 1 to 9999)`);
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : "0".repeat(width - s.length) + s;
}

/** "YYYY-MM-DD" of a day number (an error naming `name` when outside years 1–9999). */
export function dayText(day: number, name: string): string {
  if (!(day >= MIN_DAY && day <= MAX_DAY)) throw outOfRange(name);
  const [y, m, d] = civilFromDays(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function offsetText(off: number): string {
  const sign = off < 0 ? "-" : "+";
  const a = Math.round(Math.abs(off) / 1000);
  const s = a % 60;
  return `${sign}${pad(Math.floor(a / 3600), 2)}:${pad(Math.floor((a % 3600) / 60), 2)}${s === 0 ? "" : ":" + pad(s, 2)}`;
}

/** An instant as "YYYY-MM-DDTHH:MM:SS[.sss]±HH:MM" in the zone. */
export function dateTimeText(ms: number, zone: Zone, name: string): string {
  const off = offsetAt(zone, ms);
  const wall = ms + off;
  const day = Math.floor(wall / DAY);
  let t = wall - day * DAY;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const clock = `${pad(Math.floor(t / 3600), 2)}:${pad(Math.floor((t % 3600) / 60), 2)}:${pad(t % 60, 2)}`;
  return `${dayText(day, name)}T${clock}${milli === 0 ? "" : "." + pad(milli, 3)}${offsetText(off)}`;
}

/** A date argument (see the module comment). */
export function checkDate(args: readonly LuaValue[], i: number, zone: Zone): DateVal {
  const v = args[i];
  if (typeof v !== "string") throw typeError(args, i, "date");
  const d = parseIso(v, zone);
  if (d === undefined) throw argError(i, `invalid date '${shown(v)}' (expected YYYY-MM-DD or an ISO date-time)`);
  inRange(d, zone, i);
  return d;
}

function inRange(d: DateVal, zone: Zone, i: number): void {
  if (!d.time) return;
  const day = view(d, zone).day;
  if (day < MIN_DAY || day > MAX_DAY) throw argError(i, "date out of range (years 1 to 9999)");
}

/** A value of the same kind as `v` (date or date-time) on another calendar day, same time of day. */
function sameKind(v: DateVal, day: number, tod: number, zone: Zone, name: string): string {
  if (!(day >= MIN_DAY && day <= MAX_DAY)) throw outOfRange(name);
  if (!v.time) return dayText(day, name);
  return dateTimeText(wallToInstant(zone, day * DAY + tod), zone, name);
}

function optZone(L: LuaState, args: readonly LuaValue[], i: number, def: Zone): Zone {
  const v = args[i];
  if (v === undefined) return def;
  if (typeof v !== "string") throw typeError(args, i, "string");
  L.charge(500); // resolving a name through Intl costs tens of microseconds (the same for every call: deterministic)
  const z = resolveZone(v);
  if (z === undefined) throw argError(i, `unknown time zone '${shown(v)}'`);
  return z;
}

/** Whole numbers of days/months beyond these cannot stay within years 1–9999. */
const MAX_DAYS = 3_700_000;
const MAX_MONTHS = 120_000;

// ------------------------------------------------------------------------------ date-fns formats

// date-fns's own tokenizer: escaped text in quotes, runs of one letter, single characters
const TOKENS = /[yYQqMLwIdDecihHKkms]o|(\w)\1*|''|'(''|[^'])+('|$)|./g;
const MAX_FORMAT = 256;

interface FormatInfo {
  /** Has time-of-day tokens (hours, minutes…). */
  time: boolean;
  /** Has an offset or a timestamp: the parsed result is an absolute instant. */
  absolute: boolean;
  /**
   * Only a year (not two-digit), a month and a day in digits, between separators: date-fns's
   * result then depends on the input alone (each of those setters resets the time of day and
   * the reference date's fields are all overwritten), so it can be remembered.
   */
  fixed: boolean;
}

const FIXED_TOKEN = /^(?:y|y{3,}|M{1,2}|d{1,2}|[^A-Za-z'])$/;

/** Check a date-fns format string; rejects YYYY/DD (week-year, day-of-year), a classic slip. */
function checkFormat(fmt: string, arg: number): FormatInfo {
  if (fmt.length > MAX_FORMAT) throw argError(arg, `format too long (at most ${MAX_FORMAT} bytes)`);
  const info: FormatInfo = { time: false, absolute: false, fixed: true };
  let ymd = 0;
  for (const token of fmt.match(TOKENS) ?? []) {
    const c = token[0]!;
    if (!FIXED_TOKEN.test(token)) info.fixed = false;
    else if (c === "y") ymd |= 1;
    else if (c === "M") ymd |= 2;
    else if (c === "d") ymd |= 4;
    if (c === "Y" || c === "D") {
      throw argError(arg, `invalid format token '${token}' (use yyyy for the year and dd for the day of the month)`);
    }
    if ("HhKkmsSaBbp".includes(c)) info.time = true;
    if ("XxtT".includes(c)) info.absolute = info.time = true;
  }
  if (ymd !== 7) info.fixed = false;
  return info;
}

/** A message from date-fns about a format, without anything it quoted from the input. */
function formatError(e: unknown, arg: number): unknown {
  if (!(e instanceof RangeError)) return e;
  const msg = e.message.split(";")[0]!.replace(/ to the input `[^]*$/, "");
  return argError(arg, `invalid format (${shown(msg, 100)})`);
}

const DF_OPTIONS = { useAdditionalWeekYearTokens: true, useAdditionalDayOfYearTokens: true } as const;

// ------------------------------------------------------------------------------ functions

type Make = (ctx: DateContext) => (L: LuaState, args: LuaValue[]) => LuaValue;

const today: Make = (ctx) => (L, args) => {
  const zone = optZone(L, args, 0, ctx.zone);
  const now = ctx.nowMs(L);
  return dayText(Math.floor((now + offsetAt(zone, now)) / DAY), "TODAY");
};

const now: Make = (ctx) => (L, args) => {
  const zone = optZone(L, args, 0, ctx.zone);
  const ms = Math.floor(ctx.nowMs(L) / 1000) * 1000;
  return dateTimeText(ms, zone, "NOW");
};

const date: Make = () => (_L, args) => {
  const y = checkIntArg(args, 0);
  const m = checkIntArg(args, 1);
  const d = checkIntArg(args, 2);
  if (Math.abs(y) > 100_000 || Math.abs(m) > 1_200_000 || Math.abs(d) > 40_000_000) throw outOfRange("DATE");
  const months = y * 12 + (m - 1);
  const y2 = Math.floor(months / 12);
  const m2 = months - y2 * 12 + 1;
  return dayText(daysFromCivil(y2, m2, 1) + d - 1, "DATE");
};

function part(pick: (day: number) => number): Make {
  return (ctx) => (_L, args) => pick(view(checkDate(args, 0, ctx.zone), ctx.zone).day);
}

const addDays: Make = (ctx) => (L, args) => {
  const v = checkDate(args, 0, ctx.zone);
  const n = checkIntArg(args, 1);
  if (Math.abs(n) > MAX_DAYS) throw outOfRange("ADD_DAYS");
  const { day, tod } = view(v, ctx.zone);
  L.charge(2);
  return sameKind(v, day + n, tod, ctx.zone, "ADD_DAYS");
};

/** Move a day by whole months, clamping to the month's end (Jan 31 + 1 month = Feb 28/29). */
function shiftMonths(day: number, n: number, endOfMonth: boolean): number {
  const [y, m, d] = civilFromDays(day);
  const months = y * 12 + (m - 1) + n;
  const y2 = Math.floor(months / 12);
  const m2 = months - y2 * 12 + 1;
  if (y2 < 1 || y2 > 9999) return NaN;
  const last = daysInMonth(y2, m2);
  return daysFromCivil(y2, m2, endOfMonth ? last : Math.min(d, last));
}

const addMonths: Make = (ctx) => (L, args) => {
  const v = checkDate(args, 0, ctx.zone);
  const n = checkIntArg(args, 1);
  if (Math.abs(n) > MAX_MONTHS) throw outOfRange("ADD_MONTHS");
  const { day, tod } = view(v, ctx.zone);
  L.charge(2);
  return sameKind(v, shiftMonths(day, n, false), tod, ctx.zone, "ADD_MONTHS");
};

const eomonth: Make = (ctx) => (_L, args) => {
  const v = checkDate(args, 0, ctx.zone);
  const n = optIntArg(args, 1, 0);
  if (Math.abs(n) > MAX_MONTHS) throw outOfRange("EOMONTH");
  return dayText(shiftMonths(view(v, ctx.zone).day, n, true), "EOMONTH");
};

const daysBetween: Make = (ctx) => (_L, args) => {
  const a = view(checkDate(args, 0, ctx.zone), ctx.zone).day;
  const b = view(checkDate(args, 1, ctx.zone), ctx.zone).day;
  return b - a;
};

const datedif: Make = (ctx) => (_L, args) => {
  const a = view(checkDate(args, 0, ctx.zone), ctx.zone).day;
  const b = view(checkDate(args, 1, ctx.zone), ctx.zone).day;
  const unit = checkText(args, 2);
  const u = unit.toUpperCase();
  if (u !== "Y" && u !== "M" && u !== "D") throw argError(2, `invalid option '${shown(unit)}' (use "Y", "M" or "D")`);
  if (a > b) throw fault("DATEDIF start date is after the end date");
  if (u === "D") return b - a;
  const [y1, m1, d1] = civilFromDays(a);
  const [y2, m2, d2] = civilFromDays(b);
  const months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  return u === "M" ? months : Math.floor(months / 12);
};

const networkdays: Make = (ctx) => (L, args) => {
  let a = view(checkDate(args, 0, ctx.zone), ctx.zone).day;
  let b = view(checkDate(args, 1, ctx.zone), ctx.zone).day;
  let sign = 1;
  if (a > b) {
    [a, b] = [b, a];
    sign = -1;
  }
  let count = weekdaysBefore(b + 1) - weekdaysBefore(a);
  const list = args[2] === undefined ? undefined : checkList(L, args, 2);
  if (list !== undefined) {
    const days: number[] = [];
    eachItem(L, list, (v, k) => {
      if (typeof v !== "string") throw itemError(L, 2, k, "date", v);
      L.charge(1);
      const d = parseIso(v, ctx.zone);
      if (d === undefined) throw argError(2, `list item ${k}: invalid date '${shown(v)}'`);
      const day = view(d, ctx.zone).day;
      if (day >= a && day <= b && isoWeekday(day) <= 5) days.push(day);
    });
    if (days.length > 0) {
      L.charge(days.length >> 2);
      const sorted = Int32Array.from(days).sort();
      let unique = 1;
      for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) unique++;
      count -= unique;
    }
  }
  return sign * count;
};

const MAX_PARSE = 256;

/** Parsed instants (ms, NaN when invalid) per fixed format and input, per library. */
const PARSE_CACHE_SIZE = 4096;

const parseDate: Make = (ctx) => {
  const parsed = new LRUCache<string, number>({ max: PARSE_CACHE_SIZE });
  return (L, args) => parseDateWith(ctx, parsed, L, args);
};

function parseDateWith(ctx: DateContext, parsed: LRUCache<string, number>, L: LuaState, args: LuaValue[]): LuaValue {
  const s = checkText(args, 0);
  if (s.length > MAX_PARSE) throw argError(0, `text too long (at most ${MAX_PARSE} bytes)`);
  const zone = ctx.zone;
  L.charge(16);
  if (args[1] === undefined) {
    let a = 0;
    let b = s.length;
    while (a < b && s.charCodeAt(a) <= 32) a++;
    while (b > a && s.charCodeAt(b - 1) <= 32) b--;
    const v = parseIso(s.slice(a, b), zone);
    if (v === undefined) return undefined;
    const day = view(v, zone).day;
    if (day < MIN_DAY || day > MAX_DAY) return undefined;
    return v.time ? dateTimeText(v.ms, zone, "PARSE_DATE") : dayText(v.day, "PARSE_DATE");
  }
  const fmt = checkText(args, 1);
  const info = checkFormat(fmt, 1);
  if (fmt === "") return undefined;
  L.charge(100 + (fmt.length >> 2));
  // parse in a UTC calendar with today's wall clock as the reference (for missing fields),
  // then read the fields as a wall-clock time of the library's zone
  const nowMs = ctx.nowMs(L);
  // UTCDate: a UTC calendar without Intl lookups (TZDate("UTC") asks Intl on every field)
  const ref = new UTCDate(nowMs + offsetAt(zone, nowMs));
  // (the clock is read and the work charged whether or not the result is remembered)
  const key = info.fixed ? fmt + "\u0000" + s : undefined;
  let t = key === undefined ? undefined : parsed.get(key);
  if (t === undefined) {
    let d: Date;
    try {
      d = dfParse(fromByteString(s), fromByteString(fmt), ref, DF_OPTIONS);
    } catch (e) {
      throw formatError(e, 1);
    }
    t = isValid(d) ? d.getTime() : NaN;
    if (key !== undefined) parsed.set(key, t);
  }
  if (t !== t) return undefined;
  if (info.absolute) {
    const day = Math.floor((t + offsetAt(zone, t)) / DAY);
    return day >= MIN_DAY && day <= MAX_DAY ? dateTimeText(t, zone, "PARSE_DATE") : undefined;
  }
  const day = Math.floor(t / DAY);
  if (day < MIN_DAY || day > MAX_DAY) return undefined;
  if (!info.time) return dayText(day, "PARSE_DATE");
  const ms = wallToInstant(zone, t);
  const seen = view({ time: true, ms }, zone).day;
  return seen >= MIN_DAY && seen <= MAX_DAY ? dateTimeText(ms, zone, "PARSE_DATE") : undefined;
}

const formatDate: Make = (ctx) => (L, args) => {
  const zone = ctx.zone;
  const v = checkDate(args, 0, zone);
  const fmt = checkText(args, 1);
  checkFormat(fmt, 1);
  if (fmt === "") return "";
  L.charge(100 + (fmt.length >> 2));
  const ms = v.time ? v.ms : wallToInstant(zone, v.day * DAY);
  let out: string;
  try {
    out = dfFormat(zone.fixed === 0 ? new UTCDate(ms) : new TZDate(ms, zone.name), fromByteString(fmt), DF_OPTIONS);
  } catch (e) {
    throw formatError(e, 1);
  }
  return toByteString(out);
};

// ------------------------------------------------------------------------------ catalogue

const DATE = { name: "date", type: "date" } as const;
const ZONE = { name: "time_zone", type: "string", optional: true, description: "An IANA time zone such as \"Europe/Berlin\" (default: the library's, UTC unless configured)." } as const;

export const DATE_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: "TODAY",
    category: "date",
    signature: { params: [ZONE], returns: "date" },
    description: "Today's date (\"YYYY-MM-DD\") in the library's time zone, or in the one given.",
    examples: [
      { formula: "TODAY()", result: "2026-03-29" },
      { formula: "TODAY('Asia/Tokyo')", result: "2026-03-30" },
    ],
    make: today,
  },
  {
    name: "NOW",
    category: "date",
    signature: { params: [ZONE], returns: "date" },
    description: "The current date and time to the second, as an ISO date-time with the zone's offset (\"2026-03-29T14:30:00+02:00\").",
    examples: [
      { formula: "NOW()", result: "2026-03-29T22:30:00+00:00" },
      { formula: "NOW('Europe/Berlin')", result: "2026-03-30T00:30:00+02:00" },
    ],
    make: now,
  },
  {
    name: "DATE",
    category: "date",
    signature: { params: [{ name: "year", type: "integer" }, { name: "month", type: "integer" }, { name: "day", type: "integer" }], returns: "date" },
    description: "The date of a year, month and day. Months and days beyond their range roll over as in spreadsheets (month 13 is January of the next year, day 0 the last day of the month before). Years 1 to 9999.",
    examples: [
      { formula: "DATE(2024, 2, 29)", result: "2024-02-29" },
      { formula: "DATE(2024, 13, 1)", result: "2025-01-01" },
      { formula: "DATE(2024, 3, 0)", result: "2024-02-29" },
      { formula: "DATE(2100, 2, 29)", result: "2100-03-01" },
    ],
    make: date,
  },
  {
    name: "YEAR",
    category: "date",
    signature: { params: [DATE], returns: "integer" },
    description: "The year of a date, 1 to 9999.",
    examples: [{ formula: "YEAR('2026-03-29')", result: 2026 }],
    make: part((d) => civilFromDays(d)[0]),
  },
  {
    name: "MONTH",
    category: "date",
    signature: { params: [DATE], returns: "integer" },
    description: "The month of a date, 1 (January) to 12.",
    examples: [{ formula: "MONTH('2026-03-29')", result: 3 }],
    make: part((d) => civilFromDays(d)[1]),
  },
  {
    name: "DAY",
    category: "date",
    signature: { params: [DATE], returns: "integer" },
    description: "The day of the month of a date, 1 to 31.",
    examples: [
      { formula: "DAY('2026-03-29')", result: 29 },
      { formula: "DAY('2026-03-29T23:30:00-05:00')", result: 30 },
    ],
    make: part((d) => civilFromDays(d)[2]),
  },
  {
    name: "WEEKDAY",
    category: "date",
    signature: { params: [DATE], returns: "integer" },
    description: "The day of the week as in ISO 8601: 1 = Monday … 7 = Sunday (not the spreadsheet default, where 1 is Sunday).",
    examples: [
      { formula: "WEEKDAY('2026-03-30')", result: 1 },
      { formula: "WEEKDAY('2026-03-29')", result: 7 },
    ],
    make: part(isoWeekday),
  },
  {
    name: "ADD_DAYS",
    category: "date",
    signature: { params: [DATE, { name: "days", type: "integer", description: "May be negative." }], returns: "date" },
    description: "The date that many calendar days later (earlier when negative). A date-time keeps its wall-clock time across DST changes.",
    examples: [
      { formula: "ADD_DAYS('2024-02-28', 1)", result: "2024-02-29" },
      { formula: "ADD_DAYS('2026-01-01', -1)", result: "2025-12-31" },
      { formula: "ADD_DAYS('2026-03-28T12:00:00+00:00', 1)", result: "2026-03-29T12:00:00+00:00" },
    ],
    make: addDays,
  },
  {
    name: "ADD_MONTHS",
    category: "date",
    signature: { params: [DATE, { name: "months", type: "integer", description: "May be negative." }], returns: "date" },
    description: "The same day that many months later (earlier when negative); a day past the end of the new month becomes its last day (Jan 31 + 1 month = Feb 28 or 29).",
    examples: [
      { formula: "ADD_MONTHS('2024-01-31', 1)", result: "2024-02-29" },
      { formula: "ADD_MONTHS('2025-01-31', 1)", result: "2025-02-28" },
      { formula: "ADD_MONTHS('2024-02-29', 12)", result: "2025-02-28" },
      { formula: "ADD_MONTHS('2026-05-15', -5)", result: "2025-12-15" },
    ],
    make: addMonths,
  },
  {
    name: "EOMONTH",
    category: "date",
    signature: { params: [DATE, { name: "months", type: "integer", optional: true, description: "Months to move first (default 0)." }], returns: "date" },
    description: "The last day of the month, that many months from the date's month.",
    examples: [
      { formula: "EOMONTH('2024-02-10')", result: "2024-02-29" },
      { formula: "EOMONTH('2026-01-15', 1)", result: "2026-02-28" },
      { formula: "EOMONTH('2026-01-15', -1)", result: "2025-12-31" },
    ],
    make: eomonth,
  },
  {
    name: "DAYS_BETWEEN",
    category: "date",
    signature: { params: [{ name: "start", type: "date" }, { name: "end", type: "date" }], returns: "integer" },
    description: "The number of calendar days from start to end (negative when end is earlier). Times of day are ignored.",
    examples: [
      { formula: "DAYS_BETWEEN('2024-01-01', '2024-12-31')", result: 365 },
      { formula: "DAYS_BETWEEN('2026-03-10', '2026-03-01')", result: -9 },
    ],
    make: daysBetween,
  },
  {
    name: "DATEDIF",
    category: "date",
    signature: {
      params: [{ name: "start", type: "date" }, { name: "end", type: "date" }, { name: "unit", type: "string", description: "\"Y\" complete years, \"M\" complete months, \"D\" days." }],
      returns: "integer",
    },
    description: "The difference between two dates in complete years, complete months or days, as the spreadsheet function. start after end is an error.",
    examples: [
      { formula: "DATEDIF('2020-02-29', '2026-02-28', 'Y')", result: 5 },
      { formula: "DATEDIF('2026-01-31', '2026-02-28', 'M')", result: 0 },
      { formula: "DATEDIF('2026-01-15', '2026-03-15', 'M')", result: 2 },
      { formula: "DATEDIF('2026-01-01', '2026-03-01', 'D')", result: 59 },
    ],
    make: datedif,
  },
  {
    name: "NETWORKDAYS",
    category: "date",
    signature: {
      params: [{ name: "start", type: "date" }, { name: "end", type: "date" }, { name: "holidays", type: "list", optional: true, description: "Dates not to count (those on a weekend do not matter)." }],
      returns: "integer",
    },
    description: "The number of working days (Monday to Friday) from start to end, both included, less the holidays; negative when end is before start.",
    examples: [
      { formula: "NETWORKDAYS('2026-03-02', '2026-03-13')", result: 10 },
      { formula: "NETWORKDAYS('2026-12-21', '2027-01-01', {'2026-12-25', '2027-01-01'})", result: 8 },
      { formula: "NETWORKDAYS('2026-03-08', '2026-03-02')", result: -5 },
    ],
    make: networkdays,
  },
  {
    name: "PARSE_DATE",
    category: "date",
    signature: {
      params: [
        { name: "text", type: "string", description: "At most 256 bytes." },
        { name: "format", type: "string", optional: true, description: "date-fns tokens, e.g. \"dd.MM.yyyy\" or \"MM/dd/yyyy HH:mm\"; default: an ISO date or date-time." },
      ],
      returns: "date",
    },
    description: "Reads a date (or a date-time, when the format has a time) from text; nil when the text is not a date in that format. Fields the format lacks come from today; times are wall-clock times in the library's time zone unless the format has an offset.",
    examples: [
      { formula: "PARSE_DATE('29.03.2026', 'dd.MM.yyyy')", result: "2026-03-29" },
      { formula: "PARSE_DATE('03/29/2026 14:05', 'MM/dd/yyyy HH:mm')", result: "2026-03-29T14:05:00+00:00" },
      { formula: "PARSE_DATE(' 2026-03-29 ')", result: "2026-03-29" },
      { formula: "PARSE_DATE('2026-02-30')", result: null },
      { formula: "PARSE_DATE('31.12.', 'dd.MM.')", result: "2026-12-31" },
    ],
    make: parseDate,
  },
  {
    name: "FORMAT_DATE",
    category: "date",
    signature: { params: [DATE, { name: "format", type: "string", description: "date-fns tokens (English names), at most 256 bytes; text in 'single quotes' is kept." }], returns: "string" },
    description: "A date as text in a format of date-fns tokens: yyyy year, MM month, MMMM month name, dd day, EEEE weekday name, HH:mm hours and minutes, xxx offset. YYYY and DD (week-year, day of year) are refused.",
    examples: [
      { formula: "FORMAT_DATE('2026-03-29', 'dd.MM.yyyy')", result: "29.03.2026" },
      { formula: "FORMAT_DATE('2026-03-29', 'EEEE, MMMM d')", result: "Sunday, March 29" },
      { formula: "FORMAT_DATE('2026-03-29T08:05:00+00:00', \"HH:mm 'UTC'\")", result: "08:05 UTC" },
    ],
    make: formatDate,
  },
];

