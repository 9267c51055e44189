// The examples in examples/ run as users would run them (against the built package) and say
// what they should.
import { describe, expect, it } from "vitest";

async function run(file: string): Promise<string[]> {
  const mod = (await import(`../examples/${file}`)) as { main: (log: (s: string) => void) => unknown };
  const lines: string[] = [];
  await mod.main((s) => lines.push(...s.split("\n")));
  return lines;
}

describe("examples", () => {
  it("agent-tools: async tools, audit trail, a runaway script stopped", async () => {
    const out = await run("agent-tools.mjs");
    expect(out).toContain("Monitor arm x2 = 148.50");
    expect(out).toContain("Office chair: only 0 in stock");
    expect(out).toContain("bad sku -> host function 'tools.quote' failed: unknown sku Z-9");
    expect(out.some((l) => /^runaway: limit error: agent:1: time limit exceeded$/.test(l))).toBe(true);
    expect(out.at(-1)).toMatch(/^audit: \d+ tool calls, first: search\("o"\), quote\(B-7, 2\), quote\(C-3, 2\)$/);
  });

  it("tenant-plugin: forks per tenant, hooks called from the host, nothing shared", async () => {
    const out = await run("tenant-plugin.mjs");
    expect(out).toEqual([
      'acme on_order(80) -> {"total":80,"discount":0}',
      'globex on_order(80) -> {"total":80,"orders_seen":1}',
      'acme on_order(250) -> {"total":225,"discount":25}',
      'globex on_order(250) -> {"total":250,"orders_seen":2}',
      "acme helpers: true, globex helpers: false",
      "globex patching string: input:1: attempt to modify a read-only table",
      "acme logs: acme discount 0; acme discount 25.0",
      "globex logs: order #1; order #2",
    ]);
  });

  it("cell-formula: per-row evaluation and a formatted mistake", async () => {
    const out = await run("cell-formula.mjs");
    expect(out.slice(0, 4)).toEqual(["Lamp      79.00", "Chair    160.65", "Arm      282.15", "total    521.80"]);
    expect(out[4]).toBe("runtime error: cell D2:1: attempt to perform arithmetic on a nil value (field 'quantity')");
    expect(out.join("\n")).toContain("return fact.price * fact.quantity");
  });
});
