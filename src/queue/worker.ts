// A queue worker: a BullMQ Worker that evaluates chunk jobs (protocol.ts) and stores their
// results in Redis, where the coordinator (coordinator.ts) picks them up in input order.
//
// Before computing, a job is checked: a job from another moonrule version or chunk format is
// refused (UnrecoverableError: no retries, the coordinator reports the chunk with the reason)
// rather than evaluated by different code. The rule set is fetched once per hash and verified
// against its hash before use, so a rule set altered in Redis is refused, never evaluated.
// Evaluation and serialisation are batch-eval.ts's, so the lines are byte for byte those of a
// local batch.
//
// A job may run more than once (a worker dies mid-chunk: BullMQ's stalled-job check puts it
// back; a failure is retried with backoff). Every run stores the same result under the same
// key, and the coordinator emits a chunk once: at-least-once computing, exactly-once output.
//
// Stalled jobs (STALLED_DEFAULTS): a job's lock lives `lockDuration` and BullMQ renews it from
// this process's event loop (lockRenewTime = lockDuration / 2, looked at every lockDuration / 4,
// so a renewal is due at most 3/4 of a lockDuration after the last one). Every worker runs the
// stalled check each `stalledInterval` (one of them at a time: BullMQ guards it with a key that
// lives one interval): a check marks the active jobs, and the next check puts back those still
// marked whose lock has gone. A dead worker's chunk therefore waits at most lockDuration +
// stalledInterval (when stalledInterval <= lockDuration) before it can run again, 15 s with the
// defaults instead of about a minute with BullMQ's (30 s, 30 s). The shorter lock is safe
// because the event loop is never busy for long: inline evaluation yields between slices
// (evaluateInline), a thread pool evaluates off it.

