// Batch evaluation of a rule set over a stream of records (Node): results in input order, in
// constant memory, inline or on a pool of worker threads.
//
// Shape: the source (src/rules/sources.ts) is read in chunks of `chunkSize` items; at most
// `maxChunks` chunks exist at once (being read, queued, evaluated, or waiting to be yielded in
// order), so memory does not grow with the input and a slow consumer slows the reading
// (backpressure through the async iterator). A worker builds the RuleSet once from the
// document (src/rules/batch-worker.ts), gets whole chunks (one postMessage per chunk) with up
// to two in flight, and posts back each chunk's results; the main thread puts chunks back in
// order (src/rules/batch-pool.ts keeps the workers).
//
// Items travel to the workers as the raw text read (a string per NDJSON line or array
// element), so workers parse. Two ways out: iterating the Batch yields result objects, record
// by record; `ndjson()` yields the NDJSON text `moonrule batch` writes, chunk by chunk. With
// `ndjson()` a chunk comes back as one string of lines plus its counts, so the main thread
// neither parses, clones objects, nor serialises: it reads, splits lines, and passes strings
// along. That is what lets the pool scale; with objects, the main thread rebuilds every result.
//
// A worker that dies (crash, process.exit, terminate()) is replaced; the chunks it had in
// flight go back to the queue, and a chunk whose worker dies while running it twice comes out
// as one error per record ("worker failed twice"; src/rules/batch-pool.ts). Chunks are keyed
// by id and a chunk is yielded once, so nothing is lost or duplicated.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { RuleSet, type RecordResult, type RuleSetDocument } from "./ruleset.js";
import { addCounts, countOutcome, evaluateChunkNdjson, evaluateItem, type ChunkCounts } from "./batch-eval.js";
import { WorkerPool, type ChunkResult } from "./batch-pool.js";
import type { WorkerInit } from "./batch-worker.js";
import { ChunkReader, openSourceBatches, type BatchSource, type SourceOptions } from "./sources.js";

export { formatOf, SourceError, type BatchFormat, type BatchSource, type SourceItem } from "./sources.js";

export type BatchResult =
  | { index: number; record?: unknown; result: RecordResult }
  | { index: number; error: { message: string } };

export interface BatchOptions extends SourceOptions {
  /**
   * Worker threads: a number, 0 to evaluate inline on the calling thread, or "auto" (default):
   * os.availableParallelism() when read with ndjson() (the calling thread has little to do),
   * one less when iterated (it rebuilds every result), at least 1. Without the compiled worker
   * file (running from TypeScript sources) the batch runs inline.
   */
  workers?: number | "auto";
  /** Explain rules that did not match (default false: explanations cost a call per sub-condition). */
  explain?: boolean;
  /** Put each parsed record in its result (default false). */
  includeRecord?: boolean;
  /** Records per chunk (one message to a worker and one back). Default 256. */
  chunkSize?: number;
  /** Chunks that may exist at once (read and not yet yielded). Default max(4, 3 × workers). */
  maxChunks?: number;
  /** Skip this many records of the source (they keep their indices: the first result is `skip`). */
  skip?: number;
  /** Cancels: reading stops, workers are terminated, the iteration rejects with an AbortError. */
  signal?: AbortSignal;
  /** The worker script (default: batch-worker.js next to this module — the compiled one in dist). */
  workerUrl?: URL | string;
  /** Called for each worker started (replacements too), e.g. to terminate one in a test. */
  onWorkerStart?: (worker: Worker, slot: number) => void;
  /**
   * Test hook: a worker exits (process.exit) on reaching a record of one of these indices in
   * a chunk's first attempt (in every attempt with `testCrashAlways`).
   */
  testCrashAt?: number[];
  testCrashAlways?: boolean;
}

export interface BatchSummary {
  /** Results yielded (records evaluated plus items reported as errors). */
  records: number;
  /** Records that passed the facts schema and were evaluated. */
  valid: number;
  /** Records that failed the facts schema. */
  invalid: number;
  /** Items that are not records (not JSON, not an object), or lost to a worker that failed twice. */
  errors: number;
  /** Rules that failed at run time (a Lua error or an exceeded budget), over all records. */
  ruleErrors: number;
  /** How many records each rule matched. */
  matches: Record<string, number>;
  elapsedMs: number;
  recordsPerSecond: number;
  /** Chunks sent again after their worker died. */
  retries: number;
  /** Workers replaced after dying. */
  workerRestarts: number;
  /** Worker threads used (0: inline). */
  workers: number;
  /** Records skipped (`skip`). */
  skipped: number;
  /** True once the iteration has finished (completely, or stopped by an error or abort). */
  done: boolean;
}

