// Distributed batches (src/queue) against a real redis-server: every test compares the output
// with a local runBatch of the same records, byte for byte, so each record appears exactly
// once with the same result. Faults: a worker process killed with SIGKILL mid-chunk (its chunk
// back within the default lock + stalled interval), a coordinator stopped and restarted with
// the same batch id (in-process, with the output cut on and inside a chunk, and the CLI killed
// with SIGKILL then run again with --resume), Redis restarted mid-batch, a rule set altered in
// Redis, a poison chunk. Also a worker process evaluating on a thread pool (--workers 2), and
// CSV and iterable sources whose values JSON would change (bigints, undefined, NaN, …). The
// worker process is the compiled CLI (bin/moonrule.js: `npm test` builds first).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runBatch } from "../../src/rules/batch.js";
import { openSourceBatches } from "../../src/rules/sources.js";
import { progressText } from "../../src/cli/batch.js";
import { RuleSet } from "../../src/rules/ruleset.js";
import { runDistributedBatch, type DistributedBatchOptions } from "../../src/queue/coordinator.js";
import { STALLED_DEFAULTS, startWorker, type QueueWorkerHandle, type QueueWorkerOptions } from "../../src/queue/worker.js";
import { bullConnection, parseRedisUrl } from "../../src/queue/connection.js";
import { QUEUE_NAME, rulesetHash, rulesetKey } from "../../src/queue/protocol.js";
import { haveRedis, TestRedis } from "./redis-server.js";

const rs = RuleSet.fromJSON(readFileSync("fixtures/rules/orders.rules.json", "utf8"));
const N = 12_000;
const LINES = spawnSync("node", ["fixtures/rules/generate.mjs", String(N), "7"], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout.split("\n").filter((l) => l !== "");
const TEXT = LINES.join("\n") + "\n";
const source = (): Readable => Readable.from([TEXT]);

let expected = "";
const redis = new TestRedis();
const workers: QueueWorkerHandle[] = [];

async function text(it: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const t of it) s += t;
  return s;
}

function worker(o: Partial<QueueWorkerOptions> = {}): QueueWorkerHandle {
  const w = startWorker({ connection: redis.url, ...o });
  workers.push(w);
  return w;
}

async function stopWorkers(): Promise<void> {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
}

async function flush(): Promise<void> {
  const c = new Redis(redis.url);
  await c.flushdb();
  await c.quit();
}

const bull = (): ReturnType<typeof bullConnection> => bullConnection(redis.url);
const opts = (o: Partial<DistributedBatchOptions> = {}): DistributedBatchOptions => ({ connection: redis.url, chunkSize: 1000, pollMs: 100, format: "ndjson", ...o });

/** Lines by index: each exactly once. */
function indices(out: string): number[] {
  return out.split("\n").filter((l) => l !== "").map((l) => (JSON.parse(l) as { index: number }).index);
}

