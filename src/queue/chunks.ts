// The coordinator's reader: the items of a source (as sources.ts reads them, in blocks) cut
// into chunks aligned on multiples of the chunk size, so that chunk k is always records
// [k × size, (k + 1) × size) whatever was skipped: a resumed batch (CLI --resume) finds the
// chunks a previous run left in Redis under the same numbers.

import { countOutcome, emptyCounts, type ChunkCounts, type ItemOutcome } from "../rules/batch-eval.js";
import { ChunkReader } from "../rules/sources.js";

export interface SourceChunk {
  chunk: number;
  /** Index of items[0]. */
  base: number;
  items: unknown[];
}

export class AlignedChunker {
  private readonly reader: ChunkReader;
  private next_: number;

  constructor(blocks: AsyncIterable<unknown[]>, private readonly size: number, toSkip: number, onSkip: (n: number) => void) {
    this.reader = new ChunkReader(blocks, toSkip, onSkip);
    this.next_ = toSkip;
  }

  /** The next chunk, undefined at the end. */
  async next(): Promise<SourceChunk | undefined> {
    const base = this.next_;
    const items = await this.reader.take(this.size - (base % this.size), false);
    if (items.length === 0) return undefined;
    this.next_ = base + items.length;
    return { chunk: Math.floor(base / this.size), base, items };
  }

  close(): void {
    this.reader.close();
  }
}

/**
 * The last `n` lines of a chunk's stored result text (its lines are records `from`.. in order),
 * for a resume whose output ends inside the chunk: the lines already written are dropped and
 * the counts are those of the lines kept, read back from them (the lines say all countOutcome
 * looks at). Undefined unless the text is exactly `n` more lines whose first is record `from`:
 * then the chunk is computed again.
 */
export function resultTail(text: string, skip: number, n: number, from: number): { text: string; counts: ChunkCounts } | undefined {
  let start = 0;
  for (let k = 0; k < skip; k++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const tail = text.slice(start);
  if (!tail.startsWith(`{"index":${from},`)) return undefined;
  const counts = emptyCounts();
  let lines = 0;
  for (let s = 0, nl = tail.indexOf("\n"); nl >= 0; s = nl + 1, nl = tail.indexOf("\n", s)) {
    countOutcome(counts, JSON.parse(tail.slice(s, nl)) as ItemOutcome);
    lines++;
  }
  return lines === n && tail.endsWith("\n") ? { text: tail, counts } : undefined;
}