/** How a batch hands its results out: objects (the iterator) or NDJSON text (ndjson()). */
type Output = WorkerInit["output"];

/** A running batch: iterate it once for the results; `summary` is kept up to date as it goes. */
export class Batch implements AsyncIterable<BatchResult> {
  readonly summary: BatchSummary;
  /** Bytes read so far from a file or stream source. */
  bytesRead = 0;
  private started = false;
  private readonly t0 = performance.now();

  /** @internal */
  constructor(
    private readonly ruleSet: RuleSet,
    private readonly source: BatchSource,
    private readonly opts: BatchOptions,
  ) {
    this.summary = {
      records: 0, valid: 0, invalid: 0, errors: 0, ruleErrors: 0,
      matches: Object.fromEntries(ruleSet.order.map((id) => [id, 0])),
      elapsedMs: 0, recordsPerSecond: 0, retries: 0, workerRestarts: 0, workers: 0, skipped: 0, done: false,
    };
  }

  [Symbol.asyncIterator](): AsyncIterator<BatchResult> {
    this.begin();
    return this.objects()[Symbol.asyncIterator]();
  }

  /**
   * The results as the NDJSON text `moonrule batch` writes, in input order, in blocks of whole
   * lines (about a chunk each): `{"index":N,"result":{…}}` (`"record"` before `"result"` with
   * includeRecord) or `{"index":N,"error":{"message":…}}` per record, each line the
   * JSON.stringify of the result the iterator would give. On a worker pool this is the fast
   * way out: the workers serialise, and no result object is made on the calling thread. The
   * summary is updated block by block. A batch is read once: this or the iterator.
   */
  ndjson(): AsyncIterable<string> {
    this.begin();
    return this.texts();
  }

  /** Iterate to the end, calling `each` per result (awaited: backpressure), and return the summary. */
  async forEach(each: (r: BatchResult) => void | Promise<void>): Promise<BatchSummary> {
    for await (const r of this) await each(r);
    return this.summary;
  }

  private begin(): void {
    if (this.started) throw new Error("a batch can be iterated once");
    this.started = true;
  }

  private tick(): void {
    const s = this.summary;
    s.elapsedMs = performance.now() - this.t0;
    s.recordsPerSecond = s.elapsedMs > 0 ? (s.records * 1000) / s.elapsedMs : 0;
  }

  private add(c: ChunkCounts): void {
    addCounts(this.summary, c);
  }

  private async *objects(): AsyncGenerator<BatchResult> {
    const { signal } = this.opts;
    for await (const c of this.run("objects")) {
      if (!("outcomes" in c)) throw new Error("internal: a batch chunk in the wrong form");
      const { base, outcomes } = c;
      for (let k = 0; k < outcomes.length; k++) {
        if (signal?.aborted) throw this.abortError();
        const o = outcomes[k]!;
        countOutcome(this.summary, o); // a summary counts as a chunk's counts do
        yield { index: base + k, ...o };
      }
      this.tick();
    }
  }

  private async *texts(): AsyncGenerator<string> {
    for await (const c of this.run("ndjson")) {
      if (!("ndjson" in c)) throw new Error("internal: a batch chunk in the wrong form");
      const { text, counts, error } = c.ndjson;
      this.add(counts);
      this.tick();
      if (text.length > 0) yield text;
      if (error !== undefined) throw new TypeError(`the result of record ${c.base + counts.records} cannot be written as JSON: ${error}`);
    }
  }

  private async *run(output: Output): AsyncGenerator<ChunkResult> {
    try {
      const { n, url } = this.resolveWorkers(output);
      this.summary.workers = n;
      yield* url === undefined ? this.inline(output) : this.pool(output, n, url);
    } finally {
      this.tick();
      this.summary.done = true;
    }
  }

