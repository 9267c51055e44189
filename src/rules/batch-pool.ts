// The worker pool of a batch (src/rules/batch.ts): starts workers (src/rules/batch-worker.ts),
// hands them chunks with up to two in flight each, collects each chunk's results by id, and
// replaces workers that die.
//
// A dead worker's chunks go back to the queue. A chunk is blamed only for a death while it
// ran (the worker posts "start" as it begins one): a chunk whose second run dies too comes
// out as one error per record ("worker failed twice"). A chunk the dead worker had not begun
// is not blamed, so a worker killed from outside cannot use up the retry of a chunk handed
// to it as it was going; MAX_REQUEUES bounds that in case a "start" never arrives. A chunk's
// results are kept once (the first to arrive), so nothing is lost or duplicated.

import { Worker } from "node:worker_threads";
import { errorChunkNdjson, type ItemOutcome, type NdjsonChunk } from "./batch-eval.js";
import type { ChunkMessage, WorkerInit, WorkerReply } from "./batch-worker.js";

export interface PoolChunk {
  id: number;
  /** The index of items[0]. */
  base: number;
  /** Raw JSON text (strings) or parsed records. */
  items: unknown[];
  /** Deaths of a worker while it ran this chunk. */
  attempts: number;
  /** Times this chunk went back to the queue, for any death of its worker. */
  requeues: number;
}

const MAX_REQUEUES = 4;

/** A chunk's results, in the form the batch asked for (WorkerInit.output). */
export type ChunkResult = { base: number; outcomes: ItemOutcome[] } | { base: number; ndjson: NdjsonChunk };

export interface PoolHooks {
  /** A chunk went back to the queue after its worker died. */
  onRetry(): void;
  /** A dead worker was replaced. */
  onRestart(): void;
  /** Called for each worker started (replacements too). */
  onWorkerStart?: (worker: Worker, slot: number) => void;
  /** True once the batch is stopping (aborted): dead workers are not replaced. */
  stopping(): boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  inflight: Map<number, PoolChunk>;
  /** Ids of inflight chunks the worker has begun. */
  started: Set<number>;
  retired: boolean;
  lastError?: Error;
}

export class WorkerPool {
  /** Set when the batch cannot go on (the rule set does not build, workers keep dying at start). */
  fatal: Error | undefined;
  private readonly slots: Slot[] = [];
  private readonly pending: PoolChunk[] = [];
  private readonly completed = new Map<number, ChunkResult>();
  private startFailures = 0;
  private dirty = false;
  private wakeUp: (() => void) | undefined;

  constructor(n: number, private readonly url: URL, private readonly init: WorkerInit, private readonly hooks: PoolHooks) {
    for (let i = 0; i < n; i++) this.spawn(i);
  }

  /** Queues a chunk and hands out what the workers can take. */
  submit(c: PoolChunk): void {
    this.pending.push(c);
    this.dispatch();
  }

  /** The results of chunk `id` if they are in (handed over once). */
  take(id: number): ChunkResult | undefined {
    const r = this.completed.get(id);
    if (r !== undefined) this.completed.delete(id);
    return r;
  }

  /** Resolves when something happened (a chunk came back, a worker died, wake() was called). */
  async changed(): Promise<void> {
    this.dispatch();
    if (!this.dirty) await new Promise<void>((r) => (this.wakeUp = r));
    this.wakeUp = undefined;
    this.dirty = false;
  }

  wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  /** Terminates every worker; nothing they post afterwards counts. */
  close(): void {
    for (const s of this.slots) {
      s.retired = true;
      void s.worker.terminate();
    }
  }

  private spawn(i: number): void {
    const worker = new Worker(this.url, { workerData: this.init });
    const slot: Slot = { worker, ready: false, inflight: new Map(), started: new Set(), retired: false };
    this.slots[i] = slot;
    worker.on("message", (m: WorkerReply) => {
      if (slot.retired) return;
      this.onMessage(slot, m);
      this.wake();
    });
    worker.on("error", (e) => {
      slot.lastError = e;
    });
    worker.on("exit", (code) => {
      if (slot.retired) return;
      slot.retired = true;
      this.onExit(slot, i, slot.lastError?.message ?? `exit code ${code}`);
      this.wake();
    });
    this.hooks.onWorkerStart?.(worker, i);
  }

  private onMessage(slot: Slot, m: WorkerReply): void {
    if (m.type === "ready") {
      slot.ready = true;
      this.startFailures = 0;
    } else if (m.type === "fatal") {
      this.fatal = new Error(`a batch worker could not build the rule set: ${m.message}`);
    } else if (m.type === "start") {
      slot.started.add(m.id);
    } else {
      slot.started.delete(m.id);
      const c = slot.inflight.get(m.id);
      if (c === undefined) return;
      slot.inflight.delete(c.id);
      if (this.completed.has(c.id)) return;
      this.completed.set(c.id, "ndjson" in m ? { base: c.base, ndjson: m.ndjson } : { base: c.base, outcomes: m.outcomes });
    }
  }

  private onExit(slot: Slot, i: number, why: string): void {
    for (const c of slot.inflight.values()) {
      if (slot.started.has(c.id)) c.attempts++;
      c.requeues++;
      if (c.attempts >= 2) this.completed.set(c.id, this.failed(c, `worker failed twice (${why})`));
      else if (c.requeues >= MAX_REQUEUES) this.completed.set(c.id, this.failed(c, `worker failed ${c.requeues} times (${why})`));
      else {
        this.hooks.onRetry();
        this.pending.unshift(c);
      }
    }
    slot.inflight.clear();
    slot.started.clear();
    if (!slot.ready && ++this.startFailures > 3) this.fatal ??= new Error(`batch workers keep failing at start (${why})`);
    else if (this.fatal === undefined && !this.hooks.stopping()) {
      this.hooks.onRestart();
      this.spawn(i);
    }
  }

  /** Every record of a chunk reported as `message`. */
  private failed(c: PoolChunk, message: string): ChunkResult {
    if (this.init.output === "ndjson") return { base: c.base, ndjson: errorChunkNdjson(c.base, c.items.length, message) };
    return { base: c.base, outcomes: c.items.map(() => ({ error: { message } })) };
  }

  // A retried chunk goes to a worker alone (and that worker gets nothing else meanwhile): if it
  // kills its worker again, it did — a chunk that merely shared a worker with it does not use
  // up its own retry.
  private dispatch(): void {
    for (const slot of this.slots) {
      while (this.pending.length > 0 && !slot.retired && slot.inflight.size < 2) {
        const c = this.pending[0]!;
        if (c.attempts > 0 ? slot.inflight.size > 0 : [...slot.inflight.values()].some((x) => x.attempts > 0)) break;
        this.pending.shift();
        slot.inflight.set(c.id, c);
        const msg: ChunkMessage = { id: c.id, base: c.base, items: c.items, attempt: c.attempts };
        slot.worker.postMessage(msg);
      }
    }
  }
}
