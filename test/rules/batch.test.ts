// Batch evaluation: inline exactness against RuleSet.evaluate, NDJSON / JSON-array / CSV
// sources, malformed items reported by index, order with a pool of workers, workers killed
// mid-batch (every index exactly once), AbortSignal, Batch.ndjson() (the serialised lines, the
// same with workers killed), and `moonrule batch` end to end (byte for byte).
//
// The pool runs the compiled worker (dist/rules/batch-worker.js): vitest runs the TypeScript
// sources, which a worker thread cannot load. `npm test` builds dist first; when dist is
// missing or older than src/rules, beforeAll builds it, so the pool tests never skip.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RuleSet } from "../../src/rules/ruleset.js";
import { runBatch, type BatchOptions, type BatchResult } from "../../src/rules/batch.js";
import { jsonArrayItems } from "../../src/rules/sources.js";

const RULES = readFileSync("fixtures/rules/orders.rules.json", "utf8");
const ORDERS = "fixtures/rules/orders.ndjson";
const LINES = readFileSync(ORDERS, "utf8").split("\n").filter((l) => l.trim() !== "");
const rs = RuleSet.fromJSON(RULES);
const SMALL = RuleSet.fromJSON(readFileSync("test/fixtures-batch/small.rules.json", "utf8"));
const WORKER = join(process.cwd(), "dist/rules/batch-worker.js");
const WORKER_URL = pathToFileURL(WORKER);

async function collect(b: AsyncIterable<BatchResult>): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  for await (const r of b) out.push(r);
  return out;
}

/** Each line evaluated on its own, as the batch must reproduce. */
function expected(lines: string[], explain = false): BatchResult[] {
  return lines.map((l, index) => ({ index, result: rs.evaluate(JSON.parse(l), { explain }) }));
}

/** 1000 records: the order fixture five times over. */
const MANY = Array.from({ length: 5 }, () => LINES).flat();

/** The NDJSON text `moonrule batch` has always written for these results. */
function ndjsonOf(results: BatchResult[]): string {
  return results.map((r) => JSON.stringify(r) + "\n").join("");
}

async function text(b: { ndjson(): AsyncIterable<string> }): Promise<string> {
  let out = "";
  for await (const t of b.ndjson()) {
    expect(t.endsWith("\n")).toBe(true); // blocks of whole lines
    out += t;
  }
  return out;
}

function indicesOnceInOrder(results: BatchResult[], n: number): void {
  expect(results.map((r) => r.index)).toEqual(Array.from({ length: n }, (_, i) => i));
}

beforeAll(() => {
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith(".ts"))
      .map((d) => statSync(join(d.parentPath ?? (d as unknown as { path: string }).path, d.name)).mtimeMs));
  if (!existsSync(WORKER) || statSync(WORKER).mtimeMs < newest("src")) {
    // type errors elsewhere do not stop tsc from emitting; the worker file is what matters
    spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "ignore", shell: process.platform === "win32" });
  }
  expect(existsSync(WORKER)).toBe(true);
}, 120_000);

