#!/usr/bin/env node
// moonrule benchmark harness.
//
//   node bench/run.mjs [--runs N] [--warmup N] [--filter NAME[,NAME...]] [--engines moonrule,fengari,lua5.3]
//                      [--timeout SECONDS] [--out FILE] [--lua PATH] [--moonrule MODULE.js]
//
// Every program in bench/programs/*.lua is run on each selected engine: one untimed
// warm-up run, then N timed runs; the median is reported. Each run executes in a fresh
// Lua state (created outside the timed region); the timed region is "compile + execute"
// of the chunk on every engine (compilation is a negligible part of these workloads).
//
//   moonrule  in-process, in a worker thread (fresh V8 heap per program, killable on
//             timeout), through `Lua.create().eval(source, { chunkName })` from dist/.
//   fengari   in-process, in a worker thread, through its C-like API.
//   wasmoon   in-process, in a worker thread: the reference C Lua (5.4) compiled to WebAssembly
//             (--engines …,wasmoon; its engine is created before the clock starts).
//   lua5.3    one subprocess per program; a wrapper chunk loads the file and times each
//             run with os.clock() *inside* the process, so process start is not counted.
//
// The checksum each program returns must agree across engines; a mismatch is reported
// loudly. Results are printed as a table and written to bench/results/latest.json.

import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import os from "node:os";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, "..");
const PROGRAMS_DIR = join(BENCH_DIR, "programs");
const DIST_INDEX = join(ROOT, "dist", "index.js");
const ALL_ENGINES = ["moonrule", "fengari", "lua5.3", "wasmoon", "moonrule-budget", "moonrule-jit", "moonrule-auto"];
const DEFAULT_ENGINES = ["moonrule", "fengari", "lua5.3"];

// ---------------------------------------------------------------------------------------
// Checksum canonicalisation: every engine's result becomes { type, text } where text is
// what Lua 5.3's tostring() would print, so results can be compared exactly.

