// The moonrule command. `run` follows the lua5.3 standalone interpreter (lua.c): options,
// the `arg` table, output, exit status and `lua: msg` plus traceback on stderr.

import { evalCommand } from "./eval.js";
import { FormulaEngine } from "../formula/engine.js";
import { fromByteString, toByteString } from "../vm/bytes.js";
import { LuaError, rawMessage } from "../vm/errors.js";
import { errorObjectText } from "../vm/lib/base.js";
import { compileNamed } from "../vm/load.js";
import { Lua } from "../vm/lua.js";
import { LuaTable } from "../vm/table.js";
import { isNumber, LuaFloat, type LuaValue } from "../vm/value.js";
import type { Budget } from "../vm/budget.js";
import type { JitMode } from "../vm/jit-mode.js";
import { DEFAULT_TRACE_SIZE, formatTrace, Tracer } from "../vm/trace.js";
import { checkCommand } from "./check.js";
import { compileCommand, disasmCommand, loadChunkText } from "./compile.js";
import { isChunk } from "../vm/chunk.js";
import { batchCommand, BATCH_USAGE } from "./batch.js";
import { workerCommand, WORKER_USAGE } from "./worker.js";

export interface CliIO {
  /** Byte strings (one char per byte). */
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  /** Reads a file as a byte string; throws if it cannot. */
  readFile?(path: string): string;
  /** Environment for os.getenv under --trusted. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Entries of a directory (for `check DIR`); throws if it cannot be read. */
  listDir?(path: string): { name: string; isDir: boolean }[];
  /** Whether a path is a directory (false if it does not exist). */
  isDir?(path: string): boolean;
  /** Writes a file (for `compile`; without it the command uses node:fs). */
  writeFile?(path: string, data: Uint8Array): void;
}

const PROGNAME = "lua";

