// The moonrule command. `run` follows the lua5.3 standalone interpreter (lua.c): options,
// the `arg` table, output, exit status and `lua: msg` plus traceback on stderr.

import { fromByteString } from "../vm/bytes.js";
import { chunkId } from "../vm/chunkid.js";
import { LuaError } from "../vm/errors.js";
import { errorObjectText } from "../vm/lib/base.js";
import { compileSource } from "../vm/load.js";
import { Lua } from "../vm/lua.js";
import { LuaTable } from "../vm/table.js";
import { isNumber, type LuaValue } from "../vm/value.js";

export interface CliIO {
  /** Byte strings (one char per byte). */
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  /** Reads a file as a byte string; throws if it cannot. */
  readFile?(path: string): string;
}

const PROGNAME = "lua";

const USAGE = `usage: moonrule <command> [options]

Commands:
  run [--trusted] [-e STAT]... [FILE.lua|-] [args...]
        run a Lua program as the lua5.3 interpreter would
        (default profile: sandbox; --trusted adds io.write and os.time/clock/date)
  help  show this text
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "run":
      return runCommand(rest, io);
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
  const stats: string[] = [];
  let i = 0;
  let script: string | undefined;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--trusted") trusted = true;
    else if (a === "-e") {
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

  const vm = Lua.create({ profile: trusted ? "trusted" : "sandbox", stdout: (s) => io.stdout(s) });
  const L = vm.state;
  // the arg table: script at 0, its arguments after, interpreter options before
  const argTable = new LuaTable();
  const scriptIdx = script === undefined ? args.length : i;
  argTable.set(-scriptIdx - 1, "moonrule");
  for (let j = 0; j < args.length; j++) argTable.set(j - scriptIdx, args[j]);
  L.globals.setStr("arg", argTable);

  const report = (e: unknown): number => {
    if (e instanceof LuaError) {
      let msg: string;
      if (e.kind === "syntax") msg = e.message;
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

  try {
    for (const stat of stats) vm.run(compileSource(stat, "(command line)", { cLevelBase: 1 }), []);
    if (script !== undefined || stats.length === 0) {
      let source: string;
      let name: string;
      if (script === undefined || script === "-") {
        source = await io.readStdin();
        name = "stdin";
      } else {
        try {
          source = readFile(io, script);
        } catch {
          io.stderr(`${PROGNAME}: cannot open ${script}\n`);
          return 1;
        }
        name = chunkId("@" + script);
      }
      if (source.startsWith("#")) {
        // skip a Unix exec line, keeping the line count
        const nl = source.indexOf("\n");
        source = nl < 0 ? "" : "--" + source.slice(nl);
      }
      const scriptArgs: LuaValue[] = args.slice(i + 1);
      vm.run(compileSource(source, name, { cLevelBase: 1 }), scriptArgs);
    }
  } catch (e) {
    return report(e);
  }
  return 0;
}

function readFile(io: CliIO, path: string): string {
  if (!io.readFile) throw new Error("no file access");
  return io.readFile(path);
}

export { fromByteString };