/** Lua 5.3 tostring() of a float ("%.14g", plus ".0" when it looks like an integer). */
function luaFloatToString(x) {
  if (Number.isNaN(x)) return Object.is(x, NaN) ? "nan" : "-nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const exp = Number(x.toExponential(13).split("e")[1]);
  let s;
  if (exp < -4 || exp >= 14) {
    let [mant, e] = x.toExponential(13).split("e");
    if (mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    const sign = e[0] === "-" ? "-" : "+";
    const digits = e.replace(/^[+-]/, "").padStart(2, "0");
    s = `${mant}e${sign}${digits}`;
  } else {
    s = x.toFixed(Math.max(0, 13 - exp));
    if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  }
  return /^-?\d+$/.test(s) ? s + ".0" : s;
}

/** Canonical form of whatever moonrule's eval() put in values[0] (number, bigint, LuaFloat box...). */
function canonMoonrule(v) {
  if (v === undefined || v === null) return { type: "nil", text: "nil" };
  switch (typeof v) {
    case "boolean":
      return { type: "boolean", text: String(v) };
    case "bigint":
      return { type: "integer", text: String(v) };
    case "number":
      return Number.isInteger(v) && !Object.is(v, -0)
        ? { type: "integer", text: String(v) }
        : { type: "float", text: luaFloatToString(v) };
    case "string":
      return { type: "string", text: v };
    case "object": {
      // LuaFloat box ({ n: number }) for integral floats; anything else: be lenient.
      if (typeof v.n === "number") return { type: "float", text: luaFloatToString(v.n) };
      const n = Number(v);
      if (!Number.isNaN(n)) return { type: "number?", text: String(n) };
      return { type: "object", text: String(v) };
    }
    default:
      return { type: typeof v, text: String(v) };
  }
}

function numericValue(c) {
  if (c.type === "integer" || c.type === "float" || c.type === "number?") {
    const n = Number(c.text.replace(/^-?inf$/, (m) => (m[0] === "-" ? "-Infinity" : "Infinity")));
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Worker side: run one program on one JS engine (warm-up + N timed runs).

function makeGc() {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc");
    return typeof gc === "function" ? gc : () => {};
  } catch {
    return () => {};
  }
}

// "moonrule-budget" runs the same VM with every budget armed (instructions, memory, depth,
// deadline), to show what budget accounting costs; "moonrule" runs without budgets.
// "moonrule-jit" runs with the compiled tier eager (every function compiled to JavaScript),
// "moonrule-auto" with it on hot functions only (the default); "moonrule" has it off (the
// interpreter alone).
const BUDGET_ON = { instructions: 1e15, memoryBytes: 2 ** 40, depth: 1e6, timeoutMs: 3.6e6 };

async function loadEngine(engine, moonruleModule) {
  if (engine.startsWith("moonrule")) {
    if (!existsSync(moonruleModule)) {
      throw quietError(`${moonruleModule} not found (run \`npm run build\` first)`);
    }
    const mod = await import(pathToFileURL(moonruleModule).href);
    const Lua = mod.Lua;
    if (!Lua || typeof Lua.create !== "function") {
      throw quietError(`${moonruleModule} does not export Lua.create()`);
    }
    return {
      // trusted: the coroutine benchmark needs the coroutine library
      prepare: () =>
        Lua.create(
          engine === "moonrule-budget" ? { profile: "trusted", budget: BUDGET_ON, jit: "off" }
          : engine === "moonrule-jit" ? { profile: "trusted", jit: "eager" }
          : engine === "moonrule-auto" ? { profile: "trusted", jit: "auto" }
          : { profile: "trusted", jit: "off" },
        ),
      run: async (vmInstance, source, chunkName) => {
        let result = vmInstance.eval(source, { chunkName });
        if (result && typeof result.then === "function") result = await result; // tolerate an async eval
        const values = result && result.values;
        if (!values) throw new Error("eval() returned no `values`");
        return values[0];
      },
      canon: canonMoonrule,
    };
  }
  if (engine === "fengari") {
    const require = createRequire(import.meta.url);
    const fengari = require("fengari");
    const { lua, lauxlib, lualib, to_luastring, to_jsstring } = fengari;
    const sources = new Map(); // cache the byte conversion; it is not part of the timing
    return {
      prepare: () => {
        const L = lauxlib.luaL_newstate();
        lualib.luaL_openlibs(L);
        return L;
      },
      run: (L, source, chunkName) => {
        let bytes = sources.get(source);
        if (!bytes) sources.set(source, (bytes = to_luastring(source)));
        let status = lauxlib.luaL_loadbuffer(L, bytes, null, to_luastring("=" + chunkName));
        if (status === lua.LUA_OK) status = lua.lua_pcall(L, 0, 1, 0);
        if (status !== lua.LUA_OK) {
          const msg = lua.lua_tojsstring(L, -1);
          throw new Error(`fengari: ${msg}`);
        }
        let out;
        const t = lua.lua_type(L, -1);
        if (t === lua.LUA_TNUMBER) {
          out = lua.lua_isinteger(L, -1)
            ? { type: "integer", text: String(lua.lua_tointeger(L, -1)) }
            : { type: "float", text: luaFloatToString(lua.lua_tonumber(L, -1)) };
        } else if (t === lua.LUA_TNIL || t === lua.LUA_TNONE) {
          out = { type: "nil", text: "nil" };
        } else {
          const typeName = to_jsstring(lauxlib.luaL_typename(L, -1));
          out = { type: typeName, text: to_jsstring(lauxlib.luaL_tolstring(L, -1)) };
        }
        lua.lua_settop(L, 0);
        return out;
      },
      canon: (c) => c,
    };
  }
  if (engine === "wasmoon") {
    // the reference C Lua compiled to WebAssembly (wasmoon bundles Lua 5.4: a program using
    // what 5.4 removed fails there and is reported as such)
    const { LuaFactory } = await import("wasmoon");
    const factory = new LuaFactory();
    return {
      prepare: () => factory.createEngine(),
      run: async (engineInstance, source) => {
        try {
          return await engineInstance.doString(source);
        } finally {
          engineInstance.global.close();
        }
      },
      canon: (v) =>
        typeof v === "number"
          ? Number.isInteger(v) ? { type: "integer", text: String(v) } : { type: "float", text: luaFloatToString(v) }
          : v === undefined || v === null ? { type: "nil", text: "nil" } : { type: typeof v, text: String(v) },
    };
  }
  throw new Error(`unknown in-process engine ${engine}`);
}

async function workerMain({ engine, file, runs, warmup, moonruleModule }) {
  const source = readFileSync(file, "utf8");
  const chunkName = basename(file);
  const gc = makeGc();
  const res = { ok: false, timesMs: [], warmupMs: undefined, checksum: undefined, error: undefined };
  try {
    const eng = await loadEngine(engine, moonruleModule);
    for (let r = 0; r < warmup + runs; r++) {
      let state = eng.prepare();
      if (state instanceof Promise) state = await state; // (creating a wasmoon engine is async; not timed)
      gc();
      const t0 = performance.now();
      let value = eng.run(state, source, chunkName);
      if (value instanceof Promise) value = await value;
      const t1 = performance.now();
      const c = eng.canon(value);
      if (r === 0) {
        res.warmupMs = t1 - t0;
        res.checksum = c;
      } else {
        if (r >= warmup) res.timesMs.push(t1 - t0);
        if (c.text !== res.checksum.text || c.type !== res.checksum.type) {
          throw new Error(`result changed between runs: ${fmtChecksum(res.checksum)} then ${fmtChecksum(c)}`);
        }
      }
    }
    res.ok = true;
  } catch (e) {
    res.error = errorText(e);
  }
  parentPort.postMessage(res);
}

/** An error whose stack trace is not worth printing (an expected, self-explanatory condition). */
function quietError(message) {
  const e = new Error(message);
  e.quiet = true;
  return e;
}

function errorText(e) {
  if (e instanceof Error && e.quiet) return e.message;
  if (e instanceof Error) {
    const frames = (e.stack || "").split("\n").slice(1, 4).map((l) => l.trim());
    return `${e.name}: ${e.message}` + (frames.length ? `  [${frames.join(" | ")}]` : "");
  }
  return String(e);
}

function fmtChecksum(c) {
  if (!c) return "-";
  return c.type === "integer" || c.type === "string" ? c.text : `${c.text} (${c.type})`;
}

// ---------------------------------------------------------------------------------------
// Main side.

function runInWorker(engine, file, runs, warmup, timeoutMs, moonruleModule) {
  return new Promise((resolvePromise) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { engine, file, runs, warmup, moonruleModule },
      stdout: false,
      stderr: false,
    });
    let done = false;
    const finish = (res) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolvePromise(res);
    };
    const timer = setTimeout(() => {
      worker.terminate();
      finish({ ok: false, timesMs: [], error: `timeout: did not finish warm-up + ${runs} runs within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    worker.on("message", (res) => {
      finish(res);
      worker.terminate();
    });
    worker.on("error", (e) => finish({ ok: false, timesMs: [], error: errorText(e) }));
    worker.on("exit", (code) => finish({ ok: false, timesMs: [], error: `worker exited with code ${code}` }));
  });
}

// Runs inside lua5.3: loads the program from $MOONRULE_BENCH_FILE, does 1 + runs executions,
// each in a fresh load() after a full GC, timing load+call with os.clock() (CPU time of this
// single-threaded process, i.e. the wall time of the run when the CPU is not contended).
const LUA_WRAPPER = `
local path = os.getenv("MOONRULE_BENCH_FILE")
local runs = tonumber(os.getenv("MOONRULE_BENCH_RUNS")) + tonumber(os.getenv("MOONRULE_BENCH_WARMUP")) - 1
local name = os.getenv("MOONRULE_BENCH_NAME")
local fh = assert(io.open(path, "rb"))
local src = fh:read("a")
fh:close()
for r = 0, runs do
  collectgarbage("collect")
  local t0 = os.clock()
  local f, err = load(src, "=" .. name)
  if not f then io.stderr:write(err, "\\n") os.exit(2) end
  local ok, v = pcall(f)
  local t1 = os.clock()
  if not ok then io.stderr:write(tostring(v), "\\n") os.exit(3) end
  local ty = math.type(v) or type(v)
  io.write(r, "\\t", string.format("%.6f", (t1 - t0) * 1000), "\\t", ty, "\\t", tostring(v), "\\n")
end
`;

function runLua53(luaBin, file, runs, warmup, timeoutMs) {
  const res = { ok: false, timesMs: [], warmupMs: undefined, checksum: undefined, error: undefined };
  const p = spawnSync(luaBin, ["-e", LUA_WRAPPER], {
    encoding: "utf8",
    timeout: timeoutMs,
    env: {
      ...process.env,
      MOONRULE_BENCH_FILE: file,
      MOONRULE_BENCH_RUNS: String(runs),
      MOONRULE_BENCH_WARMUP: String(warmup),
      MOONRULE_BENCH_NAME: basename(file),
    },
  });
  if (p.error) {
    res.error = p.error.code === "ETIMEDOUT" ? `timeout after ${timeoutMs / 1000} s` : String(p.error.message);
    return res;
  }
  if (p.status !== 0) {
    res.error = `${luaBin} exited with ${p.status ?? p.signal}: ${p.stderr.trim()}`;
    return res;
  }
  for (const line of p.stdout.split("\n")) {
    if (!line) continue;
    const [r, ms, type, ...rest] = line.split("\t");
    const c = { type, text: rest.join("\t") };
    if (r === "0") {
      res.warmupMs = Number(ms);
      res.checksum = c;
    } else {
      if (Number(r) >= warmup) res.timesMs.push(Number(ms));
      if (c.text !== res.checksum.text) {
        res.error = `result changed between runs: ${fmtChecksum(res.checksum)} then ${fmtChecksum(c)}`;
        return res;
      }
    }
  }
  res.ok = res.timesMs.length === runs;
  if (!res.ok) res.error = `expected ${runs} timed runs, got ${res.timesMs.length}`;
  return res;
}

function median(xs) {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function geomean(xs) {
  const v = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (!v.length) return undefined;
  return Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / v.length);
}

function parseArgs(argv) {
  const opts = {
    runs: 3,
    warmup: 1,
    filter: [],
    engines: [...DEFAULT_ENGINES],
    timeoutSec: 300,
    out: join(BENCH_DIR, "results", "latest.json"),
    lua: "lua5.3",
    moonrule: DIST_INDEX,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const next = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case "--runs":
        opts.runs = Number.parseInt(next(), 10);
        if (!(opts.runs >= 1)) throw new Error("--runs must be a positive integer");
        break;
      case "--warmup":
        opts.warmup = Number.parseInt(next(), 10);
        if (!(opts.warmup >= 1)) throw new Error("--warmup must be a positive integer");
        break;
      case "--filter":
        opts.filter.push(...next().split(",").map((s) => s.trim()).filter(Boolean));
        break;
      case "--engines":
        opts.engines = next().split(",").map((s) => s.trim()).filter(Boolean);
        for (const e of opts.engines) {
          if (!ALL_ENGINES.includes(e)) throw new Error(`unknown engine "${e}" (known: ${ALL_ENGINES.join(", ")})`);
        }
        break;
      case "--timeout":
        opts.timeoutSec = Number(next());
        if (!(opts.timeoutSec > 0)) throw new Error("--timeout must be a positive number of seconds");
        break;
      case "--out":
        opts.out = resolve(next());
        break;
      case "--lua":
        opts.lua = next();
        break;
      case "--moonrule":
        opts.moonrule = resolve(next());
        break;
      case "-h":
      case "--help":
        console.log(
          "usage: node bench/run.mjs [--runs N] [--warmup N] [--filter NAME[,NAME]] [--engines moonrule,fengari,lua5.3]\n" +
            "                          [--timeout SECONDS] [--out FILE] [--lua PATH] [--moonrule MODULE.js]",
        );
        process.exit(0);
      default:
        throw new Error(`unknown argument ${a} (try --help)`);
    }
  }
  return opts;
}

const fmtMs = (r) => (r && r.ok ? median(r.timesMs).toFixed(1) : r ? "ERR" : "-");
const fmtRatio = (x) => (x === undefined ? "-" : x.toFixed(2) + "x");

function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`run.mjs: ${e.message}`);
    process.exit(2);
  }
  const files = readdirSync(PROGRAMS_DIR)
    .filter((f) => f.endsWith(".lua"))
    .sort()
    .filter((f) => !opts.filter.length || opts.filter.some((p) => f.replace(/\.lua$/, "").includes(p.replace(/\.lua$/, ""))))
    .map((f) => join(PROGRAMS_DIR, f));
  if (!files.length) {
    console.error("run.mjs: no programs match the filter");
    process.exit(2);
  }
  const engines = ALL_ENGINES.filter((e) => opts.engines.includes(e));
  const timeoutMs = opts.timeoutSec * 1000;
  console.error(
    `moonrule bench: ${files.length} program(s), engines ${engines.join(", ")}, ${opts.warmup} warm-up + ${opts.runs} timed run(s) each`,
  );

  const results = [];
  let mismatches = 0;
  for (const file of files) {
    const name = basename(file, ".lua");
    const row = { program: name, engines: {} };
    for (const engine of engines) {
      process.stderr.write(`  ${name.padEnd(10)} ${engine.padEnd(9)} ... `);
      const r = engine === "lua5.3" ? runLua53(opts.lua, file, opts.runs, opts.warmup, timeoutMs) : await runInWorker(engine, file, opts.runs, opts.warmup, timeoutMs, opts.moonrule);
      r.medianMs = r.ok ? median(r.timesMs) : undefined;
      row.engines[engine] = r;
      process.stderr.write(r.ok ? `${r.medianMs.toFixed(1)} ms  (checksum ${fmtChecksum(r.checksum)})\n` : `ERROR: ${r.error}\n`);
    }
    // checksum agreement among the engines that ran
    const got = Object.entries(row.engines).filter(([, r]) => r.ok);
    const distinct = new Set(got.map(([, r]) => `${r.checksum.type}:${r.checksum.text}`));
    row.checksumsAgree = distinct.size <= 1;
    row.checksum = got.length ? got[0][1].checksum.text : undefined;
    if (!row.checksumsAgree) {
      const nums = new Set(got.map(([, r]) => numericValue(r.checksum)));
      const onlySubtype = nums.size === 1 && !nums.has(undefined);
      mismatches++;
      const detail = got.map(([e, r]) => `${e}=${fmtChecksum(r.checksum)}`).join("  ");
      const banner = onlySubtype ? "CHECKSUM TYPE MISMATCH (same value, integer vs float)" : "CHECKSUM MISMATCH";
      console.error(`\n!!!!!!!!!! ${banner} in ${name}.lua: ${detail} !!!!!!!!!!\n`);
      row.mismatch = detail;
    }
    const ms = (e) => row.engines[e]?.medianMs;
    const ratio = (a, b) => (ms(a) !== undefined && ms(b) !== undefined ? ms(a) / ms(b) : undefined);
    row.ratios = {
      "moonrule/lua5.3": ratio("moonrule", "lua5.3"),
      "fengari/moonrule": ratio("fengari", "moonrule"),
      "fengari/lua5.3": ratio("fengari", "lua5.3"),
      "wasmoon/lua5.3": ratio("wasmoon", "lua5.3"),
      "moonrule-jit/wasmoon": ratio("moonrule-jit", "wasmoon"),
      "moonrule/wasmoon": ratio("moonrule", "wasmoon"),
      "moonrule-budget/moonrule": ratio("moonrule-budget", "moonrule"),
      "moonrule-jit/lua5.3": ratio("moonrule-jit", "lua5.3"),
      "moonrule-jit/moonrule": ratio("moonrule-jit", "moonrule"),
      "moonrule-auto/moonrule": ratio("moonrule-auto", "moonrule"),
      "moonrule-auto/lua5.3": ratio("moonrule-auto", "lua5.3"),
    };
    results.push(row);
  }

  // ---- report
  // show only the ratios whose two engines were both selected
  const ratioNames = ["moonrule/lua5.3", "fengari/moonrule", "fengari/lua5.3", "wasmoon/lua5.3", "moonrule/wasmoon", "moonrule-jit/wasmoon", "moonrule-budget/moonrule", "moonrule-jit/lua5.3", "moonrule-auto/lua5.3", "moonrule-jit/moonrule", "moonrule-auto/moonrule"].filter((k) =>
    k.split("/").every((e) => engines.includes(e)),
  );
  const headers = ["program", ...engines.map((e) => `${e} ms`), ...ratioNames, "checksum"];
  const rows = results.map((row) => [
    row.program,
    ...engines.map((e) => fmtMs(row.engines[e])),
    ...ratioNames.map((k) => fmtRatio(row.ratios[k])),
    row.checksumsAgree ? (row.checksum ?? "-") : "MISMATCH!",
  ]);
  const geo = Object.fromEntries(ratioNames.map((k) => [k, geomean(results.map((r) => r.ratios[k]))]));
  const geoCount = Object.fromEntries(
    ratioNames.map((k) => [k, results.filter((r) => Number.isFinite(r.ratios[k]) && r.ratios[k] > 0).length]),
  );
  if (ratioNames.length) rows.push(["geomean", ...engines.map(() => ""), ...ratioNames.map((k) => fmtRatio(geo[k])), ""]);
  console.log("");
  printTable(headers, rows);
  console.log(`\n(ms = median of ${opts.runs} timed run(s) after ${opts.warmup} warm-up(s); ratios > 1 mean the first engine is slower)`);

  const errors = results.flatMap((row) =>
    Object.entries(row.engines)
      .filter(([, r]) => !r.ok)
      .map(([e, r]) => `  ${row.program} / ${e}: ${r.error}`),
  );
  if (errors.length) console.log(`\nerrors:\n${errors.join("\n")}`);
  if (mismatches) console.log(`\n!!! ${mismatches} program(s) with CHECKSUM MISMATCH between engines — see above !!!`);

  // ---- JSON
  let luaVersion;
  try {
    const p = spawnSync(opts.lua, ["-v"], { encoding: "utf8" });
    luaVersion = (p.stdout || p.stderr || "").trim() || undefined;
  } catch {}
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model,
    cpus: os.cpus().length,
    lua: luaVersion,
    runs: opts.runs,
    warmup: opts.warmup,
    engines,
    programs: results,
    geomean: geo,
    geomeanCount: geoCount,
    mismatches,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(json, (_k, v) => (typeof v === "bigint" ? String(v) : v === undefined ? null : v), 2) + "\n");
  console.log(`\nresults written to ${opts.out}`);
  if (mismatches) process.exitCode = 1;
}

if (isMainThread) {
  await main();
} else {
  await workerMain(workerData);
}
