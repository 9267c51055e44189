// Batch evaluation of a rule set over a stream of records (Node): results in input order, in
// constant memory, inline or on a pool of worker threads.
//
// Shape: the source (src/rules/sources.ts) is read in chunks of `chunkSize` items; at most
// `maxChunks` chunks exist at once (being read, queued, evaluated, or waiting to be yielded in
// order), so memory does not grow with the input and a slow consumer slows the reading
// (backpressure through the async iterator). A worker builds the RuleSet once from the
// document (src/rules/batch-worker.ts), gets whole chunks (one postMessage per chunk) with up
// to two in flight, and posts back each chunk's outcomes; the main thread puts chunks back in
// order and yields record by record.
//
// A worker that dies (crash, process.exit, terminate()) is replaced; the chunks it had in
// flight go back to the queue once, and a chunk whose second attempt dies too comes out as one
// error per record ("worker failed twice"). Chunks are keyed by id and a chunk is yielded once,
// so nothing is lost or duplicated.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { RuleSet, type RecordResult, type RuleSetDocument } from "./ruleset.js";
import { evaluateItem, type ItemOutcome } from "./batch-eval.js";
import { openSource, type BatchSource, type SourceItem, type SourceOptions } from "./sources.js";

export { formatOf, SourceError, type BatchFormat, type BatchSource, type SourceItem } from "./sources.js";

export type BatchResult =
  | { index: number; record?: unknown; result: RecordResult }
  | { index: number; error: { message: string } };

export interface BatchOptions extends SourceOptions {
  /**
   * Worker threads: a number, 0 to evaluate inline on the calling thread, or "auto" (default):
   * os.availableParallelism() - 1, at least 1. Without the compiled worker file (running from
   * TypeScript sources) the batch runs inline.
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
    if (this.started) throw new Error("a batch can be iterated once");
    this.started = true;
    return this.run()[Symbol.asyncIterator]();
  }

  /** Iterate to the end, calling `each` per result (awaited: backpressure), and return the summary. */
  async forEach(each: (r: BatchResult) => void | Promise<void>): Promise<BatchSummary> {
    for await (const r of this) await each(r);
    return this.summary;
  }

  private tick(): void {
    const s = this.summary;
    s.elapsedMs = performance.now() - this.t0;
    s.recordsPerSecond = s.elapsedMs > 0 ? (s.records * 1000) / s.elapsedMs : 0;
  }

  private count(o: ItemOutcome): void {
    const s = this.summary;
    s.records++;
    if ("error" in o) {
      s.errors++;
      return;
    }
    const r = o.result;
    if (!r.valid) s.invalid++;
    else s.valid++;
    for (const id of r.matched) s.matches[id] = (s.matches[id] ?? 0) + 1;
    for (const rr of r.rules) if (rr.error !== undefined) s.ruleErrors++;
  }

