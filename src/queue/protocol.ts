// What a coordinator (coordinator.ts) and workers (worker.ts) agree on: the queue's name, the
// Redis keys, the job and result shapes, and the versions a worker checks before computing.
//
// Keys (all under "moonrule:", so one Redis can host other data too):
//   moonrule:ruleset:{sha256}           hash: doc (the rule-set JSON), version, format
//   moonrule:{batchId}:result:{chunk}   hash: text (NDJSON lines, raw), meta (ResultMeta JSON)
// The result text is stored raw, not inside a JSON string, so neither side escapes or
// unescapes the bulk of the data.

import { createHash } from "node:crypto";
import { COMPILER_VERSION } from "../vm/chunk.js";
import type { ChunkCounts } from "../rules/batch-eval.js";

/** The BullMQ queue every coordinator and worker uses (batches are told apart by batch id). */
export const QUEUE_NAME = "moonrule-batch";

/**
 * The moonrule a job was made by. COMPILER_VERSION is "<package>/<bytecode revision>": a worker
 * of another package or bytecode revision could evaluate differently, so it must refuse.
 */
export const MOONRULE_VERSION = COMPILER_VERSION;

/**
 * The shape of ChunkJob and of stored results; bump on any change to either. 2: records as
 * ChunkRecords (was a JSON array of items).
 */
export const CHUNK_FORMAT = 2;

/** A chunk's items in a job (records.ts: why two encodings). */
export type ChunkRecords =
  /** Every item raw JSON text, as read. */
  | { kind: "text"; lines: string[] }
  /** Parsed records: the array as v8.Serializer writes it, base64; `node` wrote it (for errors). */
  | { kind: "v8"; data: string; node: string };

/** A chunk job's data (BullMQ stores it as JSON). */
export interface ChunkJob {
  batchId: string;
  /** Chunk number: records [chunk × chunkSize, (chunk + 1) × chunkSize) of the input. */
  chunk: number;
  /** Index of records[0] (after a skip, the first chunk may start inside its span). */
  base: number;
  rulesetHash: string;
  version: string;
  format: number;
  explain: boolean;
  includeRecord: boolean;
  /** Raw JSON text or parsed records, as the source readers give them, encoded (records.ts). */
  records: ChunkRecords;
}

/** Everything of a stored chunk result but its text. */
export interface ResultMeta {
  base: number;
  n: number;
  counts: ChunkCounts;
  /** A result that cannot be written as JSON (see NdjsonChunk.error). */
  error?: string;
  /** Which worker computed it, and on which start of the job (1: first). */
  worker: string;
  attempt: number;
}

export const rulesetKey = (hash: string): string => `moonrule:ruleset:${hash}`;
export const resultKey = (batchId: string, chunk: number): string => `moonrule:${batchId}:result:${chunk}`;
/** One job per chunk and batch: adding it again while it exists is a no-op (resuming). */
export const jobId = (batchId: string, chunk: number): string => `${batchId}.${chunk}`;

/** The content hash a rule-set document is stored and verified under. */
export function rulesetHash(documentJson: string): string {
  return createHash("sha256").update(documentJson, "utf8").digest("hex");
}

/** Batch ids become part of Redis keys and job ids: keep them to a safe alphabet. */
export function checkBatchId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new RangeError(`a batch id is 1 to 100 letters, digits, '_' or '-', not ${JSON.stringify(id)}`);
  return id;
}
