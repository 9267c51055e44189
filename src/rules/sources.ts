// Record sources for batch evaluation (Node): NDJSON lines, the elements of a JSON array, CSV
// rows — each streamed (never loaded whole), read with backpressure: a source is an async
// iterable, so nothing more is read than the consumer asks for.
//
// An item is either raw JSON text (a line, an array element: parsed where it is evaluated, so
// that a worker does the parsing and a malformed one is reported with its index) or a value
// (a CSV row, a record from an async iterable).
//
// The batch reads items in batches (`openSourceBatches`: one array per block of text read),
// where a string is raw JSON text and anything else a parsed record: reading a 64 KB block of
// NDJSON then costs one await, not one per line, and the strings go to workers as they are.
// `openSource` and the `…Items` functions are the same, item by item, as `SourceItem`s.

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
export async function* openSource(source: BatchSource, opts: SourceOptions = {}): AsyncIterable<SourceItem> {
  for await (const batch of openSourceBatches(source, opts)) yield* batch.map(toSourceItem);
}

/** A batch item as a SourceItem: a string is raw JSON text. */
function toSourceItem(x: unknown): SourceItem {
  return typeof x === "string" ? { raw: x } : { value: x };
}

/**
 * The items of a source in order, in batches (never empty): a string is raw JSON text,
 * anything else a parsed record.
 */
export function openSourceBatches(source: BatchSource, opts: SourceOptions = {}): AsyncIterable<unknown[]> {
  if (typeof source === "string" || isReadable(source)) {
    const format = opts.format ?? (typeof source === "string" ? formatOf(source) : undefined) ?? "ndjson";
    const open = (): Readable => (typeof source === "string" ? createReadStream(source) : source);
    if (format === "csv") return csvRows(open, opts);
    const chunks = textChunks(open, opts.onBytes);
    return format === "json" ? jsonArrayElements(chunks) : ndjsonLines(chunks);
  }
  return valueBatches(source);
}

/** Values pulled from a synchronous iterable at a time (an array need not cost an await per record). */
const SYNC_BATCH = 256;

async function* valueBatches(it: AsyncIterable<unknown> | Iterable<unknown>): AsyncIterable<unknown[]> {
  // a string is one line of JSON text (so that callers can pass raw lines, malformed ones too)
  if (Symbol.asyncIterator in it || !(Symbol.iterator in it)) {
    for await (const v of it as AsyncIterable<unknown>) yield [v];
    return;
  }
  let batch: unknown[] = [];
  for (const v of it) {
    // as `for await` does over a sync iterable: a promise stands for its value
    batch.push(isThenable(v) ? await v : v);
    if (batch.length >= SYNC_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as PromiseLike<unknown>).then === "function";
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
  for await (const lines of ndjsonLines(chunks)) for (const raw of lines) yield { raw };
}

/** Non-blank lines as ndjsonItems reads them, one array per block of text that ends a line. */
export async function* ndjsonLines(chunks: AsyncIterable<string>): AsyncIterable<string[]> {
  let carry = "";
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    const lines: string[] = [];
    let from = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", from)) {
      const line = trimCR(carry + chunk.slice(from, nl));
      carry = "";
      from = nl + 1;
      if (line.trim().length > 0) lines.push(line);
    }
    carry += chunk.slice(from);
    if (lines.length > 0) yield lines;
  }
  carry = trimCR(carry);
  if (carry.trim().length > 0) yield [carry];
}

function trimCR(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
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
  for await (const elements of jsonArrayElements(chunks)) for (const raw of elements) yield { raw };
}

/** The elements as jsonArrayItems reads them, one array per block of text that ends one. */
export async function* jsonArrayElements(chunks: AsyncIterable<string>): AsyncIterable<string[]> {
  const splitter = new ArraySplitter();
  for await (const chunk of chunks) {
    const elements: string[] = [];
    let error: SourceError | undefined;
    try {
      splitter.feed(chunk, elements);
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      error = e;
    }
    // the elements before a shape error are still evaluated, as when they came one by one
    if (elements.length > 0) yield elements;
    if (error !== undefined) throw error;
  }
  splitter.end();
}

