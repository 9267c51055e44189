// Differential conformance suite: every `test/lua/**/*.lua` program is run by
// the reference interpreter (lua5.3) and by moonrule (in-process, through the
// CLI entry point) and the observable behaviour must match:
//
//   * stdout must be byte-for-byte identical;
//   * the exit status must be identical;
//   * for non-zero exits, the first line of stderr must match after stripping
//     the leading `<progname>: ` (lua5.3 prints `lua5.3: `, moonrule prints
//     whatever program name it uses).
//
// Corpus conventions (checked here against lua5.3 itself): a program whose file
// name starts with `fail_` must end with an uncaught error (non-zero exit);
// every other program must exit 0.
//
// Both interpreters get the same *relative* script path (relative to the repo
// root, which is also the working directory), because chunk names, and thus
// error messages, contain it.
//
// lua5.3 is run every time (nothing is cached). If it is missing, the suite
// fails when process.env.CI is set and is skipped otherwise.

import { spawn, spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";

const LUA = "lua5.3";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpusRoot = path.join(repoRoot, "test", "lua");

interface RunResult {
  stdout: string; // byte string, one char per byte (latin1)
  stderr: string; // byte string, one char per byte (latin1)
  status: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

/** All `.lua` files under test/lua, recursively, as repo-relative POSIX paths, sorted. */
function findPrograms(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name.endsWith(".lua")) {
        out.push(path.relative(repoRoot, full).split(path.sep).join("/"));
      }
    }
  };
  walk(dir);
  return out.sort();
}

function luaAvailable(): boolean {
  const r = spawnSync(LUA, ["-v"], { stdio: "ignore", timeout: 10_000 });
  return !r.error && r.status === 0;
}

/** Runs lua5.3 on a repo-relative script path with cwd = repo root. */
function runLua(relpath: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(LUA, [relpath], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: string | undefined;
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      spawnError = String(e);
    });
    child.on("close", (status, signal) => {
      resolve({
        stdout: Buffer.concat(out).toString("latin1"),
        stderr: Buffer.concat(err).toString("latin1"),
        status,
        signal,
        error: spawnError,
      });
    });
  });
}

/** Runs `fn` over `items` with at most `limit` promises in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs moonrule in-process on a repo-relative script path. */
async function runMoonrule(relpath: string): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  let status: number | null = null;
  let error: string | undefined;
  // Built as a variable (not an inline literal) so the extra `readFile` hook,
  // which the CLI uses for script access when present, never trips excess
  // property checks.
  const io = {
    stdout: (s: string): void => {
      out.push(s);
    },
    stderr: (s: string): void => {
      err.push(s);
    },
    readStdin: async (): Promise<string> => "",
    // Paths are relative to process.cwd(), which is the repo root.
    readFile: (p: string): string => readFileSync(p).toString("latin1"),
  };
  try {
    status = await main(["run", "--trusted", relpath], io);
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  return { stdout: out.join(""), stderr: err.join(""), status, signal: null, error };
}

function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return i < 0 ? s : s.slice(0, i);
}

/**
 * Strips a leading `<progname>: ` from the first stderr line. `expected` is the
 * already-stripped reference message: when the line is exactly
 * `<prefix>: <expected>` with a prefix free of spaces and colons, the prefix is
 * removed; otherwise a generic `<word>: ` prefix is removed if present.
 */
function stripProgname(line: string, expected?: string): string {
  if (expected !== undefined && line.endsWith(expected)) {
    const prefix = line.slice(0, line.length - expected.length);
    if (/^[^\s:]+: $/.test(prefix)) return expected;
  }
  const m = /^[^\s:]+: /.exec(line);
  return m ? line.slice(m[0].length) : line;
}

function describeRun(r: RunResult): string {
  return [
    `status=${r.status} signal=${r.signal}`,
    r.error ? `error: ${r.error}` : "",
    `stderr: ${JSON.stringify(r.stderr.slice(0, 2000))}`,
  ]
    .filter(Boolean)
    .join("\n");
}

const programs = findPrograms(corpusRoot);
const haveLua = luaAvailable();

if (!haveLua && process.env.CI) {
  describe("differential (lua5.3 vs moonrule)", () => {
    it("requires lua5.3 on PATH when CI is set", () => {
      throw new Error(`${LUA} was not found on PATH; it is required for the differential suite in CI`);
    });
  });
} else {
  describe.skipIf(!haveLua)("differential (lua5.3 vs moonrule)", () => {
    const reference = new Map<string, RunResult>();

    beforeAll(async () => {
      if (path.resolve(process.cwd()) !== repoRoot) process.chdir(repoRoot);
      const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
      const limit = Math.max(2, Math.min(4, cpus));
      const results = await pool(programs, limit, runLua);
      programs.forEach((p, i) => reference.set(p, results[i]!));
    }, 300_000);

    it("finds the Lua corpus", () => {
      expect(programs.length).toBeGreaterThan(0);
    });

    for (const relpath of programs) {
      it(relpath, async () => {
        const ref = reference.get(relpath);
        expect(ref, `no lua5.3 result for ${relpath}`).toBeDefined();
        const lua = ref!;

        // Sanity of the corpus itself, against the reference interpreter.
        expect(lua.error, `${LUA} could not be run`).toBeUndefined();
        expect(lua.signal, `${LUA} was killed (timeout?)\n${describeRun(lua)}`).toBeNull();
        const isFail = path.posix.basename(relpath).startsWith("fail_");
        if (isFail) {
          expect(lua.status, `fail_ program must exit non-zero under ${LUA}`).not.toBe(0);
        } else {
          expect(lua.status, `program must exit 0 under ${LUA}\n${describeRun(lua)}`).toBe(0);
        }

        const moon = await runMoonrule(relpath);
        expect(moon.error, `moonrule threw instead of returning an exit status`).toBeUndefined();
        expect(moon.stdout, `stdout differs\nmoonrule ${describeRun(moon)}`).toBe(lua.stdout);
        expect(moon.status, `exit status differs\nmoonrule ${describeRun(moon)}`).toBe(lua.status);
        if (lua.status !== 0) {
          const expected = stripProgname(firstLine(lua.stderr));
          const actual = stripProgname(firstLine(moon.stderr), expected);
          expect(actual, "first line of stderr differs (after stripping 'progname: ')").toBe(expected);
        }
      });
    }
  });
}
