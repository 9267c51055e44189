// The trusted profile's extras: io.write and the clock/date part of os. Never in the sandbox.
// Output goes through a sink the host provides; nothing here touches Node APIs, so the
// library still runs in browsers.

import { LuaFault } from "../errors.js";
import { formatFloat, toInteger } from "../numconv.js";
import { LuaThread, type LuaState } from "../state.js";
import { LuaBuiltin, LuaClosure } from "../function.js";
import { LuaTable } from "../table.js";
import { rawChunkName } from "../load.js";
import { isInteger, isNumber, LuaFloat, type LuaValue } from "../value.js";
import { argError, checkInt, checkString, optString, typeError } from "./args.js";
import { builtin } from "./base.js";

export interface TrustedHost {
  /** Raw bytes (a byte string) written to standard output. */
  write(bytes: string): void;
  /** Variables os.getenv may read. */
  env?: Readonly<Record<string, string | undefined>>;
}

export function ioLibrary(host: TrustedHost): LuaTable {
  const io = new LuaTable();
  const stdout = new LuaTable();
  const fileMeta = new LuaTable();
  fileMeta.setStr("__name", "FILE*");
  fileMeta.setStr("__index", fileMeta);
  stdout.metatable = fileMeta;
  const writeArgs = (args: readonly LuaValue[], first: number): void => {
    // each argument is written before the next is checked, as C's g_write does
    for (let i = first; i < args.length; i++) {
      const v = args[i];
      if (typeof v === "string") host.write(v);
      else if (isInteger(v)) host.write(String(v));
      else if (typeof v === "number" || v instanceof LuaFloat) host.write(formatFloat(v, "g", 14));
      else throw typeError(args, i, "string");
    }
  };
  io.setStr("write", builtin("write", (_L, args) => {
    writeArgs(args, 0);
    return stdout;
  }));
  fileMeta.setStr("write", builtin("write", (_L, args) => {
    writeArgs(args, 1);
    return args[0];
  }));
  io.setStr("stdout", stdout);
  return io;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

interface Fields {
  year: number; month: number; day: number; hour: number; min: number; sec: number;
  wday: number; yday: number; utc: boolean; offsetMin: number; zone: string;
}

function fieldsOf(d: Date, utc: boolean): Fields {
  const year = utc ? d.getUTCFullYear() : d.getFullYear();
  const month = (utc ? d.getUTCMonth() : d.getMonth()) + 1;
  const day = utc ? d.getUTCDate() : d.getDate();
  const start = utc ? Date.UTC(year, 0, 1) : new Date(year, 0, 1).getTime();
  const today = utc ? Date.UTC(year, month - 1, day) : new Date(year, month - 1, day).getTime();
  return {
    year, month, day,
    hour: utc ? d.getUTCHours() : d.getHours(),
    min: utc ? d.getUTCMinutes() : d.getMinutes(),
    sec: utc ? d.getUTCSeconds() : d.getSeconds(),
    wday: utc ? d.getUTCDay() : d.getDay(),
    yday: Math.round((today - start) / 86400000) + 1,
    utc,
    offsetMin: utc ? 0 : -d.getTimezoneOffset(),
    zone: utc || d.getTimezoneOffset() === 0 ? "UTC" : "",
  };
}

/** Conversions lua5.3 accepts (LUA_STRFTIMEOPTIONS for C99): one char, or E/O plus one. */
const SINGLE_OPTIONS = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
const MODIFIED_OPTIONS = new Set(["Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om", "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy"]);

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** ISO 8601 week-based year and week number. */
function isoWeek(f: Fields): { year: number; week: number } {
  const isoWday = f.wday === 0 ? 7 : f.wday;
  const week = Math.floor((f.yday - isoWday + 10) / 7); // yday is 1-based
  const weeksIn = (y: number): number => {
    const jan1 = (new Date(Date.UTC(y, 0, 1)).getUTCDay() + 6) % 7; // Monday = 0
    return jan1 === 3 || (jan1 === 2 && isLeap(y)) ? 53 : 52;
  };
  if (week < 1) return { year: f.year - 1, week: weeksIn(f.year - 1) };
  if (week > weeksIn(f.year)) return { year: f.year + 1, week: 1 };
  return { year: f.year, week };
}

/** strftime in the C locale for one already-validated conversion (modifiers dropped). */
function convert(c: string, f: Fields): string {
  switch (c) {
    case "a": return WEEKDAYS[f.wday]!.slice(0, 3);
    case "A": return WEEKDAYS[f.wday]!;
    case "b": case "h": return MONTHS[f.month - 1]!.slice(0, 3);
    case "B": return MONTHS[f.month - 1]!;
    case "c": return strftime("%a %b %e %H:%M:%S %Y", f);
    case "C": return pad(Math.floor(f.year / 100));
    case "d": return pad(f.day);
    case "D": case "x": return strftime("%m/%d/%y", f);
    case "e": return String(f.day).padStart(2, " ");
    case "F": return strftime("%Y-%m-%d", f);
    case "g": return pad(isoWeek(f).year % 100);
    case "G": return String(isoWeek(f).year);
    case "H": return pad(f.hour);
    case "I": return pad(((f.hour + 11) % 12) + 1);
    case "j": return pad(f.yday, 3);
    case "m": return pad(f.month);
    case "M": return pad(f.min);
    case "n": return "\n";
    case "p": return f.hour < 12 ? "AM" : "PM";
    case "r": return strftime("%I:%M:%S %p", f);
    case "R": return strftime("%H:%M", f);
    case "S": return pad(f.sec);
    case "t": return "\t";
    case "T": case "X": return strftime("%H:%M:%S", f);
    case "u": return String(f.wday === 0 ? 7 : f.wday);
    case "U": return pad(Math.floor((f.yday - 1 + 7 - f.wday) / 7));
    case "V": return pad(isoWeek(f).week);
    case "w": return String(f.wday);
    case "W": return pad(Math.floor((f.yday - 1 + 7 - ((f.wday + 6) % 7)) / 7));
    case "y": return pad(f.year % 100);
    case "Y": return String(f.year);
    case "z": {
      const off = f.offsetMin;
      const a = Math.abs(off);
      return (off < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + pad(a % 60);
    }
    case "Z": return f.utc ? "GMT" : f.zone;
    default: return "%";
  }
}

function strftime(fmt: string, f: Fields): string {
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== "%") {
      out += ch;
      continue;
    }
    const c = fmt[i + 1] ?? "";
    if (c !== "" && SINGLE_OPTIONS.includes(c)) {
      out += convert(c, f);
      i += 1;
    } else if (MODIFIED_OPTIONS.has(fmt.slice(i + 1, i + 3))) {
      out += convert(fmt[i + 2]!, f);
      i += 2;
    } else {
      throw argError(0, `invalid conversion specifier '%${fmt.slice(i + 1)}'`);
    }
  }
  return out;
}

