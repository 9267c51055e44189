// `moonrule check`: .lua files and lua`` templates in JS/TS files, through main() with an
// in-memory CliIO, on the sample files under test/fixtures-check/, and through bin/moonrule.js.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main, type CliIO } from "../src/cli/main.js";
import { fromByteString, toByteString } from "../src/vm/bytes.js";
import { diagnose } from "../src/vm/diagnose.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CliIO over an in-memory tree of files (JS text, stored as UTF-8 byte strings). */
function memoryIO(files: Record<string, string>, out: { stdout: string; stderr: string }): CliIO {
  const isDir = (p: string): boolean => Object.keys(files).some((f) => f.startsWith(p.replace(/\/$/, "") + "/"));
  return {
    stdout: (s) => void (out.stdout += fromByteString(s)),
    stderr: (s) => void (out.stderr += fromByteString(s)),
    readStdin: async () => "",
    readFile: (p) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
      return toByteString(text);
    },
    isDir,
    listDir: (p) => {
      const prefix = p.replace(/\/$/, "") + "/";
      const names = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf("/");
        names.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      return [...names].map(([name, dir]) => ({ name, isDir: dir }));
    },
  };
}

async function check(args: string[], files: Record<string, string> = {}): Promise<Run> {
  const out = { stdout: "", stderr: "" };
  const code = await main(["check", ...args], memoryIO(files, out));
  return { code, ...out };
}

/** A CliIO over the real file system, relative to the repository root. */
function diskIO(out: { stdout: string; stderr: string }): CliIO {
  const abs = (p: string): string => path.join(root, p);
  return {
    stdout: (s) => void (out.stdout += fromByteString(s)),
    stderr: (s) => void (out.stderr += fromByteString(s)),
    readStdin: async () => "",
    readFile: (p) => readFileSync(abs(p)).toString("latin1"),
    isDir: (p) => existsSync(abs(p)) && statSync(abs(p)).isDirectory(),
    listDir: (p) => readdirSync(abs(p), { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() })),
  };
}

async function checkDisk(args: string[]): Promise<Run> {
  const out = { stdout: "", stderr: "" };
  const code = await main(["check", ...args], diskIO(out));
  return { code, ...out };
}

describe("moonrule check: .lua files", () => {
  it("a clean file", async () => {
    const r = await check(["ok.lua"], { "ok.lua": "local x = 1\nreturn x + 1\n" });
    expect(r).toEqual({ code: 0, stdout: "checked 1 file, no errors\n", stderr: "" });
  });

  it("an error: location, message, the line with its token underlined, a hint, the summary", async () => {
    const r = await check(["rules.lua"], { "rules.lua": "local rate = 0.1\nif total = 100 then\n  rate = 0.2\nend\n" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toEqual([
      "rules.lua:2:10: error: 'then' expected near '='",
      "> 2 | if total = 100 then",
      "    |          ^",
      "hint: use '==' to compare ('=' assigns)",
      "",
      "1 error in 1 file",
      "",
    ]);
  });

  it("underlines the whole token", async () => {
    const r = await check(["n.lua"], { "n.lua": "x = 3..4" });
    expect(r.stdout.split("\n").slice(0, 3)).toEqual(["n.lua:1:5: error: malformed number near '3..4'", "> 1 | x = 3..4", "    |     ^~~~"]);
  });

  it("reads files as UTF-8, with columns as diagnose() counts them", async () => {
    const src = "local s = 'héllo' x = = 1";
    const r = await check(["u.lua"], { "u.lua": src });
    const col = diagnose(src)[0]!.column; // UTF-16 units by diagnose's contract (23 here)
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([`u.lua:1:${col}: error: unexpected symbol near '='`, "> 1 | local s = 'héllo' x = = 1"]);
  });

  it("skips a '#' first line and a byte-order mark, as lua does", async () => {
    const r = await check(["s.lua", "b.lua"], { "s.lua": "#!/usr/bin/env lua\nreturn 1\n", "b.lua": "\ufeffreturn 2\n" });
    expect(r).toEqual({ code: 0, stdout: "checked 2 files, no errors\n", stderr: "" });
  });

  it("--json prints an array of problems and the summary on stderr", async () => {
    const r = await check(["--json", "a.lua", "b.lua"], { "a.lua": "return 1", "b.lua": "return return" });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { file: "b.lua", line: 1, column: 8, endLine: 1, endColumn: diagnose("return return")[0]!.endColumn, severity: "error", message: "unexpected symbol near 'return'" },
    ]);
    expect(r.stderr).toBe("1 error in 1 file\n");
    const clean = await check(["--json", "a.lua"], { "a.lua": "return 1" });
    expect(clean).toEqual({ code: 0, stdout: "[]\n", stderr: "checked 1 file, no errors\n" });
  });
});