describe("runBatch inline (workers: 0)", () => {
  it("gives exactly what RuleSet.evaluate gives, record by record, with a summary", async () => {
    const b = runBatch(rs, ORDERS, { workers: 0 });
    const got = await collect(b);
    expect(got).toEqual(expected(LINES));
    const s = b.summary;
    expect(s.done).toBe(true);
    expect(s.workers).toBe(0);
    expect(s.records).toBe(LINES.length);
    const exp = expected(LINES);
    expect(s.valid).toBe(exp.filter((r) => "result" in r && r.result.valid).length);
    expect(s.invalid).toBe(LINES.length - s.valid);
    expect(s.invalid).toBeGreaterThan(0); // the generator makes about 1 in 50 invalid
    expect(s.errors).toBe(0);
    expect(s.matches["points"]).toBe(exp.filter((r) => "result" in r && r.result.matched.includes("points")).length);
    expect(s.elapsedMs).toBeGreaterThan(0);
    expect(s.recordsPerSecond).toBeGreaterThan(0);
    expect(b.bytesRead).toBe(statSync(ORDERS).size);
  });

  it("explains and includes records on request; takes a document, a stream or an iterable", async () => {
    const first = LINES.slice(0, 20);
    const viaDoc = await collect(runBatch(JSON.parse(RULES), Readable.from([first.join("\n")]), { workers: 0, explain: true, includeRecord: true }));
    expect(viaDoc).toEqual(first.map((l, index) => ({ index, record: JSON.parse(l), result: rs.evaluate(JSON.parse(l)) })));
    const viaObjects = await collect(runBatch(rs, first.map((l) => JSON.parse(l)), { workers: 0 }));
    expect(viaObjects).toEqual(expected(first));
    async function* gen(): AsyncIterable<unknown> {
      for (const l of first) yield l; // strings are lines of JSON text
    }
    expect(await collect(runBatch(rs, gen(), { workers: 0 }))).toEqual(expected(first));
  });

  it("reports malformed lines with their index and goes on (blank lines are not records)", async () => {
    const b = runBatch(SMALL, "test/fixtures-batch/malformed.ndjson", { workers: 0 });
    const got = await collect(b);
    indicesOnceInOrder(got, 6);
    expect(got.map((r) => ("error" in r ? "error" : "result"))).toEqual(["result", "error", "result", "error", "error", "result"]);
    expect((got[1] as { error: { message: string } }).error.message).toMatch(/^not valid JSON/);
    expect((got[3] as { error: { message: string } }).error.message).toMatch(/not a record/);
    expect((got[5] as { result: { matched: string[] } }).result.matched).toEqual(["nordic"]);
    expect(b.summary).toMatchObject({ records: 6, valid: 3, invalid: 0, errors: 3 });
  });

  it("streams a JSON array, element by element, strings and nesting included", async () => {
    const got = await collect(runBatch(SMALL, "test/fixtures-batch/small.json", { workers: 0, includeRecord: true }));
    const doc = JSON.parse(readFileSync("test/fixtures-batch/small.json", "utf8")) as unknown[];
    expect(got.length).toBe(doc.length);
    got.forEach((r, i) => {
      expect(r.index).toBe(i);
      if (Array.isArray(doc[i])) expect(r).toEqual({ index: i, error: { message: "not a record (a JSON object): an array" } });
      else expect(r).toEqual({ index: i, record: doc[i], result: SMALL.evaluate(doc[i], { explain: false }) });
    });
    expect((got[0] as { result: { matched: string[] } }).result.matched).toEqual(["big", "nordic", "zip-007", "noted"]);
    expect((got[2] as { result: { valid: boolean } }).result.valid).toBe(false);
  });

  it("splits a JSON array whatever the chunk boundaries", async () => {
    const text = readFileSync("test/fixtures-batch/small.json", "utf8");
    const want = (JSON.parse(text) as unknown[]).map((v) => JSON.stringify(v));
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
      const items: string[] = [];
      for await (const it of jsonArrayItems(Readable.from(chunks))) items.push(JSON.stringify(JSON.parse((it as { raw: string }).raw)));
      expect(items).toEqual(want);
    }
    await expect(collect(runBatch(SMALL, Readable.from(['{"a": 1}']), { workers: 0, format: "json" }))).rejects.toThrow(/array/);
    await expect(collect(runBatch(SMALL, Readable.from(['[{"a": 1}']), { workers: 0, format: "json" }))).rejects.toThrow(/not closed/);
  });

  it("reads CSV with a header; numeric-looking cells become numbers, 007 and +47 stay text", async () => {
    const b = runBatch(SMALL, "test/fixtures-batch/small.csv", { workers: 0, includeRecord: true });
    const got = await collect(b);
    indicesOnceInOrder(got, 4);
    const recs = got.map((r) => (r as { record: Record<string, unknown> }).record);
    expect(recs[0]).toEqual({ id: 1, price: 10, qty: 20, country: "NO", zip: "007", note: "a, quoted, note" });
    expect(recs[1]).toEqual({ id: 2, price: 5.5, qty: 2, country: "DK", zip: 2100, note: "" });
    expect(recs[2]).toMatchObject({ price: "oops", zip: "+47", note: "multi\nline" });
    expect(recs[3]).toMatchObject({ zip: 0, note: 'say "hi"' });
    expect((got[0] as { result: { matched: string[] } }).result.matched).toEqual(["big", "nordic", "zip-007", "noted"]);
    expect(b.summary.ruleErrors).toBe(1); // "oops" * 1
    const strings = await collect(runBatch(SMALL, "test/fixtures-batch/small.csv", { workers: 0, includeRecord: true, csvCast: "none" }));
    expect((strings[0] as { record: unknown }).record).toMatchObject({ id: "1", price: "10" });
  });

  it("skips records, keeping their indices", async () => {
    const b = runBatch(rs, ORDERS, { workers: 0, skip: 150 });
    const got = await collect(b);
    expect(got).toEqual(expected(LINES).slice(150));
    expect(b.summary).toMatchObject({ skipped: 150, records: 50 });
  });

  it("stops on abort with an AbortError", async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const r of runBatch(rs, ORDERS, { workers: 0, signal: ac.signal })) {
        seen.push(r.index);
        if (r.index === 10) ac.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });
});

