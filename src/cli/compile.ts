// `moonrule compile FILES… [-o OUT]`: Lua source to verified chunk files (.mrc), and
// `moonrule disasm FILE`: a luac -l -l style listing of a .lua file or a chunk file.
// Exit status (as `check`): 0 done, 1 a file did not compile (or a chunk did not load),
// 2 usage or I/O problem.

import { byteStringToBytes, bytesToByteString, fromByteString, toByteString } from "../vm/bytes.js";
import { isChunk, loadChunk, serializeChunk } from "../vm/chunk.js";
import { disassemble } from "../vm/disasm.js";
import { LuaError } from "../vm/errors.js";
import { compileNamed } from "../vm/load.js";
import { Script } from "../vm/script.js";
import type { CliIO } from "./main.js";

export const COMPILE_USAGE = `usage: moonrule compile [--strip] [-o OUT] FILE.lua...
  compile Lua files into verified chunk files that 'moonrule run' and Lua.loadChunk load
  one file: written to OUT (default FILE.mrc beside it; '-' for stdout)
  several:  written into the directory OUT as NAME.mrc (default: each beside its source)
  --strip   leave the source text out of the chunk (errors then show no source lines)
  exit status: 0 done, 1 a file does not compile, 2 usage or I/O problem
`;

export const DISASM_USAGE = `usage: moonrule disasm [--code] [--js] FILE.lua|FILE.mrc
  list the bytecode of a Lua file or a chunk file as 'luac -l -l' does
  --code    instructions only (no constants, locals and upvalues lists)
  --js      also the JavaScript the compiled tier generates for each function
`;

/** Writing and directory tests: the CliIO's, or node:fs (the Node CLI). */
interface WriteIO {
  writeFile(path: string, data: Uint8Array): void;
  isDir(path: string): boolean;
}

async function writeIO(io: CliIO): Promise<WriteIO> {
  if (io.writeFile !== undefined && io.isDir !== undefined) return { writeFile: io.writeFile.bind(io), isDir: io.isDir.bind(io) };
  const fs = await import("node:fs");
  return {
    writeFile: io.writeFile?.bind(io) ?? ((path, data) => fs.writeFileSync(path, data)),
    isDir: io.isDir?.bind(io) ?? ((path) => {
      try {
        return fs.statSync(path).isDirectory();
      } catch {
        return false;
      }
    }),
  };
}

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return path.slice(slash + 1);
}

/** t.lua → t.mrc; other names get .mrc appended. */
function chunkFileName(path: string): string {
  return /\.lua$/i.test(path) ? path.slice(0, -4) + ".mrc" : path + ".mrc";
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") || dir.endsWith("\\") ? dir + name : `${dir}/${name}`;
}

/** A source file as the run command compiles it: "@path", a leading #! line skipped. */
function compileFile(path: string, bytes: string): Script {
  let source = bytes;
  if (source.startsWith("#")) {
    const nl = source.indexOf("\n");
    source = nl < 0 ? "" : "--" + source.slice(nl);
  }
  const proto = compileNamed(source, "@" + path, { cLevelBase: 1 });
  return new Script(fromByteString(bytes), proto.source, proto);
}

function errorText(e: unknown): string {
  return e instanceof LuaError ? e.message : e instanceof Error ? e.message : String(e);
}

export async function compileCommand(args: string[], io: CliIO): Promise<number> {
  let out: string | undefined;
  let strip = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-o") {
      out = args[++i];
      if (out === undefined) {
        io.stderr(`moonrule compile: '-o' needs an argument\n${COMPILE_USAGE}`);
        return 2;
      }
    } else if (a === "--strip") strip = true;
    else if (a === "--") files.push(...args.slice(i + 1)), (i = args.length);
    else if (a.startsWith("-") && a !== "-") {
      io.stderr(`moonrule compile: unknown option '${a}'\n${COMPILE_USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    io.stderr(`moonrule compile: no files given\n${COMPILE_USAGE}`);
    return 2;
  }
  if (io.readFile === undefined) {
    io.stderr("moonrule compile: no file access\n");
    return 2;
  }
  const w = await writeIO(io);
  const toDir = out !== undefined && out !== "-" && w.isDir(out);
  if (files.length > 1 && out !== undefined && !toDir) {
    io.stderr(`moonrule compile: with several files, -o must name an existing directory ('${out}' is not one)\n`);
    return 2;
  }
  // targets first, so that two sources never write the same chunk file
  const targets = files.map((f) => (out === undefined ? chunkFileName(f) : toDir ? joinPath(out, chunkFileName(baseName(f))) : out));
  const seen = new Map<string, string>();
  for (let j = 0; j < files.length; j++) {
    const prev = seen.get(targets[j]!);
    if (prev !== undefined && targets[j] !== "-") {
      io.stderr(`moonrule compile: '${files[j]}' and '${prev}' would both be written to '${targets[j]}'\n`);
      return 2;
    }
    seen.set(targets[j]!, files[j]!);
  }
  let status = 0;
  for (let j = 0; j < files.length; j++) {
    const file = files[j]!;
    let text: string;
    try {
      text = io.readFile(file);
    } catch {
      io.stderr(`moonrule compile: cannot open ${file}\n`);
      return 2;
    }
    let bytes: Uint8Array;
    try {
      bytes = serializeChunk(compileFile(file, text), { stripSource: strip });
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      io.stderr(`moonrule compile: ${errorText(e)}\n`);
      status = 1;
      continue;
    }
    const target = targets[j]!;
    if (target === "-") io.stdout(bytesToByteString(bytes));
    else {
      try {
        w.writeFile(target, bytes);
      } catch (e) {
        io.stderr(toByteString(`moonrule compile: cannot write ${target}: ${errorText(e)}\n`));
        return 2;
      }
    }
  }
  return status;
}

export async function disasmCommand(args: string[], io: CliIO): Promise<number> {
  let codeOnly = false;
  let js = false;
  let file: string | undefined;
  for (const a of args) {
    if (a === "--code") codeOnly = true;
    else if (a === "--js") js = true;
    else if (a.startsWith("-") && a !== "-") {
      io.stderr(`moonrule disasm: unknown option '${a}'\n${DISASM_USAGE}`);
      return 2;
    } else if (file !== undefined) {
      io.stderr(`moonrule disasm: one file at a time\n${DISASM_USAGE}`);
      return 2;
    } else file = a;
  }
  if (file === undefined) {
    io.stderr(`moonrule disasm: no file given\n${DISASM_USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = file === "-" ? await io.readStdin() : io.readFile !== undefined ? io.readFile(file) : (() => { throw new Error("no file access"); })();
  } catch {
    io.stderr(`moonrule disasm: cannot open ${file}\n`);
    return 2;
  }
  let script: Script;
  try {
    script = isChunk(text) ? loadChunk(byteStringToBytes(text)) : compileFile(file === "-" ? "stdin" : file, text);
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    io.stderr(`moonrule disasm: ${errorText(e)}\n`);
    return 1;
  }
  const opts = codeOnly ? { constants: false, locals: false, upvalues: false, js } : { js };
  io.stdout(toByteString(disassemble(script, opts)));
  return 0;
}

/** For `moonrule run`: the Script of a chunk file's bytes (a byte string), verified. */
export function loadChunkText(bytes: string): Script {
  return loadChunk(byteStringToBytes(bytes));
}