/** The state of jsonArrayElements between blocks of text. */
class ArraySplitter {
  private state: "before" | "in" | "after" = "before";
  private depth = 0; // inside the array: nesting of the current element
  private inString = false;
  private escape = false;
  private parts: string[] = [];
  private sawElement = false;

  /** Reads a block of text, pushing the elements it completes. */
  feed(chunk: string, out: string[]): void {
    let start = 0; // where the current element's text starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.state === "before") {
        if (c === 0x5b /* [ */) {
          this.state = "in";
          start = i + 1;
        } else if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff)) {
          throw new SourceError("a JSON source must be an array of records");
        }
        continue;
      }
      if (this.state === "after") {
        if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) throw new SourceError("unexpected text after the JSON array");
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 0x5c /* \ */) this.escape = true;
        else if (c === 0x22 /* " */) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (this.depth === 0 && c === 0x5d) {
          this.parts.push(chunk.slice(start, i));
          const e = this.element();
          if (e !== undefined) out.push(e);
          else if (this.sawElement) out.push(""); // a trailing comma: an empty element, reported
          this.state = "after";
          continue;
        }
        this.depth--;
      } else if (c === 0x2c /* , */ && this.depth === 0) {
        this.parts.push(chunk.slice(start, i));
        start = i + 1;
        out.push(this.element() ?? "");
        this.sawElement = true;
      }
    }
    if (this.state === "in") this.parts.push(chunk.slice(start));
  }

  /** At the end of the text: the array must have been closed. */
  end(): void {
    if (this.state === "before") throw new SourceError("a JSON source must be an array of records");
    if (this.state === "in") throw new SourceError("the JSON array is not closed");
  }

  private element(): string | undefined {
    const text = this.parts.join("").trim();
    this.parts = [];
    return text.length > 0 ? text : undefined;
  }
}

const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** CSV rows as objects keyed by the header's columns (each row a batch of its own). */
async function* csvRows(open: () => Readable, opts: SourceOptions): AsyncIterable<unknown[]> {
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
    // csv-parse hands rows over one by one; the batch groups them into chunks
    for await (const row of parser) yield [row as unknown];
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

/** The items of a source (in batches, as sources.ts reads them), taken in chunks after a skip. */
export class ChunkReader {
  /** The source is exhausted. */
  done = false;
  private batch: unknown[] = [];
  private pos = 0;
  private readonly it: AsyncIterator<unknown[]>;

  constructor(
    batches: AsyncIterable<unknown[]>,
    private toSkip: number,
    private readonly onSkip: (n: number) => void,
  ) {
    this.it = batches[Symbol.asyncIterator]();
  }

  /**
   * Up to `max` items, none at the end. `eager`: return once some are in hand rather than wait
   * for more. `abort` rejects to interrupt a read.
   */
  async take(max: number, eager: boolean, abort?: Promise<never>): Promise<unknown[]> {
    const out: unknown[] = [];
    while (out.length < max) {
      if (this.pos < this.batch.length) {
        const end = Math.min(this.batch.length, this.pos + max - out.length);
        while (this.pos < end) out.push(this.batch[this.pos++]);
        continue;
      }
      if (this.done || (eager && out.length > 0)) break;
      const next = await (abort === undefined ? this.it.next() : Promise.race([this.it.next(), abort]));
      if (next.done === true) {
        this.done = true;
        break;
      }
      this.batch = next.value;
      this.pos = this.skipIn(next.value.length);
    }
    return out;
  }

  close(): void {
    void this.it.return?.()?.catch(() => {});
  }

  /** How many of a batch of `n` items are skipped. */
  private skipIn(n: number): number {
    const k = Math.min(this.toSkip, n);
    if (k > 0) {
      this.toSkip -= k;
      this.onSkip(k);
    }
    return k;
  }
}
