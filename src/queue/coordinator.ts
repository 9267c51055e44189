// The coordinator of a distributed batch: the local batch's results (src/rules/batch.ts), in
// the same order and the same NDJSON bytes, computed by queue workers (worker.ts) on any
// number of machines through Redis and BullMQ.
//
// It stores the rule set under its content hash, reads the source in chunks, enqueues one job
// per chunk (at most `maxInFlight` chunks enqueued and not yet written, so memory and Redis use
// stay constant whatever the input's size), and emits results in input order: it waits for the
// result of the oldest chunk in flight, emits it once, deletes it. A chunk whose job failed all
// its attempts comes out as one error per record, and the batch goes on.
//
// Job ids are `batchId.chunk`, and BullMQ ignores adding a job whose id exists: a coordinator
// restarted with the same batch id takes the results already in Redis, waits for the jobs
// still queued or running, and enqueues only what is missing.
//
// Waiting: QueueEvents wakes the coordinator when a job completes or fails; a timer (pollMs)
// also wakes it, as a safety net for missed events, and then it looks at the oldest chunk's
// job (failed? gone without a result?).

import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { addCounts, errorChunkNdjson, type ChunkCounts } from "../rules/batch-eval.js";
import type { BatchResult, BatchSummary } from "../rules/batch.js";
import { RuleSet, type RuleSetDocument } from "../rules/ruleset.js";
import { openSourceBatches, type BatchSource, type SourceOptions } from "../rules/sources.js";
import { AlignedChunker, resultTail } from "./chunks.js";
import { encodeRecords } from "./records.js";
import { bullConnection, openRedis, type QueueConnection } from "./connection.js";
import { checkBatchId, CHUNK_FORMAT, jobId, MOONRULE_VERSION, QUEUE_NAME, resultKey, rulesetHash, rulesetKey, type ChunkJob, type ResultMeta } from "./protocol.js";

export interface DistributedBatchOptions extends SourceOptions {
  connection: QueueConnection;
  /** Names the batch in Redis; give the same id to a restarted coordinator to continue. Default: random. */
  batchId?: string;
  /** Records per job (default 2000: large enough that Redis round trips cost little per record). */
  chunkSize?: number;
  /** Chunks enqueued and not yet written (default 16): bounds memory here and in Redis. */
  maxInFlight?: number;
  explain?: boolean;
  includeRecord?: boolean;
  /** Skip this many records (they keep their indices). */
  skip?: number;
  signal?: AbortSignal;
  /** Attempts per chunk job before it is reported as failed (default 3). */
  attempts?: number;
  /** First retry delay, doubled on each retry (default 1000 ms). */
  backoffMs?: number;
  /** How often the oldest chunk's job is looked at besides the events (default 500 ms). */
  pollMs?: number;
  /** Called with errors the batch survives (a lost connection to Redis: it reconnects and goes on). */
  onError?: (e: Error) => void;
}

export interface DistributedSummary extends BatchSummary {
  batchId: string;
  /** Chunks emitted. */
  chunks: number;
  /** Chunks found done in Redis when the batch started (resumed). */
  resumedChunks: number;
  /** Chunks whose job failed all its attempts (their records are errors). */
  failedChunks: number;
  /** Records computed by each worker (by name). */
  recordsPerWorker: Record<string, number>;
}

interface ChunkOut {
  base: number;
  text: string;
  counts: ChunkCounts;
  error?: string;
}

interface InFlight {
  chunk: number;
  base: number;
  n: number;
  /** Its result was in Redis when it was read (counted in resumedChunks). */
  resumed?: boolean;
}

export class DistributedBatch implements AsyncIterable<BatchResult> {
  readonly summary: DistributedSummary;
  readonly batchId: string;
  /** Bytes read so far from a file or stream source. */
  bytesRead = 0;
  private started = false;
  private readonly t0 = performance.now();

  /** @internal */
  constructor(private readonly ruleSet: RuleSet, private readonly source: BatchSource, private readonly opts: DistributedBatchOptions) {
    this.batchId = checkBatchId(opts.batchId ?? `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`);
    this.summary = {
      records: 0, valid: 0, invalid: 0, errors: 0, ruleErrors: 0,
      matches: Object.fromEntries(ruleSet.order.map((id) => [id, 0])),
      elapsedMs: 0, recordsPerSecond: 0, retries: 0, workerRestarts: 0, workers: 0, skipped: 0, done: false,
      batchId: this.batchId, chunks: 0, resumedChunks: 0, failedChunks: 0, recordsPerWorker: {},
    };
  }

