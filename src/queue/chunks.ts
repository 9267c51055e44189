// The coordinator's reader: the items of a source (as sources.ts reads them, in blocks) cut
// into chunks aligned on multiples of the chunk size, so that chunk k is always records
// [k × size, (k + 1) × size) whatever was skipped: a resumed batch (CLI --resume) finds the
// chunks a previous run left in Redis under the same numbers.

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