describe("runBatch on a worker pool", () => {
  const pool = (o: BatchOptions = {}): BatchOptions => ({ workers: 2, workerUrl: WORKER_URL, chunkSize: 16, ...o });

  it("gives the inline results in input order with 2 workers", async () => {
    const b = runBatch(rs, MANY.map((l) => l), pool());
    const got = await collect(b);
    expect(got).toEqual(expected(MANY));
    expect(b.summary).toMatchObject({ workers: 2, records: MANY.length, retries: 0, workerRestarts: 0 });
  });

  it("explains and reports malformed lines from the workers as inline does", async () => {
    const inline = await collect(runBatch(SMALL, "test/fixtures-batch/malformed.ndjson", { workers: 0, explain: true, includeRecord: true }));
    const pooled = await collect(runBatch(SMALL, "test/fixtures-batch/malformed.ndjson", pool({ chunkSize: 2, explain: true, includeRecord: true })));
    expect(pooled).toEqual(inline);
  });

  it("replaces a worker that exits mid-chunk and retries the chunk once", async () => {
    // a worker crashes at 100 and at 116 (the next chunk) in a first attempt, not in the retry
    const b = runBatch(rs, MANY, pool({ testCrashAt: [100, 116] }));
    const got = await collect(b);
    indicesOnceInOrder(got, MANY.length);
    expect(got).toEqual(expected(MANY));
    expect(b.summary.retries).toBeGreaterThanOrEqual(1);
    expect(b.summary.workerRestarts).toBeGreaterThanOrEqual(1);
    expect(b.summary.errors).toBe(0);
  });

  it("reports every record of a chunk whose worker dies twice, and loses nothing else", async () => {
    const b = runBatch(rs, MANY, pool({ testCrashAt: [100], testCrashAlways: true }));
    const got = await collect(b);
    indicesOnceInOrder(got, MANY.length);
    const exp = expected(MANY);
    for (const r of got) {
      if (r.index >= 96 && r.index < 112) expect(r).toMatchObject({ error: { message: expect.stringMatching(/^worker failed twice/) } });
      else expect(r).toEqual(exp[r.index]);
    }
    expect(b.summary.errors).toBe(16);
    expect(b.summary.retries).toBeGreaterThanOrEqual(1); // the chunk with 100, and any that shared its worker
  });

  it("survives workers terminated from outside while they hold chunks", async () => {
    let starts = 0;
    let kills = 0;
    const b = runBatch(rs, MANY, pool({
      onWorkerStart(worker) {
        if (starts++ >= 2) return; // the first two workers, not their replacements
        let done = 0;
        worker.on("message", (m: { type: string }) => {
          // after its first chunk comes back the worker still holds the next one
          if (m.type === "done" && ++done === 1) {
            kills++;
            void worker.terminate();
          }
        });
      },
    }));
    const got = await collect(b);
    indicesOnceInOrder(got, MANY.length);
    expect(got).toEqual(expected(MANY));
    expect(kills).toBe(2);
    expect(b.summary.workerRestarts).toBe(2);
    expect(b.summary.retries).toBeGreaterThanOrEqual(1);
  });

  it("stops on abort: the iteration rejects and the workers are terminated", async () => {
    const ac = new AbortController();
    const workers: { exited: boolean }[] = [];
    const run = async (): Promise<number> => {
      let n = 0;
      for await (const r of runBatch(rs, MANY, pool({
        signal: ac.signal,
        onWorkerStart(w) {
          const rec = { exited: false };
          workers.push(rec);
          w.on("exit", () => (rec.exited = true));
        },
      }))) {
        n++;
        if (r.index === 200) ac.abort();
      }
      return n;
    };
    await expect(run()).rejects.toMatchObject({ name: "AbortError" });
    await new Promise((r) => setTimeout(r, 200));
    expect(workers.length).toBe(2);
    expect(workers.every((w) => w.exited)).toBe(true);
  });

  it("fails clearly when the worker script is missing", async () => {
    await expect(collect(runBatch(rs, MANY, { workers: 1, workerUrl: pathToFileURL(join(tmpdir(), "no-such-worker.js")) }))).rejects.toThrow(/no batch worker/);
  });
});

