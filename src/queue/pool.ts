// A queue worker's local worker_threads pool (`moonrule worker --workers N`): the local batch's
// pool (src/rules/batch-pool.ts, batch-worker.ts) behind a promise per chunk, so that the N jobs
// BullMQ hands this process at once are evaluated on N threads while the main thread only moves
// strings between Redis and the threads.
//
// A pool is built for one rule set and one pair of explain/includeRecord flags (its threads
// compile the rule set once); a worker keeps the pools of the last few such keys and closes the
// oldest idle one beyond that. The threads produce batch-eval.ts's NDJSON, so the bytes are the
// inline path's. A thread that dies is replaced and its chunk retried once, as in a local batch.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { NdjsonChunk } from "../rules/batch-eval.js";
import { WorkerPool } from "../rules/batch-pool.js";
import type { WorkerInit } from "../rules/batch-worker.js";

/** The thread count `workers` asks for ("auto": one per core); 0 means inline. */
export function threadCount(workers: number | "auto" | undefined): number {
  const n = workers === "auto" ? availableParallelism() : (workers ?? 0);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`workers must be a non-negative integer or "auto", not ${String(workers)}`);
  return n;
}

/** The batch worker script, or undefined when running from sources (no compiled .js beside this file). */
export function batchWorkerUrl(): URL | undefined {
  const url = new URL("../rules/batch-worker.js", import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

interface Waiter {
  resolve: (c: NdjsonChunk) => void;
  reject: (e: Error) => void;
}

/** One WorkerPool and the chunks waiting on it. */
export class ChunkPool {
  private readonly pool: WorkerPool;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 0;
  private looping = false;
  private closed = false;
  lastUsed = 0;

  constructor(n: number, url: URL, init: WorkerInit, private readonly onRetry: () => void) {
    this.pool = new WorkerPool(n, url, init, { onRetry, onRestart: () => {}, stopping: () => this.closed });
  }

  get busy(): boolean {
    return this.waiters.size > 0;
  }

  /** Evaluates a chunk on a thread: the NDJSON lines and counts of evaluateChunkNdjson. */
  run(items: unknown[], base: number): Promise<NdjsonChunk> {
    if (this.closed) return Promise.reject(new Error("the worker's thread pool is closed"));
    this.lastUsed = performance.now();
    const id = this.nextId++;
    const p = new Promise<NdjsonChunk>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    this.pool.submit({ id, base, items, attempts: 0, requeues: 0 });
    if (!this.looping) void this.loop();
    else this.pool.wake();
    return p;
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      while (this.waiters.size > 0) {
        if (this.pool.fatal !== undefined || this.closed) {
          const e = this.pool.fatal ?? new Error("the worker's thread pool is closed");
          for (const w of this.waiters.values()) w.reject(e);
          this.waiters.clear();
          break;
        }
        for (const [id, w] of this.waiters) {
          const r = this.pool.take(id);
          if (r === undefined) continue;
          this.waiters.delete(id);
          if ("ndjson" in r) w.resolve(r.ndjson);
          else w.reject(new Error("internal: a pool chunk in the wrong form"));
        }
        if (this.waiters.size > 0) await this.pool.changed();
      }
    } finally {
      this.looping = false;
    }
  }

  close(): void {
    this.closed = true;
    this.pool.close();
    this.pool.wake();
  }
}

/** Pools by rule set and flags, the few most recently used kept. */
export class PoolCache {
  private readonly pools = new Map<string, ChunkPool>();

  constructor(private readonly n: number, private readonly url: URL, private readonly onRetry: () => void, private readonly keep = 2) {}

  get(hash: string, document: string, explain: boolean, includeRecord: boolean): ChunkPool {
    const key = `${hash}/${explain ? 1 : 0}${includeRecord ? 1 : 0}`;
    let p = this.pools.get(key);
    if (p === undefined) {
      p = new ChunkPool(this.n, this.url, { document, explain, includeRecord, output: "ndjson" }, this.onRetry);
      this.pools.set(key, p);
      if (this.pools.size > this.keep) {
        // close the least recently used idle pool (a busy one stays until a later call)
        const idle = [...this.pools.entries()].filter(([k, x]) => k !== key && !x.busy).sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
        if (idle !== undefined) {
          idle[1].close();
          this.pools.delete(idle[0]);
        }
      }
    }
    return p;
  }

  close(): void {
    for (const p of this.pools.values()) p.close();
    this.pools.clear();
  }
}