describe("moonrule check: usage and I/O problems exit with 2", () => {
  it("no files", async () => {
    const r = await check([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^moonrule check: no files given\nusage: moonrule check/);
  });

  it("an unknown option", async () => {
    const r = await check(["--fix", "a.lua"], { "a.lua": "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^moonrule check: unknown option '--fix'/);
  });

  it("a missing file, while the others are still checked", async () => {
    const r = await check(["nope.lua", "bad.lua"], { "bad.lua": "x = = 1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("moonrule check: cannot read 'nope.lua': no such file or directory\n");
    expect(r.stdout).toMatch(/^bad\.lua:1:5: error: unexpected symbol near '='\n/);
    expect(r.stdout).toMatch(/\n1 error in 1 file\n$/);
  });

  it("a file that is neither Lua nor JS/TS", async () => {
    const r = await check(["notes.txt"], { "notes.txt": "x" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("moonrule check: 'notes.txt' is not a .lua, JavaScript or TypeScript file\n");
  });

  it("help", async () => {
    const r = await check(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: moonrule check \[--json\] FILE\|DIR\.\.\./);
    const out = { stdout: "", stderr: "" };
    await main(["help"], memoryIO({}, out));
    expect(out.stdout).toMatch(/\n {2}check \[--json\] FILE\|DIR\.\.\.\n/);
  });
});

describe("moonrule check: directories", () => {
  it("walks recursively in name order, skipping node_modules, dot-directories and other files", async () => {
    const r = await check(["--json", "proj"], {
      "proj/src/b.ts": "const s = lua`return 1 +`;",
      "proj/src/a.lua": "return (",
      "proj/src/deep/c.mjs": "export default x.lua`return 1`;",
      "proj/README.md": "x = = 1",
      "proj/node_modules/dep/bad.lua": "x = = 1",
      "proj/.git/hooks/bad.lua": "x = = 1",
      "proj/.cache.lua": "return 1",
    });
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as { file: string }[];
    expect(rows.map((p) => p.file)).toEqual(["proj/src/a.lua", "proj/src/b.ts"]);
    expect(r.stderr).toBe("2 errors in 2 files\n");
    const clean = await check(["proj/src/deep"], { "proj/src/deep/c.mjs": "export default x.lua`return 1`;", "proj/.cache.lua": "return 1" });
    expect(clean.stdout).toBe("checked 1 file, no errors\n");
  });
});

describe("moonrule check: lua`` templates", () => {
  it("maps positions in a template back to the file", async () => {
    const ts = 'import { lua } from "moonrule";\n\nexport const f = lua`return price <> 1`;\n';
    const r = await check(["f.ts"], { "f.ts": ts });
    expect(r.stdout.split("\n")).toEqual([
      "f.ts:3:36: error: unexpected symbol near '>'",
      "> 3 | export const f = lua`return price <> 1`;",
      "    |                                    ^",
      "hint: use '~=' for not-equal",
      "",
      "1 error in 1 file",
      "",
    ]);
  });

  it("replaces ${…} by a nil placeholder that keeps the columns after it", async () => {
    const ts = "const f = (min: number) => lua`return ${min} + ${ { a: 1 }.a } == = 2`;";
    const r = await check(["--json", "f.ts"], { "f.ts": ts });
    const [p] = JSON.parse(r.stdout) as { line: number; column: number; message: string }[];
    expect(p).toMatchObject({ line: 1, column: ts.indexOf("= 2") + 1, message: "unexpected symbol near '='" });
  });

  it("maps lines of multi-line templates, and line numbers inside messages", async () => {
    const ts = [
      "// rules",
      "export const rule = lua`",
      "  local total = 0",
      "  if total > ${limit} then",
      "    total = 1",
      "`;",
    ].join("\n");
    const r = await check(["r.ts"], { "r.ts": ts });
    expect(r.stdout.split("\n").slice(0, 4)).toEqual([
      "r.ts:6:1: error: 'end' expected (to close 'if' at line 4) near <eof>",
      "> 6 | `;",
      "    | ^",
      "hint: the 'if' at line 4 needs a closing 'end'",
    ]);
  });

  it("decodes escapes (cooked text) and maps through them", async () => {
    // \` and \$ are plain characters to Lua; the \n inside the Lua string is a real line break
    const ts = 'const a = lua`return "\\`q\\` \\${x}"`;\nconst b = lua`print("a\\nb")`;\n';
    const r = await check(["e.ts"], { "e.ts": ts });
    expect(r.stdout.split("\n").slice(0, 4)).toEqual([
      "e.ts:2:21: error: unfinished string near '\"a'",
      '> 2 | const b = lua`print("a\\nb")`;',
      expect.stringMatching(/^ {4}\| {21}\^~+$/), // the string token, to the line break
      "hint: JavaScript turns \\n in a template into a real line break; write \\\\n to pass \\n to Lua",
    ]);
    expect(r.code).toBe(1);
  });

  it("reports escapes that leave a tagged template's text undefined", async () => {
    const r = await check(["--json", "x.ts"], { "x.ts": "lua`return '\\u{zz}'`" });
    expect(JSON.parse(r.stdout)).toEqual([
      { file: "x.ts", line: 1, column: 13, endLine: 1, endColumn: 15, severity: "error", message: "invalid escape sequence in a lua`` template (its text would be undefined)" },
    ]);
  });

  it("counts file columns in UTF-16 units and lines as JS does (CRLF)", async () => {
    const line2 = 'const s = "😀", f = lua`return "é" .. = 1`;';
    const r = await check(["--json", "u.ts"], { "u.ts": `// first\r\n${line2}\r\n` });
    const inTemplate = diagnose('return "é" .. = 1')[0]!.column; // as diagnose counts (UTF-16 units by its contract)
    expect(JSON.parse(r.stdout)).toMatchObject([{ line: 2, column: line2.indexOf("`") + 1 + inTemplate, message: "unexpected symbol near '='" }]);
  });

  it("finds lua and x.lua tags only, including nested templates", async () => {
    const ts = [
      "sql`x = = 1`;",
      "String.raw`x = = 1`;",
      "moonrule.lua`return ${lua`x = = 1`}`;",
      "luax`x = = 1`;",
    ].join("\n");
    const r = await check(["--json", "n.ts"], { "n.ts": ts });
    expect((JSON.parse(r.stdout) as { line: number; column: number }[]).map((p) => [p.line, p.column])).toEqual([[3, 31]]);
  });

  it("warns about an interpolation inside a Lua string (not an error)", async () => {
    const r = await check(["w.ts"], { "w.ts": 'const g = (name: string) => lua`return "hello ${name}!"`;\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "w.ts:1:47: warning: interpolation inside a Lua string: ${…} is inserted as a Lua literal (a string gets its own quotes), not as text",
      '> 1 | const g = (name: string) => lua`return "hello ${name}!"`;',
      "    |                                               ^~~~~~~",
      "hint: close the string and join with '..': \"total: \" .. ${x}",
      "",
      "checked 1 file, no errors (1 warning)",
      "",
    ]);
  });

  it("checks .js, .jsx, .tsx, .mts and .cts files too", async () => {
    const bad = "export const r = lua`return a && b`;\n";
    const r = await check(["--json", "a.js", "b.jsx", "c.tsx", "d.mts", "e.cts", "f.cjs"], {
      "a.js": bad, "b.jsx": `const el = <div/>;\n${bad}`, "c.tsx": `const el = <div/>;\n${bad}`, "d.mts": bad, "e.cts": bad, "f.cjs": bad,
    });
    const rows = JSON.parse(r.stdout) as { file: string; line: number; column: number }[];
    expect(rows.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(["a.js:1:32", "b.jsx:2:32", "c.tsx:2:32", "d.mts:1:32", "e.cts:1:32", "f.cjs:1:32"]);
  });
});

describe("moonrule check: without the typescript package", () => {
  afterEach(() => {
    vi.doUnmock("typescript");
    vi.resetModules();
  });

  it("says what is missing, still checks .lua files, and exits with 2", async () => {
    vi.resetModules();
    vi.doMock("typescript", () => {
      throw new Error("Cannot find package 'typescript'");
    });
    const { main: freshMain } = await import("../src/cli/main.js");
    const out = { stdout: "", stderr: "" };
    const code = await freshMain(["check", "a.ts", "b.ts", "c.lua"], memoryIO({ "a.ts": "lua`return 1`", "b.ts": "const x = 1;", "c.lua": "x = = 1" }, out));
    expect(code).toBe(2);
    expect(out.stderr).toBe("moonrule check: cannot check 'a.ts': finding lua`` templates needs the 'typescript' package (npm install --save-dev typescript)\n");
    expect(out.stdout).toMatch(/^c\.lua:1:5: error: unexpected symbol near '='\n/);
  });
});

describe("moonrule check: the sample files", () => {
  const dir = "test/fixtures-check";
  const badLua = readFileSync(path.join(root, dir, "bad.lua"), "utf8");
  const badCount = diagnose(badLua).length;

  it("a good .lua file", async () => {
    expect(await checkDisk([`${dir}/good.lua`])).toEqual({ code: 0, stdout: "checked 1 file, no errors\n", stderr: "" });
  });

  it("a bad .lua file", async () => {
    const r = await checkDisk([`${dir}/bad.lua`]);
    expect(r.code).toBe(1);
    expect(badCount).toBeGreaterThanOrEqual(1);
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      `${dir}/bad.lua:3:15: error: 'then' expected near '='`,
      "> 3 | if fact.total = 100 then",
      "    |               ^",
      "hint: use '==' to compare ('=' assigns)",
      "",
    ]);
    expect(lines.filter((l) => / error: /.test(l))).toHaveLength(badCount);
    expect(lines.at(-2)).toBe(`${badCount} error${badCount === 1 ? "" : "s"} in 1 file`);
  });

  it("the .ts file", async () => {
    const r = await checkDisk([`${dir}/templates.ts`]);
    expect(r.code).toBe(1);
    const blocks = r.stdout.split("\n\n");
    const summary = blocks.pop()!;
    expect(blocks.slice(0, 2)).toEqual([
      [
        `${dir}/templates.ts:7:45: error: 'then' expected near '='`,
        "> 7 | export const badCompare = lua`if fact.price = 100 then return 1 end`;",
        "    |                                             ^",
        "hint: use '==' to compare ('=' assigns)",
      ].join("\n"),
      [
        `${dir}/templates.ts:8:65: error: unexpected symbol near '>'`,
        "> 8 | export const badAfterHole = (min: number) => lua`return ${min} <> fact.price`;",
        "    |                                                                 ^",
        "hint: use '~=' for not-equal",
      ].join("\n"),
    ]);
    // after the first error of a template, diagnose() may find more: these are the ones that matter
    expect(blocks).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            [
              `^${dir}/templates\\.ts:9:45: error: unfinished string near '"a'`,
              '> 9 \\| export const badEscape = moonrule\\.lua`print\\("a\\\\nb"\\)`;',
              " {4}\\| {45}\\^~+",
              "hint: JavaScript turns \\\\n in a template into a real line break; write \\\\\\\\n to pass \\\\n to Lua$",
            ].join("\n"),
          ),
        ),
        [
          `${dir}/templates.ts:17:1: error: 'end' expected (to close 'if' at line 15) near <eof>`,
          "> 17 | `;",
          "     | ^",
          "hint: the 'if' at line 15 needs a closing 'end'",
        ].join("\n"),
        [
          `${dir}/templates.ts:18:61: warning: interpolation inside a Lua string: \${…} is inserted as a Lua literal (a string gets its own quotes), not as text`,
          '> 18 | export const greeting = (name: string) => lua`return "hello ${name}"`;',
          "     |                                                             ^~~~~~~",
          "hint: close the string and join with '..': \"total: \" .. ${x}",
        ].join("\n"),
      ]),
    );
    const errors = blocks.filter((b) => / error: /.test(b.split("\n")[0]!)).length;
    expect(errors).toBeGreaterThanOrEqual(4);
    expect(summary).toBe(`${errors} errors in 1 file (1 warning)\n`);
  });

  it("the .js file", async () => {
    const r = await checkDisk([`${dir}/script.js`]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      `${dir}/script.js:5:39: error: unexpected symbol near '&'`,
      "> 5 | export const bad = lua`return fact.a && fact.b`;",
      "    |                                       ^",
      "hint: use 'and' instead of '&&'",
      "",
      "1 error in 1 file",
      "",
    ]);
  });

  it("the whole directory", async () => {
    const r = await checkDisk(["--json", dir]);
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as { file: string; severity: string }[];
    expect([...new Set(rows.map((p) => p.file))]).toEqual([`${dir}/bad.lua`, `${dir}/script.js`, `${dir}/templates.ts`]);
    const errors = rows.filter((p) => p.severity === "error").length;
    expect(rows.filter((p) => p.file.endsWith("bad.lua"))).toHaveLength(badCount);
    expect(r.stderr).toBe(`${errors} errors in 3 files (1 warning)\n`);
  });

  const built = existsSync(path.join(root, "dist/cli/node.js")) && existsSync(path.join(root, "dist/cli/check.js"));
  it.skipIf(!built)("bin/moonrule.js check (the built command)", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ["bin/moonrule.js", "check", ...args], { cwd: root, encoding: "utf8" });
    const good = run(`${dir}/good.lua`);
    expect(good.status).toBe(0);
    expect(good.stdout).toBe("checked 1 file, no errors\n");
    const bad = run(`${dir}/script.js`, `${dir}/good.lua`);
    expect(bad.status).toBe(1);
    expect(bad.stdout.split("\n")[0]).toBe(`${dir}/script.js:5:39: error: unexpected symbol near '&'`);
    expect(bad.stdout).toMatch(/\n1 error in 1 file\n$/);
    const missing = run(`${dir}/missing.lua`);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`moonrule check: cannot read '${dir}/missing.lua': no such file or directory\n`);
  });
});