describe("Batch.ndjson (results serialised where they are evaluated)", () => {
  const pool = (o: BatchOptions = {}): BatchOptions => ({ workers: 2, workerUrl: WORKER_URL, chunkSize: 16, ...o });

  it("is the JSON of each result the iterator gives, inline and on a pool, with the same summary", async () => {
    for (const o of [{ workers: 0 }, pool(), pool({ chunkSize: 1000 })]) {
      const b = runBatch(rs, MANY, o);
      expect(await text(b)).toBe(ndjsonOf(expected(MANY)));
      const objects = runBatch(rs, MANY, o);
      await collect(objects);
      expect({ ...b.summary, elapsedMs: 0, recordsPerSecond: 0 }).toEqual({ ...objects.summary, elapsedMs: 0, recordsPerSecond: 0 });
      expect(b.summary.done).toBe(true);
    }
  });

  it("explains, includes records and reports malformed items as the iterator does, from every source", async () => {
    for (const file of ["test/fixtures-batch/malformed.ndjson", "test/fixtures-batch/small.json", "test/fixtures-batch/small.csv"]) {
      const o = { explain: true, includeRecord: true };
      const want = ndjsonOf(await collect(runBatch(SMALL, file, { workers: 0, ...o })));
      expect(await text(runBatch(SMALL, file, { workers: 0, ...o }))).toBe(want);
      expect(await text(runBatch(SMALL, file, pool({ chunkSize: 2, ...o })))).toBe(want);
    }
  });

  it("skips, keeping indices", async () => {
    const b = runBatch(rs, ORDERS, pool({ skip: 150 }));
    expect(await text(b)).toBe(ndjsonOf(expected(LINES).slice(150)));
    expect(b.summary).toMatchObject({ skipped: 150, records: 50 });
  });

  it("keeps every record exactly once when workers die, and reports a chunk that kills its worker twice", async () => {
    const retried = runBatch(rs, MANY, pool({ testCrashAt: [100, 116] }));
    expect(await text(retried)).toBe(ndjsonOf(expected(MANY)));
    expect(retried.summary.retries).toBeGreaterThanOrEqual(1);

    const b = runBatch(rs, MANY, pool({ testCrashAt: [100], testCrashAlways: true }));
    const lines = (await text(b)).split("\n").slice(0, -1).map((l) => JSON.parse(l) as BatchResult);
    indicesOnceInOrder(lines, MANY.length);
    const exp = JSON.parse(JSON.stringify(expected(MANY))) as BatchResult[];
    for (const r of lines) {
      if (r.index >= 96 && r.index < 112) expect(r).toMatchObject({ error: { message: expect.stringMatching(/^worker failed twice/) } });
      else expect(r).toEqual(exp[r.index]);
    }
    expect(b.summary).toMatchObject({ records: MANY.length, errors: 16 });
    expect(b.summary.valid + b.summary.invalid).toBe(MANY.length - 16);
  });

  it("stops on abort", async () => {
    for (const o of [{ workers: 0 }, pool()]) {
      const ac = new AbortController();
      const run = async (): Promise<void> => {
        for await (const _ of runBatch(rs, MANY, { ...o, chunkSize: 16, signal: ac.signal }).ndjson()) ac.abort();
      };
      await expect(run()).rejects.toMatchObject({ name: "AbortError" });
    }
  });

  it("is read once: ndjson() or the iterator", async () => {
    const b = runBatch(rs, LINES, { workers: 0 });
    await text(b);
    expect(() => b.ndjson()).toThrow(/once/);
    expect(() => b[Symbol.asyncIterator]()).toThrow(/once/);
  });

  it("stops at a result JSON cannot write (a bigint output), after the lines before it", async () => {
    const doc = { name: "big", rules: [{ id: "huge", when: "n > 2", outputs: { v: "math.maxinteger" } }] };
    const records = [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }];
    const objects = await collect(runBatch(doc, records, { workers: 0 }));
    expect(objects[2]).toMatchObject({ result: { rules: [{ outputs: { v: 9223372036854775807n } }] } });
    for (const o of [{ workers: 0 }, pool({ chunkSize: 4 })]) {
      let out = "";
      const run = async (): Promise<void> => {
        for await (const t of runBatch(doc, records, o).ndjson()) out += t;
      };
      await expect(run()).rejects.toThrow(/record 2 cannot be written as JSON.*BigInt/);
      expect(out).toBe(ndjsonOf(objects.slice(0, 2)));
    }
  });

  it("counts matches of rules named like Object.prototype's keys", async () => {
    const doc = { name: "odd", rules: ["__proto__", "constructor", "toString", "hasOwnProperty"].map((id) => ({ id, when: "x > 0" })) };
    const records = Array.from({ length: 40 }, (_, i) => ({ x: i % 4 }));
    const want = doc.rules.map((r) => [r.id, 30]).sort();
    for (const o of [{ workers: 0 }, pool({ chunkSize: 8 })]) {
      const b = runBatch(doc, records, o);
      await text(b);
      expect(Object.entries(b.summary.matches).sort()).toEqual(want);
    }
  });

  it("takes an iterable of promises as `for await` does", async () => {
    const first = LINES.slice(0, 5);
    expect(await text(runBatch(rs, first.map((l) => Promise.resolve(l)), { workers: 0 }))).toBe(ndjsonOf(expected(first)));
  });
});