describe.skipIf(!haveRedis)("distributed batch (Redis + BullMQ)", () => {
  beforeAll(async () => {
    await redis.start();
    expected = await text(runBatch(rs, source(), { workers: 0, format: "ndjson" }).ndjson());
  });
  afterEach(stopWorkers);
  afterAll(async () => {
    await stopWorkers();
    await redis.destroy();
  });

  it("parses redis:// and rediss:// URLs", () => {
    expect(parseRedisUrl("redis://h:6380/3")).toEqual({ host: "h", port: 6380, db: 3 });
    expect(parseRedisUrl("rediss://u:p%40ss@h/0")).toMatchObject({ host: "h", port: 6379, db: 0, username: "u", password: "p@ss", tls: { servername: "h" } });
    expect(() => parseRedisUrl("http://h")).toThrow(/redis:\/\//);
  });

  it("a coordinator and two workers give the local batch's bytes", async () => {
    worker({ name: "w1" });
    worker({ name: "w2" });
    const b = runDistributedBatch(rs, source(), opts());
    const out = await text(b.ndjson());
    expect(out).toBe(expected);
    expect(b.summary.records).toBe(N);
    expect(b.summary.chunks).toBe(N / 1000);
    expect(b.summary.failedChunks).toBe(0);
    const local = runBatch(rs, source(), { workers: 0, format: "ndjson" });
    await text(local.ndjson());
    for (const k of ["valid", "invalid", "errors", "ruleErrors", "matches"] as const) expect(b.summary[k]).toEqual(local.summary[k]);
    expect(Object.values(b.summary.recordsPerWorker).reduce((a, x) => a + x, 0)).toBe(N);
    await stopWorkers();
  });
  it("moonrule worker --workers 2: chunks evaluated on a thread pool, two at a time, same bytes", async () => {
    await flush();
    const child = spawnWorkerProcess(["--name", "pooled", "--workers", "2"]);
    await waitForLine(child, /ready on .* \(2 worker threads;/);
    const b = runDistributedBatch(rs, source(), opts({ batchId: "pooled", chunkSize: 500 }));
    const out = await text(b.ndjson());
    expect(out).toBe(expected);
    expect(indices(out)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(b.summary.recordsPerWorker).toEqual({ pooled: N });
    const stopped = waitForLine(child, /stopped after 24 chunks, 12000 records, 0 failed/);
    child.kill("SIGTERM");
    await stopped;
  });

  it("moonrule batch --queue writes the local batch's file; bad flags are usage errors", async () => {
    await flush();
    worker();
    const dir = mkdtempSync(join(tmpdir(), "moonrule-queue-cli-"));
    writeFileSync(join(dir, "in.ndjson"), TEXT);
    const run = (args: string[]): Promise<{ code: number | null; err: string }> => new Promise((resolve) => {
      const c = spawn("node", ["bin/moonrule.js", "batch", "fixtures/rules/orders.rules.json", join(dir, "in.ndjson"), ...args], { stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      c.stderr!.on("data", (b: Buffer) => (err += b.toString()));
      c.once("exit", (code) => resolve({ code, err }));
    });
    const r = await run(["-o", join(dir, "out.ndjson"), "--queue", redis.url, "--chunk-size", "1500", "--batch-id", "cli", "--allow-failures"]);
    expect(r.err).toMatch(/queue: batch cli, 8 chunks \(0 resumed, 0 failed, 0 retried\)/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "out.ndjson"), "utf8")).toBe(expected);
    expect((await run(["--queue", "http://x"])).code).toBe(2);
    expect((await run(["--chunk-size", "10"])).code).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it("a worker process killed with SIGKILL mid-chunk: with the default lock (10 s) and stalled check (5 s) its chunk runs again within 15 s, output unchanged", async () => {
    await flush();
    const D = STALLED_DEFAULTS;
    // no stalled-job flags: the CLI's defaults
    const child = spawnWorkerProcess(["--name", "doomed"]);
    await waitForLine(child, new RegExp(`ready on .*; lock ${D.lockDuration} ms, stalled check every ${D.stalledInterval} ms, ${D.maxStalledCount} stalls allowed\\)`));
    const events = new QueueEvents(QUEUE_NAME, { connection: bull() });
    await events.waitUntilReady();
    const stalled = new Map<string, number>();
    events.on("stalled", ({ jobId }) => stalled.set(jobId, performance.now()));
    const b = runDistributedBatch(rs, source(), opts({ batchId: "killed" }));
    const done = text(b.ndjson());
    const queue = new Queue(QUEUE_NAME, { connection: bull() });
    // kill it while it holds a chunk
    let held: string | undefined;
    for (let t = 0; held === undefined; t++) {
      held = (await queue.getActive()).find((j) => j.processedBy === "doomed")?.id;
      if (t > 1000) throw new Error("the worker process never took a chunk");
      if (held === undefined) await sleep(5);
    }
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    const killedAt = performance.now();
    await exited;
    // the lock it left is the default's, not BullMQ's 30 s
    const c = new Redis(redis.url);
    const ttl = await c.pttl(`bull:${QUEUE_NAME}:${held}:lock`);
    await c.quit();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(D.lockDuration);
    // a worker with the defaults too: its stalled checks put the chunk back once the lock lapses
    const w = worker({ name: "survivor" });
    const out = await done;
    const back = stalled.get(held!);
    expect(back).toBeDefined();
    // at most lockDuration + stalledInterval after the kill (some slack for a busy machine)
    expect(back! - killedAt).toBeLessThan(D.lockDuration + D.stalledInterval + 2000);
    expect(out).toBe(expected);
    expect(new Set(indices(out)).size).toBe(N);
    expect(b.summary.retries).toBeGreaterThanOrEqual(1);
    expect(Object.values(b.summary.recordsPerWorker).reduce((a, x) => a + x, 0)).toBe(N);
    expect(w.stats.records).toBeGreaterThan(0);
    await events.close();
    await queue.close();
    await stopWorkers();
  });

  // 2500: the output ends inside chunk 2 (a write torn by a kill): its tail comes from the result
  // still in Redis, not from computing the chunk again
  it.each([3000, 2500])("a coordinator restarted with the same batch id continues from the chunks done (output cut after %i records)", async (skip) => {
    await flush();
    const w = worker();
    const id = `again-${skip}`;
    const first = runDistributedBatch(rs, source(), opts({ batchId: id, maxInFlight: 4 }));
    let written = "";
    let blocks = 0;
    for await (const t of first.ndjson()) {
      written += t;
      if (++blocks === 3) break; // the coordinator stops; chunks 3 to 6 are queued or running
    }
    await queueDrained();
    const computed = w.stats.chunks;
    expect(computed).toBeGreaterThan(3);
    written = written.split("\n").slice(0, skip).join("\n") + "\n";
    // continue the output as `moonrule batch --resume --batch-id …` does: skip the records written
    const second = runDistributedBatch(rs, source(), opts({ batchId: id, skip }));
    written += await text(second.ndjson());
    expect(written).toBe(expected);
    expect(second.summary.resumedChunks).toBe(computed - Math.floor(skip / 1000));
    expect(second.summary.records).toBe(N - skip);
    const local = runBatch(rs, source(), { workers: 0, format: "ndjson", skip });
    await text(local.ndjson());
    for (const k of ["valid", "invalid", "errors", "ruleErrors", "matches"] as const) expect(second.summary[k]).toEqual(local.summary[k]);
    expect(w.stats.chunks).toBe(N / 1000); // nothing computed twice
    await stopWorkers();
  });

  it("moonrule batch --queue killed with SIGKILL and restarted with --resume: the file is the local batch's", async () => {
    await flush();
    const dir = mkdtempSync(join(tmpdir(), "moonrule-queue-resume-"));
    const input = join(dir, "in.ndjson");
    const outPath = join(dir, "out.ndjson");
    writeFileSync(input, TEXT);
    const args = ["batch", "fixtures/rules/orders.rules.json", input, "-o", outPath, "--queue", redis.url, "--chunk-size", "1000", "--batch-id", "killed-coord", "--allow-failures"];
    const w1 = worker({ name: "first" });
    const first = spawn("node", ["bin/moonrule.js", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    children.push(first);
    // let the first worker compute a few chunks, then take it away: the coordinator writes
    // those and waits for the rest, which stay queued
    while (w1.stats.chunks < 3) await sleep(5);
    await w1.stop();
    const computed = w1.stats.chunks;
    while (lineCount(outPath) < computed * 1000) await sleep(5);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    // a write torn by the kill: --resume cuts it off
    appendFileSync(outPath, '{"index":' + computed * 1000 + ',"resu');
    expect(lineCount(outPath)).toBe(computed * 1000);
    expect(computed).toBeLessThan(N / 1000);

    // the jobs outlive their coordinator: a worker computes the rest, the new coordinator takes it from Redis
    const w2 = worker({ name: "second" });
    await queueDrained();
    const second = spawn("node", ["bin/moonrule.js", ...args, "--resume"], { stdio: ["ignore", "ignore", "pipe"] });
    children.push(second);
    let err = "";
    second.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    const code = await new Promise((r) => second.once("exit", r));
    expect(err).toMatch(new RegExp(`${N - computed * 1000} records in .*, ${computed * 1000} skipped \\(resumed\\)`));
    expect(err).toContain(`queue: batch killed-coord, ${N / 1000 - computed} chunks (${N / 1000 - computed} resumed, 0 failed`);
    expect(code).toBe(0);
    const out = readFileSync(outPath, "utf8");
    expect(out).toBe(expected);
    expect(indices(out)).toEqual(Array.from({ length: N }, (_, i) => i));
    // nothing was computed twice: the chunks the first worker did were written, not redone
    expect(w1.stats.chunks + w2.stats.chunks).toBe(N / 1000);
    rmSync(dir, { recursive: true, force: true });
    await stopWorkers();
  });

  it("Redis restarted mid-batch (same port and directory, AOF): coordinator and workers reconnect, output unchanged", async () => {
    await flush();
    const errors: string[] = [];
    // a job taken just as the server went down can be lost to its worker (the reply to the
    // command that took it never came back): BullMQ's stalled-job check puts it back once its
    // lock expires, within lockDuration + stalledInterval (short here, 10 s + 5 s by default)
    worker({ name: "inproc", lockDuration: 1000, stalledInterval: 500, onError: (e) => errors.push(e.message) });
    const child = spawnWorkerProcess(["--name", "proc", "--lock-duration", "1000", "--stalled-interval", "500"]);
    await waitForLine(child, /ready/);
    const b = runDistributedBatch(rs, source(), opts({ batchId: "redis-restart", maxInFlight: 4, onError: (e) => errors.push("coord " + e.message) }));
    let out = "";
    let blocks = 0;
    let restarted: Promise<void> | undefined;
    let isBack = false;
    let afterRestart = 0;
    for await (const t of b.ndjson()) {
      out += t;
      if (isBack) afterRestart++;
      // SIGTERM goes out now, while the coordinator and the workers are in the middle of the batch
      // (4 of 12 chunks in flight, 11 not written): the rest can only come through the new server
      if (++blocks === 1) restarted = redis.restart().then(() => void (isBack = true));
    }
    await restarted;
    expect(blocks).toBe(N / 1000);
    expect(out).toBe(expected);
    expect(indices(out)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(b.summary.records).toBe(N);
    expect(b.summary.failedChunks).toBe(0);
    expect(afterRestart).toBeGreaterThan(0); // it did happen mid-batch
    // the worker process survived it too
    expect(child.exitCode).toBe(null);
    child.kill("SIGTERM");
    await stopWorkers();
  });

  it("a rule set altered in Redis is refused by the workers, and so is a job of another version", async () => {
    await flush();
    const b = runDistributedBatch(rs, source(), opts({ batchId: "tampered" }));
    const done = text(b.ndjson());
    const c = new Redis(redis.url);
    const doc = JSON.stringify(rs.document);
    const key = rulesetKey(rulesetHash(doc));
    while ((await c.exists(key)) === 0) await sleep(5);
    await c.hset(key, "doc", doc.replace('"priority"', '"priority" ').replace(/"score":\s*(\d+)/, '"score":$1 '));
    expect(rulesetHash((await c.hget(key, "doc"))!)).not.toBe(rulesetHash(doc));
    const w = worker();
    const out = await done;
    expect(indices(out)).toEqual(Array.from({ length: N }, (_, i) => i));
    for (const l of out.split("\n").filter((x) => x !== "")) expect(l).toMatch(/"error":\{"message":"chunk \d+ failed on the queue after 1 attempt: refused: rule set [0-9a-f]{64} in Redis does not match its hash/);
    expect(b.summary.failedChunks).toBe(N / 1000);
    expect(b.summary.errors).toBe(N);
    expect(w.stats.records).toBe(0);

    // a job made by another moonrule
    const queue = new Queue(QUEUE_NAME, { connection: bull() });
    const events = new QueueEvents(QUEUE_NAME, { connection: bull() });
    await events.waitUntilReady();
    const job = await queue.add("chunk", { batchId: "old", chunk: 0, base: 0, rulesetHash: "x", version: "0.0.1/9", format: 1, explain: false, includeRecord: false, records: [] }, { attempts: 3 });
    await expect(job.waitUntilFinished(events)).rejects.toThrow(/refused: the job was made by moonrule 0.0.1\/9 .*this worker is moonrule/);
    await events.close();
    await queue.close();
    await c.quit();
    await stopWorkers();
  });

  it("CSV rows and values from an iterable (bigints, undefined, NaN, ±Infinity, Dates, Maps, …) give the local batch's bytes, not those of their JSON", async () => {
    await flush();
    worker();
    const values = (): unknown[] => {
      const shared = { k: 1 };
      return [
        { v: 2n ** 60n + 1n, list: [1, undefined, 3] },
        { v: NaN, m: new Map([["k", 5]]), s: new Set(["x"]) },
        { v: Infinity, d: new Date(0) },
        { v: -Infinity, u: undefined, list: [undefined, undefined, 1] },
        { v: -0, a: shared, b: shared },
        { v: 1.5, bytes: new Uint8Array([1, 2]) },
        '{"v": 3}', // raw JSON text among values
        "not json",
        7,
        { v: "text", when: new Date(86_400_000) },
      ];
    };
    // a field's Lua type and value, and a rule that tells NaN
    const vrs = RuleSet.fromJSON({
      name: "values",
      rules: [
        { id: "show", when: "true", outputs: { t: "(math.type(fact.v) or type(fact.v)) .. ' ' .. tostring(fact.v)", n: "fact.list and #fact.list or -1", m: "fact.m and fact.m.k or 'none'", d: "fact.d or 'none'" } },
        { id: "nan", when: "fact.v ~= fact.v" },
      ],
    });
    const csv = join(mkdtempSync(join(tmpdir(), "moonrule-queue-csv-")), "in.csv");
    writeFileSync(csv, "id,v,zip\n1,1e400,007\n2,-0,+1\n3,-1e400,12\n4,12345678901234567890,x\n5,,\n");
    const pool = { workers: 1, workerUrl: new URL("../../dist/rules/batch-worker.js", import.meta.url) };
    for (const [name, src] of [["iterable", values], ["csv", () => csv]] as const) {
      // the local batch inline and on a worker thread (structured clone, as `moonrule batch` runs it)
      const local = await text(runBatch(vrs, src(), { workers: 0 }).ndjson());
      expect(await text(runBatch(vrs, src(), pool).ndjson())).toBe(local);
      const b = runDistributedBatch(vrs, src(), opts({ batchId: `values-${name}`, chunkSize: 3, format: undefined }));
      expect(await text(b.ndjson())).toBe(local);
      expect(b.summary.records).toBe(name === "csv" ? 5 : 10);
      // the same records through JSON (what jobs used to carry) are other facts
      const rows: unknown[] = [];
      for await (const block of openSourceBatches(src())) rows.push(...block);
      const viaJson = rows.map((r) => JSON.parse(JSON.stringify(r, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x)) ?? "null") as unknown);
      expect(await text(runBatch(vrs, viaJson, { workers: 0 }).ndjson())).not.toBe(local);
    }
    rmSync(join(csv, ".."), { recursive: true, force: true });

    // a record that cannot be cloned stops the batch as it stops the local one on threads
    const bad = runDistributedBatch(vrs, [{ v: 1 }, { f: () => 1 }], opts({ batchId: "values-bad" }));
    await expect(text(bad.ndjson())).rejects.toThrow(/record 1 cannot be sent to the queue's workers: .*could not be cloned/);
    await stopWorkers();
  });

  it("a poison chunk is reported record by record after its attempts, everything else delivered", async () => {
    await flush();
    worker({ testPoisonRecords: [2500] });
    const b = runDistributedBatch(rs, source(), opts({ batchId: "poison", attempts: 2, backoffMs: 20 }));
    const out = await text(b.ndjson());
    const got = out.split("\n");
    const want = expected.split("\n");
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      if (i >= 2000 && i < 3000) expect(got[i]).toBe(JSON.stringify({ index: i, error: { message: "chunk 2 failed on the queue after 2 attempts: test: poison record 2500" } }));
      else expect(got[i]).toBe(want[i]);
    }
    expect(b.summary.failedChunks).toBe(1);
    expect(b.summary.records).toBe(N);
    await stopWorkers();
  });
});

/** Waits until no job is waiting or running. */
async function queueDrained(): Promise<void> {
  const queue = new Queue(QUEUE_NAME, { connection: bull() });
  for (let t = 0; ; t++) {
    const c = await queue.getJobCounts("waiting", "active", "delayed");
    if (c.waiting === 0 && c.active === 0 && c.delayed === 0) break;
    if (t > 2000) throw new Error("the queued chunks were not computed");
    await sleep(5);
  }
  await queue.close();
}

/** Complete lines in a file (0 if it does not exist yet). */
function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  const b = readFileSync(path);
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

describe("the CLI's progress line", () => {
  const base = { records: 6000, valid: 6000, invalid: 0, errors: 0, ruleErrors: 0, matches: {}, elapsedMs: 2000, recordsPerSecond: 3000, retries: 0, workerRestarts: 0, workers: 1, skipped: 0, done: false };
  it("local: records, records/s, share read, ETA", () => {
    expect(progressText(base, 2000, 0.5)).toBe("6000 records, 3000/s, 50.0%, ETA 2s");
  });
  it("queue: the whole cluster's retries, failed chunks and records per worker, cut to the terminal", () => {
    const d = { ...base, retries: 2, batchId: "b", chunks: 6, resumedChunks: 0, failedChunks: 1, recordsPerWorker: { "h1:10": 4000, "h2:11": 2000 } };
    expect(progressText(d, 2000, 0.25)).toBe("6000 records, 3000/s, 25.0%, ETA 6s | 2 retried, 1 failed | h1:10 4000, h2:11 2000");
    expect(progressText(d, 2000, 0.25, 40)).toBe("6000 records, 3000/s, 25.0%, ETA 6s | …");
  });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

/** `moonrule worker` as a separate process (the compiled CLI). */
function spawnWorkerProcess(args: string[]): ChildProcess {
  if (!existsSync("dist/cli/worker.js")) throw new Error("dist/cli/worker.js is missing: run npm run build (npm test does)");
  const c = spawn("node", ["bin/moonrule.js", "worker", "--queue", redis.url, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  children.push(c);
  return c;
}

function waitForLine(c: ChildProcess, re: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = "";
    c.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      if (re.test(err)) resolve();
    });
    c.once("exit", (code) => reject(new Error(`the worker process exited (${String(code)}): ${err}`)));
  });
}