  private async *run(): AsyncGenerator<BatchResult> {
    try {
      const o = this.opts;
      let n = o.workers ?? "auto";
      if (n === "auto") n = Math.max(1, availableParallelism() - 1);
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`workers must be a non-negative integer or "auto", not ${String(n)}`);
      let url: URL | undefined;
      if (n > 0) {
        url = o.workerUrl !== undefined ? new URL(o.workerUrl, import.meta.url) : new URL("./batch-worker.js", import.meta.url);
        if (url.protocol === "file:" && !existsSync(fileURLToPath(url))) {
          if (o.workerUrl !== undefined) throw new Error(`no batch worker at ${fileURLToPath(url)}`);
          n = 0; // running from sources: the inline path
        }
      }
      this.summary.workers = n;
      yield* n === 0 ? this.inline() : this.pool(n, url!);
    } finally {
      this.tick();
      this.summary.done = true;
    }
  }

  /** The source's items after `skip`, with their indices. */
  private items(): AsyncIterator<SourceItem> {
    const skip = this.opts.skip ?? 0;
    const items = openSource(this.source, { ...this.opts, onBytes: (b) => (this.bytesRead += b) });
    const summary = this.summary;
    return (async function* () {
      for await (const it of items) {
        if (summary.skipped < skip) summary.skipped++;
        else yield it;
      }
    })();
  }

  private abortError(): Error {
    const reason: unknown = this.opts.signal?.reason;
    if (reason instanceof Error) return reason;
    return new DOMException("the batch was aborted", "AbortError");
  }

  private async *inline(): AsyncGenerator<BatchResult> {
    const { signal } = this.opts;
    const explain = this.opts.explain === true;
    const includeRecord = this.opts.includeRecord === true;
    const chunk = this.opts.chunkSize ?? 256;
    const it = this.items();
    let index = this.opts.skip ?? 0;
    try {
      for (;;) {
        if (signal?.aborted) throw this.abortError();
        const next = await it.next();
        if (next.done) break;
        const o = evaluateItem(this.ruleSet, next.value, explain, includeRecord);
        this.count(o);
        yield { index: index++, ...o };
        // let timers (and so an abort) run even when source and consumer never wait
        if (index % chunk === 0) {
          await new Promise<void>((r) => setImmediate(r));
          this.tick();
        }
      }
    } finally {
      void it.return?.()?.catch(() => {});
    }
  }

  private async *pool(nWorkers: number, url: URL): AsyncGenerator<BatchResult> {
    const o = this.opts;
    const { signal } = o;
    const chunkSize = Math.max(1, o.chunkSize ?? 256);
    const maxChunks = Math.max(2, o.maxChunks ?? Math.max(4, nWorkers * 3));
    const documentText = JSON.stringify(this.ruleSet.document);
    const summary = this.summary;

    interface Chunk { id: number; base: number; items: SourceItem[]; attempts: number }
    interface Slot { worker: Worker; ready: boolean; inflight: Map<number, Chunk>; retired: boolean; lastError?: Error }

    const pending: Chunk[] = [];
    const completed = new Map<number, { base: number; outcomes: ItemOutcome[] }>();
    let nextId = 0;
    let yieldId = 0;
    let nextIndex = o.skip ?? 0;
    let sourceDone = false;
    let fatal: Error | undefined;
    let startFailures = 0;

    let dirty = false;
    let wakeUp: (() => void) | undefined;
    const wake = (): void => {
      dirty = true;
      wakeUp?.();
    };
    const onAbort = (): void => wake();
    signal?.addEventListener("abort", onAbort);

    const slots: Slot[] = [];
    const spawn = (i: number): void => {
      const worker = new Worker(url, {
        workerData: {
          document: documentText, explain: o.explain === true, includeRecord: o.includeRecord === true,
          crashAt: o.testCrashAt, crashAlways: o.testCrashAlways === true,
        },
      });
      const slot: Slot = { worker, ready: false, inflight: new Map(), retired: false };
      slots[i] = slot;
      worker.on("message", (m: { type: string; id?: number; outcomes?: ItemOutcome[]; message?: string }) => {
        if (slot.retired) return;
        if (m.type === "ready") {
          slot.ready = true;
          startFailures = 0;
        } else if (m.type === "fatal") {
          fatal = new Error(`a batch worker could not build the rule set: ${m.message}`);
        } else if (m.type === "done") {
          const c = slot.inflight.get(m.id!);
          if (c !== undefined) {
            slot.inflight.delete(c.id);
            if (!completed.has(c.id)) completed.set(c.id, { base: c.base, outcomes: m.outcomes! });
          }
        }
        wake();
      });
      worker.on("error", (e) => {
        slot.lastError = e;
      });
      worker.on("exit", (code) => {
        if (slot.retired) return;
        slot.retired = true;
        const why = slot.lastError?.message ?? `exit code ${code}`;
        for (const c of slot.inflight.values()) {
          c.attempts++;
          if (c.attempts >= 2) {
            const message = `worker failed twice (${why})`;
            completed.set(c.id, { base: c.base, outcomes: c.items.map(() => ({ error: { message } })) });
          } else {
            summary.retries++;
            pending.unshift(c);
          }
        }
        slot.inflight.clear();
        if (!slot.ready && ++startFailures > 3) fatal ??= new Error(`batch workers keep failing at start (${why})`);
        else if (fatal === undefined && !signal?.aborted) {
          summary.workerRestarts++;
          spawn(i);
        }
        wake();
      });
      o.onWorkerStart?.(worker, i);
    };
    for (let i = 0; i < nWorkers; i++) spawn(i);

    // A retried chunk goes to a worker alone (and that worker gets nothing else meanwhile):
    // if it kills its worker again, it did — a chunk that merely shared a worker with it does
    // not use up its own retry.
    const dispatch = (): void => {
      for (const slot of slots) {
        while (pending.length > 0 && !slot.retired && slot.inflight.size < 2) {
          const c = pending[0]!;
          if (c.attempts > 0 ? slot.inflight.size > 0 : [...slot.inflight.values()].some((x) => x.attempts > 0)) break;
          pending.shift();
          slot.inflight.set(c.id, c);
          slot.worker.postMessage({ id: c.id, base: c.base, items: c.items, attempt: c.attempts });
        }
      }
    };

    const it = this.items();
    const readChunk = async (): Promise<Chunk | undefined> => {
      const items: SourceItem[] = [];
      // An abort must interrupt a pending read, so reads race an abort promise — one per chunk:
      // racing one batch-long abort promise would leave a reaction on it for every record
      // read (a promise that never settles keeps them all: memory grew with the input).
      let stop: (() => void) | undefined;
      const abortable = signal === undefined ? undefined : new Promise<never>((_, reject) => {
        stop = () => reject(this.abortError());
        if (signal.aborted) stop();
        else signal.addEventListener("abort", stop, { once: true });
      });
      abortable?.catch(() => {});
      try {
        while (items.length < chunkSize) {
          const next = abortable === undefined ? await it.next() : await Promise.race([it.next(), abortable]);
          if (next.done) {
            sourceDone = true;
            break;
          }
          items.push(next.value);
        }
      } finally {
        if (stop !== undefined) signal?.removeEventListener("abort", stop);
      }
      if (items.length === 0) return undefined;
      const c: Chunk = { id: nextId++, base: nextIndex, items, attempts: 0 };
      nextIndex += items.length;
      return c;
    };

    try {
      for (;;) {
        if (signal?.aborted) throw this.abortError();
        if (fatal !== undefined) throw fatal;
        for (let done = completed.get(yieldId); done !== undefined; done = completed.get(yieldId)) {
          completed.delete(yieldId);
          yieldId++;
          const { base, outcomes } = done;
          for (let k = 0; k < outcomes.length; k++) {
            this.count(outcomes[k]!);
            yield { index: base + k, ...outcomes[k]! };
          }
          this.tick();
          if (signal?.aborted) throw this.abortError();
        }
        if (sourceDone && yieldId === nextId) break;
        if (!sourceDone && nextId - yieldId < maxChunks) {
          const c = await readChunk();
          if (c !== undefined) pending.push(c);
          dispatch();
          continue;
        }
        dispatch();
        if (!dirty) await new Promise<void>((r) => (wakeUp = r));
        wakeUp = undefined;
        dirty = false;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      for (const s of slots) {
        s.retired = true;
        void s.worker.terminate();
      }
      void it.return?.()?.catch(() => {});
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
