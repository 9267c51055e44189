// A batch worker (worker_threads): builds the RuleSet once from the document it is started
// with, then evaluates chunks of items and posts back each chunk's results, in order.
//
// Protocol (see src/rules/batch.ts):
//   workerData: WorkerInit
//   worker → main: { type: "ready" } | { type: "fatal", message } once at start;
//                  { type: "start", id } as it begins a chunk (so that a chunk it never
//                  began is not blamed when it dies), then
//                  { type: "done", id, outcomes } per chunk (output "objects"), or
//                  { type: "done", id, ndjson } (output "ndjson": the lines and their counts)
//   main → worker: ChunkMessage
// Items are raw JSON text (strings: a line of NDJSON, an array element), parsed here, or
// records already parsed (CSV rows, values from an iterable).
// `crashAt` is a test hook: the worker exits (code 7) when it reaches a record of that index
// in a chunk's first attempt (any attempt with `crashAlways`).

import { parentPort, workerData } from "node:worker_threads";
import { RuleSet } from "./ruleset.js";
import { evaluateChunkNdjson, evaluateItem, type ItemOutcome, type NdjsonChunk } from "./batch-eval.js";

export interface WorkerInit {
  document: string;
  explain: boolean;
  includeRecord: boolean;
  output: "objects" | "ndjson";
  crashAt?: number[];
  crashAlways?: boolean;
}

export interface ChunkMessage {
  id: number;
  /** The index of items[0]. */
  base: number;
  items: unknown[];
  /** How many workers died while running this chunk (0, or 1 for a retry). */
  attempt: number;
}

export type WorkerReply =
  | { type: "ready" }
  | { type: "fatal"; message: string }
  | { type: "start"; id: number }
  | { type: "done"; id: number; outcomes: ItemOutcome[] }
  | { type: "done"; id: number; ndjson: NdjsonChunk };

const port = parentPort;
if (port !== null) {
  const init = workerData as WorkerInit;
  const post = (m: WorkerReply): void => port.postMessage(m);
  let ruleSet: RuleSet | undefined;
  try {
    ruleSet = RuleSet.fromJSON(init.document);
    post({ type: "ready" });
  } catch (e) {
    post({ type: "fatal", message: (e as Error).message });
  }
  const crashAt = new Set(init.crashAt ?? []);
  const crashes = (msg: ChunkMessage): boolean => {
    if (crashAt.size === 0 || (msg.attempt > 0 && init.crashAlways !== true)) return false;
    for (let k = 0; k < msg.items.length; k++) if (crashAt.has(msg.base + k)) return true;
    return false;
  };
  if (ruleSet !== undefined) {
    const rs = ruleSet;
    port.on("message", (msg: ChunkMessage) => {
      post({ type: "start", id: msg.id });
      // nothing of a chunk is posted before it is done, so dying at its start is dying "on reaching" the record
      if (crashes(msg)) process.exit(7);
      if (init.output === "ndjson") {
        post({ type: "done", id: msg.id, ndjson: evaluateChunkNdjson(rs, msg.items, msg.base, init.explain, init.includeRecord) });
        return;
      }
      const outcomes: ItemOutcome[] = new Array(msg.items.length);
      for (let k = 0; k < msg.items.length; k++) outcomes[k] = evaluateItem(rs, msg.items[k], init.explain, init.includeRecord);
      post({ type: "done", id: msg.id, outcomes });
    });
  }
}
