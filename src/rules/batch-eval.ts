// Batch items evaluated: shared by the inline path and the workers (src/rules/batch-worker.ts).
//
// A chunk comes out in one of two forms: its outcomes as objects (for runBatch's iterator of
// results), or as the NDJSON lines `moonrule batch` writes plus the chunk's counts for the
// summary (Batch.ndjson()). The second is what makes a worker pool scale: the worker parses,
// evaluates and serialises, and the main thread only passes strings along and adds counts.

import type { BatchSummary } from "./batch.js";
import type { RecordResult, RuleSet } from "./ruleset.js";

/** A batch result without its index: the evaluation, or why the item is not a record. */
export type ItemOutcome = { record?: unknown; result: RecordResult } | { error: { message: string } };

/** What a run of results adds to a BatchSummary. */
export type ChunkCounts = Pick<BatchSummary, "records" | "valid" | "invalid" | "errors" | "ruleErrors" | "matches">;

/** A chunk's results as NDJSON text (complete lines) with their counts. */
export interface NdjsonChunk {
  text: string;
  counts: ChunkCounts;
  /**
   * A result could not be serialised (JSON.stringify threw, e.g. on a bigint output): `text`
   * and `counts` cover the records before it, and the batch stops with this message.
   */
  error?: string;
}

/** Evaluates one item: a string is raw JSON text, anything else a parsed record. */
export function evaluateItem(ruleSet: RuleSet, item: unknown, explain: boolean, includeRecord: boolean): ItemOutcome {
  let record: unknown = item;
  if (typeof item === "string") {
    try {
      record = JSON.parse(item);
    } catch (e) {
      return { error: { message: `not valid JSON: ${(e as Error).message}` } };
    }
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { error: { message: `not a record (a JSON object): ${record === null ? "null" : Array.isArray(record) ? "an array" : typeof record}` } };
  }
  let result: RecordResult;
  try {
    result = ruleSet.evaluate(record, { explain });
  } catch (e) {
    // evaluate never throws for a bad record; anything else is reported on the record, not fatal
    return { error: { message: `evaluation failed: ${(e as Error).message}` } };
  }
  return includeRecord ? { record, result } : { result };
}

/** One line of `moonrule batch` output (the format is public: keep it byte for byte). */
export function outcomeLine(index: number, o: ItemOutcome): string {
  return JSON.stringify({ index, ...o }) + "\n";
}

export function emptyCounts(): ChunkCounts {
  // no prototype: rule ids such as "__proto__" or "constructor" are plain keys
  return { records: 0, valid: 0, invalid: 0, errors: 0, ruleErrors: 0, matches: Object.create(null) as Record<string, number> };
}

/** Add a chunk's counts into a total (a batch summary, local or distributed). */
export function addCounts(total: ChunkCounts, c: ChunkCounts): void {
  total.records += c.records;
  total.valid += c.valid;
  total.invalid += c.invalid;
  total.errors += c.errors;
  total.ruleErrors += c.ruleErrors;
  for (const id in c.matches) total.matches[id] = (total.matches[id] ?? 0) + c.matches[id]!;
}

export function countOutcome(c: ChunkCounts, o: ItemOutcome): void {
  c.records++;
  if ("error" in o) {
    c.errors++;
    return;
  }
  const r = o.result;
  if (!r.valid) c.invalid++;
  else c.valid++;
  for (const id of r.matched) c.matches[id] = (c.matches[id] ?? 0) + 1;
  for (const rr of r.rules) if (rr.error !== undefined) c.ruleErrors++;
}

/** Evaluates a chunk whose first item has index `base`, as NDJSON text. */
export function evaluateChunkNdjson(ruleSet: RuleSet, items: readonly unknown[], base: number, explain: boolean, includeRecord: boolean): NdjsonChunk {
  const counts = emptyCounts();
  let text = "";
  for (let k = 0; k < items.length; k++) {
    const o = evaluateItem(ruleSet, items[k], explain, includeRecord);
    let line: string;
    try {
      line = outcomeLine(base + k, o);
    } catch (e) {
      return { text, counts, error: (e as Error).message };
    }
    countOutcome(counts, o);
    text += line;
  }
  return { text, counts };
}

/** `n` records from `base` on, each reported as the same error. */
export function errorChunkNdjson(base: number, n: number, message: string): NdjsonChunk {
  const counts = emptyCounts();
  let text = "";
  for (let k = 0; k < n; k++) {
    const o: ItemOutcome = { error: { message } };
    countOutcome(counts, o);
    text += outcomeLine(base + k, o);
  }
  return { text, counts };
}