export function osLibrary(): LuaTable {
  const os = new LuaTable();
  const started = typeof performance !== "undefined" ? performance.now() : Date.now();
  os.setStr("time", builtin("time", (L: LuaState, args) => {
    const t = args[0];
    if (t === undefined) return Math.floor(Date.now() / 1000);
    if (!(t instanceof LuaTable)) throw typeError(args, 0, "table");
    const get = (k: string, def?: number): number => {
      const v = t.getStr(k);
      if (v === undefined) {
        if (def === undefined) throw new LuaFault(`field '${k}' missing in date table`);
        return def;
      }
      const n = toInteger(v);
      if (n === undefined) throw new LuaFault(`field '${k}' is not an integer`);
      return Number(n);
    };
    void L;
    const d = new Date(get("year"), get("month") - 1, get("day"), get("hour", 12), get("min", 0), get("sec", 0));
    return Math.floor(d.getTime() / 1000);
  }));
  os.setStr("clock", builtin("clock", () => {
    const now = typeof performance !== "undefined" ? performance.now() : Date.now();
    const secs = (now - started) / 1000;
    return Number.isInteger(secs) ? new LuaFloat(secs) : secs;
  }));
  os.setStr("date", builtin("date", (_L, args) => {
    let fmt = optString(args, 0, "%c");
    const time = args[1] === undefined ? Date.now() / 1000 : checkInt(args, 1);
    let utc = false;
    if (fmt.startsWith("!")) {
      utc = true;
      fmt = fmt.slice(1);
    }
    const f = fieldsOf(new Date(time * 1000), utc);
    if (fmt.startsWith("*t")) {
      const t = new LuaTable();
      t.setStr("year", f.year); t.setStr("month", f.month); t.setStr("day", f.day);
      t.setStr("hour", f.hour); t.setStr("min", f.min); t.setStr("sec", f.sec);
      t.setStr("wday", f.wday + 1); t.setStr("yday", f.yday); t.setStr("isdst", false);
      return t;
    }
    return strftime(fmt, f);
  }));
  return os;
}