  /** How many workers, and their script (undefined: inline). */
  private resolveWorkers(output: Output): { n: number; url?: URL } {
    const o = this.opts;
    let n = o.workers ?? "auto";
    // with ndjson() the calling thread only reads and passes strings on: every core can evaluate
    if (n === "auto") n = Math.max(1, availableParallelism() - (output === "ndjson" ? 0 : 1));
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`workers must be a non-negative integer or "auto", not ${String(n)}`);
    if (n === 0) return { n };
    const url = o.workerUrl !== undefined ? new URL(o.workerUrl, import.meta.url) : new URL("./batch-worker.js", import.meta.url);
    if (url.protocol === "file:" && !existsSync(fileURLToPath(url))) {
      if (o.workerUrl !== undefined) throw new Error(`no batch worker at ${fileURLToPath(url)}`);
      return { n: 0 }; // running from sources: the inline path
    }
    return { n, url };
  }

  /** The source's items after `skip`, chunk by chunk. */
  private reader(): ChunkReader {
    const items = openSourceBatches(this.source, { ...this.opts, onBytes: (b) => (this.bytesRead += b) });
    return new ChunkReader(items, this.opts.skip ?? 0, (n) => (this.summary.skipped += n));
  }

  /**
   * Runs a read that an abort interrupts. The abort promise it races is made for this read
   * alone: racing one batch-long promise would leave a reaction on it for every read (a promise
   * that never settles keeps them all, and memory grew with the input).
   */
  private async abortable<T>(read: (abort?: Promise<never>) => Promise<T>): Promise<T> {
    const { signal } = this.opts;
    if (signal === undefined) return read();
    let stop: () => void = () => {};
    const abort = new Promise<never>((_, reject) => (stop = () => reject(this.abortError())));
    abort.catch(() => {});
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
    try {
      return await read(abort);
    } finally {
      signal.removeEventListener("abort", stop);
    }
  }

  private abortError(): Error {
    const reason: unknown = this.opts.signal?.reason;
    if (reason instanceof Error) return reason;
    return new DOMException("the batch was aborted", "AbortError");
  }

  private async *inline(output: Output): AsyncGenerator<ChunkResult> {
    const { signal } = this.opts;
    const explain = this.opts.explain === true;
    const includeRecord = this.opts.includeRecord === true;
    const chunkSize = Math.max(1, this.opts.chunkSize ?? 256);
    const reader = this.reader();
    let base = this.opts.skip ?? 0;
    let sincePause = 0;
    try {
      for (;;) {
        if (signal?.aborted) throw this.abortError();
        // eager: what has been read is evaluated at once, so a slow source's records are not held back
        const items = await this.abortable((abort) => reader.take(chunkSize, true, abort));
        if (items.length === 0) break;
        if (output === "ndjson") yield { base, ndjson: evaluateChunkNdjson(this.ruleSet, items, base, explain, includeRecord) };
        else yield { base, outcomes: items.map((it) => evaluateItem(this.ruleSet, it, explain, includeRecord)) };
        base += items.length;
        sincePause += items.length;
        // let timers (and so an abort) run even when source and consumer never wait
        if (sincePause >= chunkSize) {
          sincePause = 0;
          await new Promise<void>((r) => setImmediate(r));
        }
      }
    } finally {
      reader.close();
    }
  }

  private async *pool(output: Output, nWorkers: number, url: URL): AsyncGenerator<ChunkResult> {
    const o = this.opts;
    const { signal } = o;
    const chunkSize = Math.max(1, o.chunkSize ?? 256);
    const maxChunks = Math.max(2, o.maxChunks ?? Math.max(4, nWorkers * 3));
    const init: WorkerInit = {
      document: JSON.stringify(this.ruleSet.document), explain: o.explain === true, includeRecord: o.includeRecord === true,
      output, crashAt: o.testCrashAt, crashAlways: o.testCrashAlways === true,
    };
    const pool = new WorkerPool(nWorkers, url, init, {
      onRetry: () => this.summary.retries++,
      onRestart: () => this.summary.workerRestarts++,
      onWorkerStart: o.onWorkerStart,
      stopping: () => signal?.aborted === true,
    });
    const onAbort = (): void => pool.wake();
    signal?.addEventListener("abort", onAbort);
    const reader = this.reader();
    let nextId = 0; // chunks read
    let yieldId = 0; // chunks handed out
    let nextIndex = o.skip ?? 0;
    try {
      for (;;) {
        if (signal?.aborted) throw this.abortError();
        if (pool.fatal !== undefined) throw pool.fatal;
        for (let done = pool.take(yieldId); done !== undefined; done = pool.take(yieldId)) {
          yieldId++;
          yield done;
          if (signal?.aborted) throw this.abortError();
        }
        if (reader.done && yieldId === nextId) break;
        if (!reader.done && nextId - yieldId < maxChunks) {
          const items = await this.abortable((abort) => reader.take(chunkSize, false, abort));
          if (items.length > 0) {
            pool.submit({ id: nextId++, base: nextIndex, items, attempts: 0, requeues: 0 });
            nextIndex += items.length;
          }
          continue;
        }
        await pool.changed();
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      pool.close();
      reader.close();
    }
  }
}


/**
 * Evaluate a rule set over every record of a source; see BatchOptions. The rule set is compiled
 * (and so validated: RuleSetError) here, before anything is read.
 */
export function runBatch(ruleSet: RuleSet | RuleSetDocument | string, source: BatchSource, options: BatchOptions = {}): Batch {
  const rs = ruleSet instanceof RuleSet ? ruleSet : RuleSet.fromJSON(ruleSet);
  return new Batch(rs, source, options);
}
