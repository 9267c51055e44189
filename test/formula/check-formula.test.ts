// `moonrule check --formula` over the bundled formula fixtures and broken ones.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { main } from "../../src/cli/main.js";

async function cli(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const code = await main(args, {
    stdout: (s) => void (out.stdout += s),
    stderr: (s) => void (out.stderr += s),
    readStdin: () => Promise.resolve(""),
    readFile: (p) => (p in extra ? Buffer.from(extra[p]!, "utf8").toString("latin1") : readFileSync(p).toString("latin1")),
  });
  // the CLI writes byte strings (UTF-8, one char per byte)
  const text = (b: string): string => Buffer.from(b, "latin1").toString("utf8");
  return { code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

const SCHEMA = "fixtures/formulas/order.schema.json";

describe("moonrule check --formula", () => {
  it("passes the bundled formulas against their schema", async () => {
    const r = await cli(["check", "--formula", "--schema", SCHEMA, "fixtures/formulas/line-total.formula", "fixtures/formulas/gold-discount.formula", "fixtures/formulas/ship-by.formula"]);
    expect(r).toMatchObject({ code: 0, stdout: "checked 3 files, no errors\n" });
  });

  it("reports unknown names, fields and functions with positions and snippets", async () => {
    const r = await cli(["check", "--formula", "--schema", SCHEMA, "bad.formula"], { "bad.formula": "ROUDN(prise * qty, 2) + customer.tierr\n" });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("bad.formula:"))).toEqual([
      "bad.formula:1:1: error: unknown function 'ROUDN' — did you mean 'ROUND'?",
      "bad.formula:1:7: error: unknown name 'prise' — did you mean 'price'?",
      "bad.formula:1:34: error: unknown field 'tierr' — did you mean 'tier'?",
    ]);
    expect(r.stdout).toContain("> 1 | ROUDN(prise * qty, 2) + customer.tierr");
    expect(r.stdout.trim().split("\n").at(-1)).toBe("3 errors in 1 file");
  });

  it("prints JSON and reports syntax errors too", async () => {
    const r = await cli(["check", "--formula", "--json", "f.formula"], { "f.formula": "price *" });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([{ file: "f.formula", line: 1, column: 8, endLine: 1, endColumn: 8, severity: "error", message: "unexpected symbol near <eof>" }]);
  });

  it("refuses a missing schema or file with exit status 2", async () => {
    expect((await cli(["check", "--formula", "--schema", "nope.json", "x.formula"])).code).toBe(2);
    expect((await cli(["check", "--schema", SCHEMA, "x.lua"])).code).toBe(2);
  });
});
