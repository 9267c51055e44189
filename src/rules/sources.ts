// Record sources for batch evaluation (Node): NDJSON lines, the elements of a JSON array, CSV
// rows — each streamed (never loaded whole), read with backpressure: a source is an async
// iterable, so nothing more is read than the consumer asks for.
//
// An item is either raw JSON text (a line, an array element: parsed where it is evaluated, so
// that a worker does the parsing and a malformed one is reported with its index) or a value
// (a CSV row, a record from an async iterable).

import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";

export type BatchFormat = "ndjson" | "json" | "csv";

/** Raw JSON text (`{ raw }`), or a record already parsed (`{ value }`). */
export type SourceItem = { raw: string } | { value: unknown };

/** What a batch reads: a file path, a byte stream, or an async (or sync) iterable of records. */
export type BatchSource = string | Readable | AsyncIterable<unknown> | Iterable<unknown>;

export interface SourceOptions {
  /** Default: from the file extension (.ndjson/.jsonl, .json, .csv), else "ndjson". */
  format?: BatchFormat;
  /**
   * CSV cells: "auto" (default) turns numeric-looking cells (`-12`, `3.5`, `1e3`; not `007` or
   * `+1`, which stay text like zip codes and phone numbers) into numbers and leaves the rest as
   * strings; "none" keeps every cell a string. Empty cells stay "".
   */
  csvCast?: "auto" | "none";
  /** Counts bytes read from a file or stream (for progress and ETA). */
  onBytes?: (n: number) => void;
}

/** The format of a file by its extension (undefined when it says nothing). */
export function formatOf(path: string): BatchFormat | undefined {
  const m = /\.([A-Za-z]+)$/.exec(path);
  const ext = m?.[1]?.toLowerCase();
  if (ext === "ndjson" || ext === "jsonl") return "ndjson";
  if (ext === "json") return "json";
  if (ext === "csv") return "csv";
  return undefined;
}

function isReadable(x: unknown): x is Readable {
  return x !== null && typeof x === "object" && typeof (x as Readable).pipe === "function" && typeof (x as Readable).on === "function";
}

/** The items of a source, in order. */
export function openSource(source: BatchSource, opts: SourceOptions = {}): AsyncIterable<SourceItem> {
  if (typeof source === "string" || isReadable(source)) {
    const format = opts.format ?? (typeof source === "string" ? formatOf(source) : undefined) ?? "ndjson";
    const open = (): Readable => (typeof source === "string" ? createReadStream(source) : source);
    if (format === "csv") return csvItems(open, opts);
    const chunks = textChunks(open, opts.onBytes);
    return format === "json" ? jsonArrayItems(chunks) : ndjsonItems(chunks);
  }
  return valueItems(source);
}

async function* valueItems(it: AsyncIterable<unknown> | Iterable<unknown>): AsyncIterable<SourceItem> {
  // a string is one line of JSON text (so that callers can pass raw lines, malformed ones too)
  for await (const v of it as AsyncIterable<unknown>) yield typeof v === "string" ? { raw: v } : { value: v };
}

/** Decoded UTF-8 text of a byte stream, chunk by chunk. */
async function* textChunks(open: () => Readable, onBytes?: (n: number) => void): AsyncIterable<string> {
  const stream = open();
  const decoder = new StringDecoder("utf8");
  try {
    for await (const chunk of stream) {
      if (typeof chunk === "string") {
        onBytes?.(Buffer.byteLength(chunk));
        yield chunk;
      } else {
        onBytes?.((chunk as Buffer).length);
        const s = decoder.write(chunk as Buffer);
        if (s.length > 0) yield s;
      }
    }
    const rest = decoder.end();
    if (rest.length > 0) yield rest;
  } finally {
    stream.destroy();
  }
}

/** Non-blank lines (a trailing "\r" removed; a leading BOM dropped). */
export async function* ndjsonItems(chunks: AsyncIterable<string>): AsyncIterable<SourceItem> {
  let carry = "";
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let from = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", from)) {
      let line = carry + chunk.slice(from, nl);
      carry = "";
      from = nl + 1;
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (line.trim().length > 0) yield { raw: line };
    }
    carry += chunk.slice(from);
  }
  if (carry.endsWith("\r")) carry = carry.slice(0, -1);
  if (carry.trim().length > 0) yield { raw: carry };
}

/** Thrown for a source that is not what its format says (not a JSON array). */
export class SourceError extends Error {
  override name = "SourceError";
}

/**
 * The elements of one JSON array, as text, without parsing the whole: a splitter that tracks
 * strings, escapes and depth and cuts at the top-level commas. An element that is not valid
 * JSON is passed on as it is (the evaluation reports it); only the array's own shape is checked.
 */
export async function* jsonArrayItems(chunks: AsyncIterable<string>): AsyncIterable<SourceItem> {
  let state: "before" | "in" | "after" = "before";
  let depth = 0; // inside the array: nesting of the current element
  let inString = false;
  let escape = false;
  let parts: string[] = [];
  let start = 0; // where the current element's text starts in this chunk
  const element = (): SourceItem | undefined => {
    const text = parts.join("").trim();
    parts = [];
    return text.length > 0 ? { raw: text } : undefined;
  };
  let sawElement = false;
  for await (const chunk of chunks) {
    start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === "before") {
        if (c === 0x5b /* [ */) {
          state = "in";
          start = i + 1;
        } else if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff)) {
          throw new SourceError("a JSON source must be an array of records");
        }
        continue;
      }
      if (state === "after") {
        if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) throw new SourceError("unexpected text after the JSON array");
        continue;
      }
      if (inString) {
        if (escape) escape = false;
        else if (c === 0x5c /* \ */) escape = true;
        else if (c === 0x22 /* " */) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0 && c === 0x5d) {
          parts.push(chunk.slice(start, i));
          const e = element();
          if (e !== undefined) yield e;
          else if (sawElement) yield { raw: "" }; // a trailing comma: an empty element, reported
          state = "after";
          continue;
        }
        depth--;
      } else if (c === 0x2c /* , */ && depth === 0) {
        parts.push(chunk.slice(start, i));
        start = i + 1;
        yield element() ?? { raw: "" };
        sawElement = true;
      }
    }
    if (state === "in") parts.push(chunk.slice(start));
  }
  if ((state as string) !== "after") throw new SourceError(state === "before" ? "a JSON source must be an array of records" : "the JSON array is not closed");
}

const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** CSV rows as objects keyed by the header's columns. */
async function* csvItems(open: () => Readable, opts: SourceOptions): AsyncIterable<SourceItem> {
  const { parse } = await import("csv-parse");
  const auto = (opts.csvCast ?? "auto") === "auto";
  const parser = parse({
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    cast: auto ? (value: string) => (NUMERIC.test(value) ? Number(value) : value) : false,
  });
  const stream = open();
  if (opts.onBytes !== undefined) {
    const onBytes = opts.onBytes;
    stream.on("data", (c: Buffer | string) => onBytes(typeof c === "string" ? Buffer.byteLength(c) : c.length));
  }
  stream.on("error", (e) => parser.destroy(e));
  stream.pipe(parser);
  try {
    for await (const row of parser) yield { value: row as unknown };
  } finally {
    stream.destroy();
    parser.destroy();
  }
}