describe("moonrule batch", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "moonrule-batch-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, ["bin/moonrule.js", "batch", ...args], { encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const lines = (p: string): string[] => readFileSync(p, "utf8").split("\n").filter((l) => l !== "");

  it("writes NDJSON results in input order, with a summary and exit status 1 for invalid records", () => {
    const out = join(dir, "out.ndjson");
    const r = cli("fixtures/rules/orders.rules.json", ORDERS, "-o", out, "--workers", "2");
    expect(r.stderr).toMatch(/200 records .*2 workers/);
    expect(r.stderr).toMatch(/195 valid, 5 invalid/);
    expect(r.status).toBe(1);
    expect(lines(out).map((l) => JSON.parse(l) as unknown)).toEqual(JSON.parse(JSON.stringify(expected(LINES))));
    // byte for byte what it has always written: JSON.stringify of each result, one per line
    expect(readFileSync(out, "utf8")).toBe(ndjsonOf(expected(LINES)));
    expect(cli("fixtures/rules/orders.rules.json", ORDERS, "-o", out, "--allow-failures").status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(ndjsonOf(expected(LINES)));
    const clean = cli("test/fixtures-batch/small.rules.json", "test/fixtures-batch/small.json", "--workers", "0");
    expect(clean.status).toBe(1); // an invalid record and an array
    expect(clean.stdout.split("\n").filter((l) => l).length).toBe(6);
  });

  it("--resume continues after a torn output without duplicates", () => {
    const full = join(dir, "full.ndjson");
    expect(cli("fixtures/rules/orders.rules.json", ORDERS, "-o", full, "--workers", "1").status).toBe(1);
    const text = readFileSync(full, "utf8");
    const part = join(dir, "part.ndjson");
    // 73 complete lines and half of the next: an interrupted run
    const cut = text.split("\n").slice(0, 73).join("\n").length + 1;
    writeFileSync(part, text.slice(0, cut + 40));
    const r = cli("fixtures/rules/orders.rules.json", ORDERS, "-o", part, "--resume", "--workers", "2");
    expect(r.stderr).toMatch(/127 records .*73 skipped/);
    expect(readFileSync(part, "utf8")).toBe(text);
    // resuming a complete output evaluates nothing more
    const again = cli("fixtures/rules/orders.rules.json", ORDERS, "-o", part, "--resume");
    expect(again.stderr).toMatch(/0 records/);
    expect(readFileSync(part, "utf8")).toBe(text);
  });

  it("exit status 2 for an invalid rule set (with its problems), a missing input, bad usage", () => {
    const bad = join(dir, "bad.rules.json");
    writeFileSync(bad, JSON.stringify({ name: "bad", rules: [{ id: "a", when: "qty >" }] }));
    const r = cli(bad, ORDERS);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\/rules\/0\/when:1:/);
    expect(cli("fixtures/rules/orders.rules.json", join(dir, "missing.ndjson")).status).toBe(2);
    expect(cli("fixtures/rules/orders.rules.json").status).toBe(2);
    expect(cli("fixtures/rules/orders.rules.json", ORDERS, "--workers", "x").status).toBe(2);
    expect(cli("fixtures/rules/orders.rules.json", ORDERS, "--resume").status).toBe(2);
  });

  it("reads CSV by extension and JSON by --format", () => {
    const csv = cli("test/fixtures-batch/small.rules.json", "test/fixtures-batch/small.csv", "--workers", "1", "--allow-failures");
    expect(csv.status).toBe(0);
    expect(csv.stdout.split("\n").filter((l) => l).length).toBe(4);
    const copy = join(dir, "small.txt");
    writeFileSync(copy, readFileSync("test/fixtures-batch/small.json"));
    const json = cli("test/fixtures-batch/small.rules.json", copy, "--format", "json", "--workers", "0");
    expect(json.stdout.split("\n").filter((l) => l).length).toBe(6);
  });
});