const USAGE = `usage: moonrule <command> [options]

Commands:
  run [--trusted] [budgets] [--json] [--trace[=N]] [-e STAT]... [FILE.lua|FILE.mrc|-] [args...]
        run a Lua program as the lua5.3 interpreter would (or a chunk file from 'compile')
        (default profile: sandbox; --trusted adds coroutine, load, io.write, os.time/clock/date)
        budgets: --instructions N  --memory BYTES  --timeout MS  --depth N
        --jit auto|off|eager: the compiled tier (default auto; see ARCHITECTURE.md)
        --trace[=N] prints every executed instruction (the last N, default 10000) on stderr
        --json prints one JSON object: {"ok":true,"values":[...],"usage":{...}}
               or {"ok":false,"error":{"kind","message","line"},"usage":{...}}
  check [--json] FILE|DIR...
        report syntax errors in .lua files and in lua\`\` templates of JS/TS files
        (directories are searched; exit status 0 clean, 1 errors, 2 usage or I/O problem)
  compile [--strip] [-o OUT] FILE.lua...
        compile to verified chunk files (FILE.mrc; several files: -o names a directory)
        (exit status 0 done, 1 a file does not compile, 2 usage or I/O problem)
  disasm [--code] FILE.lua|FILE.mrc
        list the bytecode as luac -l -l does
  eval FORMULA [--facts FILE.json | --facts-json JSON] [--json] [budgets]
        evaluate a formula against facts and print its value as JSON
${BATCH_USAGE}${WORKER_USAGE}  help  show this text
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "run":
      return runCommand(rest, io);
    case "check":
      return checkCommand(rest, io);
    case "eval":
      return evalCommand(rest, io, (budget) => new FormulaEngine(Object.keys(budget).length > 0 ? { budget } : {}));
    case "compile":
      return compileCommand(rest, io);
    case "disasm":
      return disasmCommand(rest, io);
    case "batch": return batchCommand(rest, io);
    case "worker": return workerCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(USAGE);
      return cmd === undefined ? 1 : 0;
    default:
      io.stderr(`moonrule: unknown command '${cmd}'\n${USAGE}`);
      return 1;
  }
}

async function runCommand(args: string[], io: CliIO): Promise<number> {
  let trusted = false;
  let json = false;
  let traceSize = 0;
  let jit: JitMode | undefined;
  const budget: Budget = {};
  const stats: string[] = [];
  let i = 0;
  let script: string | undefined;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--trusted") trusted = true;
    else if (a === "--json") json = true;
    else if (a === "--jit") {
      const mode = args[++i];
      if (mode !== "auto" && mode !== "off" && mode !== "eager") {
        io.stderr("moonrule: --jit needs auto, off or eager\n");
        return 1;
      }
      jit = mode;
    } else if (a === "--trace" || a.startsWith("--trace=")) {
      traceSize = a === "--trace" ? DEFAULT_TRACE_SIZE : Number(a.slice(8));
      if (!Number.isInteger(traceSize) || traceSize < 1) {
        io.stderr("moonrule: --trace=N needs a positive integer\n");
        return 1;
      }
    } else if (BUDGET_FLAGS[a] !== undefined) {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v < 0) {
        io.stderr(`moonrule: ${a} needs a non-negative number\n`);
        return 1;
      }
      budget[BUDGET_FLAGS[a]!] = v;
    } else if (a === "-e") {
      const stat = args[++i];
      if (stat === undefined) {
        io.stderr(`${PROGNAME}: '-e' needs argument\n`);
        return 1;
      }
      stats.push(stat);
    } else if (a.startsWith("-e") && a.length > 2) stats.push(a.slice(2));
    else if (a === "-v") io.stdout("Lua 5.3 (moonrule)\n");
    else if (a === "--") {
      i++;
      break;
    } else if (a === "-") break;
    else if (a.startsWith("-")) {
      io.stderr(`${PROGNAME}: unrecognized option '${a}'\n`);
      return 1;
    } else break;
  }
  if (i < args.length) script = args[i];

  const vm = Lua.create({ profile: trusted ? "trusted" : "sandbox", stdout: (s) => io.stdout(s), budget, env: trusted ? io.env : undefined, jit });
  const L = vm.state;
  // the arg table: script at 0, its arguments after, interpreter options before
  const argTable = new LuaTable();
  const scriptIdx = script === undefined ? args.length : i;
  argTable.set(-scriptIdx - 1, "moonrule");
  // command-line text reaches Lua as the UTF-8 bytes lua.c would see
  for (let j = 0; j < args.length; j++) argTable.set(j - scriptIdx, toByteString(args[j]!));
  L.globals.setStr("arg", argTable);

  const report = (e: unknown): number => {
    if (json && e instanceof LuaError) {
      const error = { kind: e.kind, message: e.message, line: e.line ?? null };
      io.stdout(toByteString(JSON.stringify({ ok: false, error, usage: vm.lastUsage }) + "\n"));
      return 1;
    }
    if (e instanceof LuaError) {
      let msg: string;
      if (e.kind === "syntax") msg = rawMessage(e);
      else if (typeof e.value !== "string" && !isNumber(e.value) && L.getMetamethod(e.value, "__tostring") !== undefined) {
        msg = errorObjectText(L, e.value); // lua.c's msghandler: __tostring result, no traceback
      } else {
        const text = typeof e.value === "string" ? e.value : errorObjectText(L, e.value);
        msg = e.traceback ? `${text}\n${e.traceback}` : text;
      }
      io.stderr(`${PROGNAME}: ${msg}\n`);
      return 1;
    }
    throw e;
  };

  // --trace: record every instruction of the run and print it on stderr at the end
  const tracer = traceSize > 0 ? (L.tracer = new Tracer(traceSize)) : undefined;
  const printTrace = (): void => {
    if (tracer !== undefined) io.stderr(`-- execution trace\n${formatTrace(tracer.result())}\n`);
  };
  let values: LuaValue[] = [];
  try {
    for (const stat of stats) values = vm.run(compileNamed(toByteString(stat), "=(command line)", { cLevelBase: 1 }), []);
    if (script !== undefined || stats.length === 0) {
      let source: string;
      let name: string;
      if (script === undefined || script === "-") {
        source = await io.readStdin();
        name = "=stdin";
      } else {
        try {
          source = readFile(io, script);
        } catch {
          io.stderr(`${PROGNAME}: cannot open ${script}\n`);
          return 1;
        }
        name = "@" + script;
      }
      if (source.startsWith("#")) {
        // skip a Unix exec line, keeping the line count
        const nl = source.indexOf("\n");
        source = nl < 0 ? "" : "--" + source.slice(nl);
      }
      const scriptArgs: LuaValue[] = args.slice(i + 1).map(toByteString);
      // a chunk file from `moonrule compile` (its magic bytes) runs as it is, once verified
      values = vm.run(isChunk(source) ? loadChunkText(source) : compileNamed(source, name, { cLevelBase: 1 }), scriptArgs);
    }
  } catch (e) {
    printTrace();
    return report(e);
  }
  printTrace();
  if (json) io.stdout(toByteString(JSON.stringify({ ok: true, values: values.map((v) => toJson(v, 0)), usage: vm.lastUsage }) + "\n"));
  return 0;
}

const BUDGET_FLAGS: Record<string, keyof Omit<Budget, "signal">> = {
  "--instructions": "instructions",
  "--memory": "memoryBytes",
  "--timeout": "timeoutMs",
  "--depth": "depth",
};

/** A Lua value as JSON for --json: bounded depth, tables as arrays or objects. */
function toJson(v: LuaValue, depth: number): unknown {
  if (v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "number") return Number.isFinite(v) || typeof v === "boolean" ? v : String(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return fromByteString(v);
  if (v instanceof LuaFloat) return v.n;
  if (v instanceof LuaTable) {
    if (depth >= 16) return "<table>";
    const n = v.length();
    if (n > 0 && v.hashSize() === 0) return v.arr.map((x) => toJson(x, depth + 1));
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const pair: LuaValue[] = [undefined, undefined];
    let k: LuaValue = undefined;
    while (v.next(k, pair)) {
      k = pair[0];
      out[typeof k === "string" ? fromByteString(k) : String(k)] = toJson(pair[1], depth + 1);
    }
    return out;
  }
  return `<${typeof v === "object" && "luaType" in v ? String(v.luaType) : "value"}>`;
}

function readFile(io: CliIO, path: string): string {
  if (!io.readFile) throw new Error("no file access");
  return io.readFile(path);
}

export { fromByteString };