  /** The results as objects (each line of ndjson() parsed back). */
  async *[Symbol.asyncIterator](): AsyncIterator<BatchResult> {
    for await (const text of this.ndjson()) {
      let start = 0;
      for (let nl = text.indexOf("\n"); nl >= 0; start = nl + 1, nl = text.indexOf("\n", start)) {
        yield JSON.parse(text.slice(start, nl)) as BatchResult;
      }
    }
  }

  /** The NDJSON text of the local batch's ndjson(), byte for byte, a chunk per block. */
  ndjson(): AsyncIterable<string> {
    if (this.started) throw new Error("a batch can be iterated once");
    this.started = true;
    return this.texts();
  }

  private async *texts(): AsyncGenerator<string> {
    try {
      for await (const c of this.run()) {
        this.add(c.counts);
        this.tick();
        if (c.text.length > 0) yield c.text;
        if (c.error !== undefined) throw new TypeError(`the result of record ${c.base + c.counts.records} cannot be written as JSON: ${c.error}`);
      }
    } finally {
      this.tick();
      this.summary.done = true;
    }
  }

  private add(c: ChunkCounts): void {
    addCounts(this.summary, c);
    this.summary.chunks++;
  }

  private tick(): void {
    const s = this.summary;
    s.elapsedMs = performance.now() - this.t0;
    s.recordsPerSecond = s.elapsedMs > 0 ? (s.records * 1000) / s.elapsedMs : 0;
  }

  private abortError(): Error {
    const reason: unknown = this.opts.signal?.reason;
    return reason instanceof Error ? reason : new DOMException("the batch was aborted", "AbortError");
  }