/** os.getenv reads what the host chose to expose (nothing unless it passes an env). */
export function addGetenv(os: LuaTable, env: Readonly<Record<string, string | undefined>> | undefined): void {
  os.setStr("getenv", builtin("getenv", (_L, args) => {
    const name = checkString(args, 0);
    const v = env?.[name];
    return v === undefined ? undefined : v;
  }));
}

/** package.preload / package.loaded and a require that only reads them (no files, no C). */
export function packageLibrary(G: LuaTable): { pkg: LuaTable; require: LuaBuiltin } {
  const pkg = new LuaTable();
  const loaded = new LuaTable();
  const preload = new LuaTable();
  pkg.setStr("loaded", loaded);
  pkg.setStr("preload", preload);
  pkg.setStr("path", "");
  pkg.setStr("cpath", "");
  pkg.setStr("config", "/\n;\n?\n!\n-\n");
  loaded.setStr("_G", G);
  for (const name of ["string", "table", "math", "utf8", "coroutine", "io", "os", "debug"]) {
    const lib = G.getStr(name);
    if (lib !== undefined) loaded.setStr(name, lib);
  }
  loaded.setStr("package", pkg);
  const require = builtin("require", (L, args) => {
    const name = checkString(args, 0);
    const have = loaded.get(name);
    if (have !== undefined && have !== false) return have;
    const loader = preload.get(name);
    if (loader === undefined) {
      throw new LuaFault(`module '${name}' not found:\n\tno field package.preload['${name}']`);
    }
    const r = L.call(loader, [name, undefined])[0];
    if (r !== undefined) loaded.set(name, r);
    if (loaded.get(name) === undefined) loaded.set(name, true);
    return loaded.get(name);
  });
  return { pkg, require };
}

/** debug.traceback and debug.getinfo: read-only introspection for the trusted profile. */
export function debugLibrary(): LuaTable {
  const dbg = new LuaTable();
  dbg.setStr("traceback", builtin("traceback", (L, args) => {
    let i = 0;
    let th = L.th;
    if (args[0] instanceof LuaThread) {
      th = args[0];
      i = 1;
    }
    const msg = args[i];
    if (msg !== undefined && typeof msg !== "string" && !isNumber(msg)) return msg;
    // level 1 skips traceback itself; another thread is shown from its top
    const level = args[i + 1] === undefined ? (th === L.th ? 1 : 0) : checkInt(args, i + 1);
    const text = msg === undefined ? undefined : typeof msg === "string" ? msg : L.tostringRaw(msg);
    return L.traceback(text, level, th);
  }));
  dbg.setStr("getinfo", builtin("getinfo", (L, args) => {
    let i = 0;
    if (args[0] instanceof LuaThread) i = 1;
    const what = optString(args, i + 1, "flnSrtu");
    const target = args[i];
    const info = new LuaTable();
    let fn: LuaValue;
    let ci: { pc: number; cl: LuaClosure | null; tail: boolean } | undefined;
    let level = -1;
    if (typeof target === "number") {
      level = target;
      const idx = L.th.ciIdx - level;
      if (level < 0 || idx < 0) return undefined;
      const frame = L.th.cis[idx]!;
      ci = frame;
      fn = frame.cl ?? frame.fn ?? undefined;
    } else if (target instanceof LuaClosure || target instanceof LuaBuiltin) {
      fn = target;
    } else throw argError(i, "function or level expected");
    const p = fn instanceof LuaClosure ? fn.p : undefined;
    if (what.includes("S")) {
      const src = p ? p.source : "[C]";
      info.setStr("source", p ? rawChunkName(p) : "=[C]");
      info.setStr("short_src", src);
      info.setStr("linedefined", p ? p.linedefined : -1);
      info.setStr("lastlinedefined", p ? p.lastlinedefined : -1);
      info.setStr("what", !p ? "C" : p.linedefined === 0 ? "main" : "Lua");
    }
    if (what.includes("l")) {
      info.setStr("currentline", ci && p ? p.lineinfo[Math.max(0, ci.pc - 1)] ?? -1 : -1);
    }
    if (what.includes("u")) {
      info.setStr("nups", p ? p.upvalues.length : 0);
      info.setStr("nparams", p ? p.numparams : 0);
      info.setStr("isvararg", p ? p.isVararg : true);
    }
    if (what.includes("t")) info.setStr("istailcall", ci ? ci.tail : false);
    if (what.includes("n") && level >= 0) {
      const name = L.frameCallName(L.th.ciIdx - level);
      if (name) {
        info.setStr("name", name.name);
        info.setStr("namewhat", name.kind);
      } else info.setStr("namewhat", "");
    }
    if (what.includes("f")) info.setStr("func", fn);
    return info;
  }));
  return dbg;
}
