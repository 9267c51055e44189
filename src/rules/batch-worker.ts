// A batch worker (worker_threads): builds the RuleSet once from the document it is started
// with, then evaluates chunks of items and posts back each chunk's outcomes, in order.
//
// Protocol (see src/rules/batch.ts):
//   workerData: { document: string (JSON), explain, includeRecord, crashAt?: number[], crashAlways }
//   worker → main: { type: "ready" } | { type: "fatal", message } once at start;
//                  { type: "done", id, outcomes } per chunk
//   main → worker: { id, base, items, attempt } (base: the index of items[0]; attempt: 0, or 1 for a retry)
// `crashAt` is a test hook: the worker exits (code 7) when it reaches a record of that index
// in a chunk's first attempt (any attempt with `crashAlways`).

import { parentPort, workerData } from "node:worker_threads";
import { RuleSet } from "./ruleset.js";
import { evaluateItem, type ItemOutcome } from "./batch-eval.js";
import type { SourceItem } from "./sources.js";

interface WorkerInit {
  document: string;
  explain: boolean;
  includeRecord: boolean;
  crashAt?: number[];
  crashAlways?: boolean;
}

export interface ChunkMessage {
  id: number;
  base: number;
  items: SourceItem[];
  attempt: number;
}

const port = parentPort;
if (port !== null) {
  const init = workerData as WorkerInit;
  let ruleSet: RuleSet | undefined;
  try {
    ruleSet = RuleSet.fromJSON(init.document);
    port.postMessage({ type: "ready" });
  } catch (e) {
    port.postMessage({ type: "fatal", message: (e as Error).message });
  }
  const crashAt = new Set(init.crashAt ?? []);
  if (ruleSet !== undefined) {
    const rs = ruleSet;
    port.on("message", (msg: ChunkMessage) => {
      const outcomes: ItemOutcome[] = new Array(msg.items.length);
      for (let k = 0; k < msg.items.length; k++) {
        if (crashAt.has(msg.base + k) && (msg.attempt === 0 || init.crashAlways === true)) process.exit(7);
        outcomes[k] = evaluateItem(rs, msg.items[k]!, init.explain, init.includeRecord);
      }
      port.postMessage({ type: "done", id: msg.id, outcomes });
    });
  }
}