  private async *run(): AsyncGenerator<ChunkOut> {
    const o = this.opts;
    const { signal } = o;
    const chunkSize = Math.max(1, Math.floor(o.chunkSize ?? 2000));
    const maxInFlight = Math.max(1, Math.floor(o.maxInFlight ?? 16));
    const attempts = Math.max(1, o.attempts ?? 3);
    const backoffMs = o.backoffMs ?? 1000;
    const prefix = `${this.batchId}.`;

    const redis = openRedis(o.connection);
    const queue = new Queue<ChunkJob, void, "chunk">(QUEUE_NAME, { connection: bullConnection(o.connection) });
    const events = new QueueEvents(QUEUE_NAME, { connection: bullConnection(o.connection) });
    const onError = (e: Error): void => o.onError?.(e);
    // without a listener, an "error" event (the connection dropped) would throw
    redis.on("error", onError);
    queue.on("error", onError);
    events.on("error", onError);
    let wakeUp: (() => void) | undefined;
    let dirty = false;
    let look = true; // look at the oldest chunk's job on the next round
    const wake = (lookAtJob: boolean): void => {
      dirty = true;
      if (lookAtJob) look = true;
      wakeUp?.();
    };
    events.on("completed", ({ jobId: id }) => id.startsWith(prefix) && wake(false));
    events.on("failed", ({ jobId: id }) => id.startsWith(prefix) && wake(true));
    const onAbort = (): void => wake(false);
    signal?.addEventListener("abort", onAbort);
    const timer = setInterval(() => wake(true), o.pollMs ?? 500);
    const reader = new AlignedChunker(
      openSourceBatches(this.source, { ...o, onBytes: (b) => (this.bytesRead += b) }),
      chunkSize, o.skip ?? 0, (n) => (this.summary.skipped += n),
    );
    const workers = new Set<string>();

    try {
      await events.waitUntilReady();
      const doc = JSON.stringify(this.ruleSet.document);
      const hash = rulesetHash(doc);
      await redis.hset(rulesetKey(hash), "doc", doc, "version", MOONRULE_VERSION, "format", String(CHUNK_FORMAT));

      const enqueue = async (c: InFlight, records: unknown[]): Promise<void> => {
        const data: ChunkJob = {
          batchId: this.batchId, chunk: c.chunk, base: c.base, rulesetHash: hash, version: MOONRULE_VERSION, format: CHUNK_FORMAT,
          explain: o.explain === true, includeRecord: o.includeRecord === true, records: encodeRecords(records, c.base),
        };
        await queue.add("chunk", data, {
          jobId: jobId(this.batchId, c.chunk), attempts, backoff: { type: "exponential", delay: backoffMs },
          removeOnComplete: true, removeOnFail: { age: 86_400 },
        });
      };

      const inflight: InFlight[] = [];
      // the records of chunks in flight, kept only to re-enqueue one whose job vanished without a result
      const records = new Map<number, unknown[]>();
      let exhausted = false;
      for (;;) {
        if (signal?.aborted) throw this.abortError();
        // keep the queue fed
        while (!exhausted && inflight.length < maxInFlight) {
          const c = await reader.next();
          if (c === undefined) {
            exhausted = true;
            break;
          }
          const f: InFlight = { chunk: c.chunk, base: c.base, n: c.items.length };
          if ((await redis.exists(resultKey(this.batchId, c.chunk))) === 1) {
            this.summary.resumedChunks++;
            f.resumed = true;
          } else await enqueue(f, c.items);
          records.set(c.chunk, c.items);
          inflight.push(f);
          if (signal?.aborted) throw this.abortError();
        }
        const head = inflight[0];
        if (head === undefined) break;

        const key = resultKey(this.batchId, head.chunk);
        const [text, metaJson] = await redis.hmget(key, "text", "meta");
        if (text !== null && metaJson !== null) {
          const meta = JSON.parse(metaJson) as ResultMeta;
          if (meta.base === head.base && meta.n === head.n) {
            inflight.shift();
            records.delete(head.chunk);
            this.noteWorker(meta, workers);
            yield { base: head.base, text, counts: meta.counts, error: meta.error };
            await redis.del(key);
            continue;
          }
          // a resume whose output ends inside this chunk (a write torn by a kill, a local batch
          // continued on the queue): the whole chunk's result, of which its tail is still due
          const tail = meta.error === undefined && meta.base < head.base && meta.base + meta.n === head.base + head.n
            ? resultTail(text, head.base - meta.base, head.n, head.base)
            : undefined;
          if (tail !== undefined) {
            inflight.shift();
            records.delete(head.chunk);
            this.noteWorker({ ...meta, n: head.n }, workers);
            yield { base: head.base, ...tail };
            await redis.del(key);
            continue;
          }
          // a result of another cut of the input (another chunk size or skip): compute again
          if (head.resumed === true) {
            head.resumed = false;
            this.summary.resumedChunks--;
          }
          await redis.del(key);
          const old = await queue.getJob(jobId(this.batchId, head.chunk));
          await old?.remove().catch(() => {});
          await enqueue(head, records.get(head.chunk)!);
          continue;
        }
        if (look) {
          look = false;
          const job = await queue.getJob(jobId(this.batchId, head.chunk));
          const state = job === undefined ? "missing" : await job.getState();
          if (state === "failed" && job !== undefined) {
            inflight.shift();
            records.delete(head.chunk);
            this.summary.failedChunks++;
            const why = `chunk ${head.chunk} failed on the queue after ${job.attemptsStarted} attempt${job.attemptsStarted === 1 ? "" : "s"}: ${job.failedReason}`;
            yield { base: head.base, ...errorChunkNdjson(head.base, head.n, why) };
            await job.remove().catch(() => {});
            continue;
          }
          if (state === "missing" || state === "unknown" || state === "completed") {
            // done earlier without a result here (a previous coordinator wrote and deleted it,
            // or the result expired): compute it again
            if ((await redis.exists(key)) === 0) {
              if (job !== undefined) await job.remove().catch(() => {});
              await enqueue(head, records.get(head.chunk)!);
            }
            continue;
          }
        }
        if (!dirty) await new Promise<void>((r) => (wakeUp = r));
        wakeUp = undefined;
        dirty = false;
      }
    } finally {
      clearInterval(timer);
      signal?.removeEventListener("abort", onAbort);
      reader.close();
      await Promise.allSettled([events.close(), queue.close()]);
      await redis.quit().catch(() => redis.disconnect());
    }
  }

  private noteWorker(meta: ResultMeta, workers: Set<string>): void {
    const s = this.summary;
    s.recordsPerWorker[meta.worker] = (s.recordsPerWorker[meta.worker] ?? 0) + meta.n;
    if (meta.attempt > 1) s.retries += meta.attempt - 1;
    workers.add(meta.worker);
    s.workers = workers.size;
  }
}

/**
 * A batch evaluated by queue workers (`moonrule worker`, startWorker): the same results as
 * runBatch, in input order. The rule set is compiled (and so validated) here.
 */
export function runDistributedBatch(ruleSet: RuleSet | RuleSetDocument | string, source: BatchSource, options: DistributedBatchOptions): DistributedBatch {
  const rs = ruleSet instanceof RuleSet ? ruleSet : RuleSet.fromJSON(ruleSet);
  return new DistributedBatch(rs, source, options);
}