import { hostname } from "node:os";
import { Worker, UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { addCounts, emptyCounts, evaluateChunkNdjson, type NdjsonChunk } from "../rules/batch-eval.js";
import { RuleSet } from "../rules/ruleset.js";
import { batchWorkerUrl, PoolCache, threadCount } from "./pool.js";
import { decodeRecords } from "./records.js";
import { bullConnection, openRedis, type QueueConnection } from "./connection.js";
import { CHUNK_FORMAT, MOONRULE_VERSION, QUEUE_NAME, resultKey, rulesetHash, rulesetKey, type ChunkJob, type ResultMeta } from "./protocol.js";

/**
 * The worker's stalled-job settings unless told otherwise (BullMQ's own are 30 s, 30 s and 1):
 * a chunk lost with its worker (killed, its machine gone, its job taken as Redis went down) is
 * back in the queue within lockDuration + stalledInterval = 15 s, while a live worker has
 * 2.5 s of slack (a quarter of the lock) to renew its locks in time.
 */
export const STALLED_DEFAULTS = {
  lockDuration: 10_000,
  stalledInterval: 5_000,
  /**
   * Two stalls are put back; the third fails the chunk (its records become errors, "job stalled
   * more than allowable limit"). One would fail a chunk whose worker died and whose next worker
   * lost it to a Redis restart; more would let a chunk that kills its worker (out of memory)
   * take down that many more.
   */
  maxStalledCount: 2,
} as const;

export interface QueueWorkerOptions {
  connection: QueueConnection;
  /**
   * Evaluate on a local pool of this many worker threads ("auto": one per core); 0 (the
   * default) evaluates on the calling thread. Running from sources (no compiled batch worker
   * beside this module) evaluates inline whatever this says.
   */
  workers?: number | "auto";
  /** Chunks this process works on at once (default: the thread count, or 1 inline, where more only overlaps Redis I/O). */
  concurrency?: number;
  /** Shown in results and summaries (records per worker). Default `host:pid`. */
  name?: string;
  /**
   * How long a job's lock lasts without a renewal (ms, default 10000). BullMQ renews it while
   * this worker lives; a worker that dies is noticed once it lapses, and its chunk runs again
   * elsewhere. Shorter: faster recovery, but a worker whose event loop or link to Redis stalls
   * for a quarter of it loses its chunk to another (computed twice, written once).
   */
  lockDuration?: number;
  /** How often this worker runs the stalled-job check (ms, default 5000; best at most lockDuration). */
  stalledInterval?: number;
  /** How many times a chunk is put back after stalling before it fails (default 2). */
  maxStalledCount?: number;
  /** How long a result may wait in Redis for its coordinator (seconds, default one day). */
  resultTtlSeconds?: number;
  /** Called with errors the worker survives (a lost connection, a failed job). */
  onError?: (e: Error) => void;
  /** Test hook: evaluating a chunk that holds one of these record indices throws, on every attempt. */
  testPoisonRecords?: number[];
}

export interface WorkerStats {
  chunks: number;
  records: number;
  /** Jobs that failed here (refused, or evaluation threw). */
  failed: number;
  /** Worker threads evaluating (0: inline). */
  threads: number;
}

/** The stalled-job settings a worker runs with (STALLED_DEFAULTS where not given). */
export interface StalledSettings {
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
}

export interface QueueWorkerHandle {
  readonly name: string;
  readonly stats: WorkerStats;
  readonly stalled: StalledSettings;
  /** Resolves once connected and taking jobs. */
  ready(): Promise<void>;
  /** Finishes the jobs in hand (their results are stored), takes no more, and disconnects. */
  stop(): Promise<void>;
}

/** Rule sets kept compiled, by hash; a worker rarely sees more than a few. */
const CACHE_SIZE = 8;

/** Starts a worker for `moonrule batch --queue` jobs. */
export function startWorker(options: QueueWorkerOptions): QueueWorkerHandle {
  // checked before anything connects
  const lockDuration = positiveInt("lockDuration", options.lockDuration ?? STALLED_DEFAULTS.lockDuration);
  const stalledInterval = positiveInt("stalledInterval", options.stalledInterval ?? STALLED_DEFAULTS.stalledInterval);
  const maxStalledCount = options.maxStalledCount ?? STALLED_DEFAULTS.maxStalledCount;
  if (!Number.isInteger(maxStalledCount) || maxStalledCount < 0) throw new RangeError(`maxStalledCount must be a non-negative integer, not ${maxStalledCount}`);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const ttl = options.resultTtlSeconds ?? 86_400;
  const poison = new Set(options.testPoisonRecords ?? []);
  const redis = openRedis(options.connection);
  redis.on("error", (e: Error) => options.onError?.(e));
  const ruleSets = new Map<string, Promise<LoadedRuleSet>>();
  const url = batchWorkerUrl();
  const threads = url === undefined ? 0 : threadCount(options.workers);
  const pools = threads > 0 ? new PoolCache(threads, url!, () => {}) : undefined;
  const stats: WorkerStats = { chunks: 0, records: 0, failed: 0, threads };

  const ruleSet = (hash: string): Promise<LoadedRuleSet> => {
    let p = ruleSets.get(hash);
    if (p === undefined) {
      p = loadRuleSet(redis, hash);
      // a failure is not cached: the rule set may be stored (again) later
      p.catch(() => ruleSets.delete(hash));
      ruleSets.set(hash, p);
      if (ruleSets.size > CACHE_SIZE) ruleSets.delete(ruleSets.keys().next().value!);
    }
    return p;
  };

  const process_ = async (job: Job<ChunkJob>): Promise<void> => {
    const d = job.data;
    if (d.format !== CHUNK_FORMAT || d.version !== MOONRULE_VERSION) {
      throw new UnrecoverableError(
        `refused: the job was made by moonrule ${String(d.version)} (chunk format ${String(d.format)}), this worker is moonrule ${MOONRULE_VERSION} (chunk format ${CHUNK_FORMAT})`,
      );
    }
    const rs = await ruleSet(d.rulesetHash);
    let records: unknown[];
    try {
      records = decodeRecords(d.records);
    } catch (e) {
      // the same bytes fail the same way on every attempt
      throw new UnrecoverableError((e as Error).message);
    }
    if (poison.size > 0) {
      for (let k = 0; k < records.length; k++) if (poison.has(d.base + k)) throw new Error(`test: poison record ${d.base + k}`);
    }
    const out = pools !== undefined
      ? await pools.get(d.rulesetHash, rs.doc, d.explain, d.includeRecord).run(records, d.base)
      : await evaluateInline(rs.ruleSet, records, d.base, d.explain, d.includeRecord);
    const meta: ResultMeta = { base: d.base, n: records.length, counts: out.counts, worker: name, attempt: job.attemptsStarted };
    if (out.error !== undefined) meta.error = out.error;
    const key = resultKey(d.batchId, d.chunk);
    // one transaction: a result is never visible without its TTL
    await redis.multi().hset(key, "text", out.text, "meta", JSON.stringify(meta)).expire(key, ttl).exec();
    stats.chunks++;
    stats.records += records.length;
  };

  const worker = new Worker<ChunkJob>(QUEUE_NAME, process_, {
    connection: bullConnection(options.connection),
    concurrency: options.concurrency ?? Math.max(1, threads),
    name,
    // lockRenewTime stays BullMQ's lockDuration / 2
    lockDuration,
    stalledInterval,
    maxStalledCount,
  });
  worker.on("error", (e: Error) => options.onError?.(e));
  worker.on("failed", (_job, e: Error) => {
    stats.failed++;
    options.onError?.(e);
  });

  let stopping: Promise<void> | undefined;
  return {
    name,
    stats,
    stalled: { lockDuration, stalledInterval, maxStalledCount },
    ready: async () => {
      await worker.waitUntilReady();
      await redis.ping();
    },
    stop: () =>
      (stopping ??= (async () => {
        await worker.close();
        pools?.close();
        await redis.quit().catch(() => redis.disconnect());
      })()),
  };
}

function positiveInt(name: string, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive integer (ms), not ${n}`);
  return n;
}

/** Records evaluated between looks at the clock on the inline path. */
const SLICE = 16;
/** Longest stretch the inline path keeps the event loop (ms): far below a quarter of any sensible lock. */
const MAX_BUSY_MS = 20;

/**
 * evaluateChunkNdjson on this thread, slice by slice, giving the event loop a turn every
 * MAX_BUSY_MS: BullMQ renews locks from timers, and a chunk evaluated in one go (seconds for a
 * heavy rule set) would let its lock lapse and the chunk be taken for stalled. The text and
 * counts are those of one call (lines are per record; counts add up).
 */
async function evaluateInline(ruleSet: RuleSet, items: readonly unknown[], base: number, explain: boolean, includeRecord: boolean): Promise<NdjsonChunk> {
  if (items.length <= SLICE) return evaluateChunkNdjson(ruleSet, items, base, explain, includeRecord);
  const counts = emptyCounts();
  const texts: string[] = [];
  let since = performance.now();
  for (let k = 0; k < items.length; k += SLICE) {
    const part = evaluateChunkNdjson(ruleSet, items.slice(k, k + SLICE), base + k, explain, includeRecord);
    texts.push(part.text);
    addCounts(counts, part.counts);
    if (part.error !== undefined) return { text: texts.join(""), counts, error: part.error };
    if (performance.now() - since > MAX_BUSY_MS) {
      await yieldToLoop();
      since = performance.now();
    }
  }
  return { text: texts.join(""), counts };
}

interface LoadedRuleSet {
  ruleSet: RuleSet;
  /** Its verified document (what a thread pool builds it from). */
  doc: string;
}

/** Fetches and verifies a rule set: its document must hash to the key it is stored under. */
async function loadRuleSet(redis: Redis, hash: string): Promise<LoadedRuleSet> {
  const [doc, version, format] = await redis.hmget(rulesetKey(hash), "doc", "version", "format");
  if (doc === null) throw new UnrecoverableError(`rule set ${hash} is not in Redis (stored by the coordinator at the start of its batch)`);
  if (rulesetHash(doc) !== hash) {
    throw new UnrecoverableError(`refused: rule set ${hash} in Redis does not match its hash (tampered with or corrupted)`);
  }
  if (version !== MOONRULE_VERSION || format !== String(CHUNK_FORMAT)) {
    throw new UnrecoverableError(`refused: rule set ${hash} was stored by moonrule ${String(version)} (chunk format ${String(format)}), this worker is moonrule ${MOONRULE_VERSION} (chunk format ${CHUNK_FORMAT})`);
  }
  try {
    return { ruleSet: RuleSet.fromJSON(doc), doc };
  } catch (e) {
    throw new UnrecoverableError(`rule set ${hash} does not compile: ${(e as Error).message}`);
  }
}
