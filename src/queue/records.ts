// How a chunk's records travel in a job (ChunkJob.records), so that a worker evaluates exactly
// the values the local batch would.
//
// The local batch hands a chunk to its worker threads with postMessage, i.e. as a structured
// clone: raw JSON text stays text, and parsed records (CSV rows, values from an iterable) keep
// undefined, bigints, NaN, ±Infinity, -0, Dates, Maps, Sets, typed arrays and shared
// references. BullMQ stores job data as JSON, which would turn those into null, {}, strings or
// an exception (a bigint), so the rules would see other facts. Hence two encodings:
//   text  every item is raw JSON text (NDJSON lines, array elements): a JSON array of strings,
//         exact and the cheapest to write and read;
//   v8    anything else: the items as V8's ValueSerializer writes them (v8.Serializer, the
//         serializer postMessage uses, without Node's host-object handling, so a Buffer comes
//         back as a Uint8Array exactly as from postMessage), base64 inside the JSON.

import { Deserializer, Serializer } from "node:v8";
import type { ChunkRecords } from "./protocol.js";

/** A chunk's items as a job carries them; `base` names a record that cannot be sent. */
export function encodeRecords(items: readonly unknown[], base: number): ChunkRecords {
  if (items.every((x) => typeof x === "string")) return { kind: "text", lines: items as string[] };
  try {
    return { kind: "v8", data: serialize(items).toString("base64"), node: process.version };
  } catch (e) {
    // as postMessage fails the local batch on a function or a symbol: say which record
    const k = items.findIndex((x) => {
      try {
        serialize(x);
        return false;
      } catch {
        return true;
      }
    });
    throw new TypeError(`record ${base + Math.max(0, k)} cannot be sent to the queue's workers: ${(e as Error).message}`);
  }
}

/** The items of a job, as the coordinator read them. Throws an Error saying why it cannot. */
export function decodeRecords(r: ChunkRecords): unknown[] {
  if (r.kind === "text") return r.lines;
  let items: unknown;
  try {
    const d = new Deserializer(Buffer.from(r.data, "base64"));
    d.readHeader();
    items = d.readValue();
  } catch (e) {
    // V8 reads older serializer versions but not newer ones
    throw new Error(`cannot read the chunk's records (written by Node ${r.node}, this worker runs Node ${process.version}): ${(e as Error).message}`);
  }
  if (!Array.isArray(items)) throw new Error("the chunk's records are not an array");
  return items;
}

function serialize(v: unknown): Buffer {
  const s = new Serializer();
  s.writeHeader();
  s.writeValue(v);
  return s.releaseBuffer();
}
