// The coordinator's reader: the items of a source (as sources.ts reads them, in blocks) cut
// into chunks aligned on multiples of the chunk size, so that chunk k is always records
// [k × size, (k + 1) × size) whatever was skipped: a resumed batch (CLI --resume) finds the
// chunks a previous run left in Redis under the same numbers.

export interface SourceChunk {
  chunk: number;
  /** Index of items[0]. */
  base: number;
  items: unknown[];
}

export class AlignedChunker {
  done = false;
  private block: unknown[] = [];
  private pos = 0;
  private next_: number;
  private readonly it: AsyncIterator<unknown[]>;

  constructor(blocks: AsyncIterable<unknown[]>, private readonly size: number, private toSkip: number, private readonly onSkip: (n: number) => void) {
    this.it = blocks[Symbol.asyncIterator]();
    this.next_ = toSkip;
  }

  /** The next chunk, undefined at the end. */
  async next(): Promise<SourceChunk | undefined> {
    const base = this.next_;
    const want = this.size - (base % this.size);
    const items: unknown[] = [];
    while (items.length < want) {
      if (this.pos < this.block.length) {
        const end = Math.min(this.block.length, this.pos + want - items.length);
        while (this.pos < end) items.push(this.block[this.pos++]);
        continue;
      }
      if (this.done) break;
      const r = await this.it.next();
      if (r.done === true) {
        this.done = true;
        break;
      }
      this.block = r.value;
      this.pos = Math.min(this.toSkip, r.value.length);
      if (this.pos > 0) {
        this.toSkip -= this.pos;
        this.onSkip(this.pos);
      }
    }
    if (this.pos >= this.block.length && this.done) this.block = [];
    if (items.length === 0) return undefined;
    this.next_ = base + items.length;
    return { chunk: Math.floor(base / this.size), base, items };
  }

  close(): void {
    void this.it.return?.()?.catch(() => {});
  }
}
