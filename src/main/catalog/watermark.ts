import type { Watermark } from './sync-state.repo';

/**
 * How long before the server's clock at listing time a lastModified must be for us to trust that
 * it is the value the listing was sorted by. A show edited while the sync runs comes back with a
 * newer lastModified than its place in the listing, and the Date header only has whole seconds;
 * the margin also covers an edit whose transaction began before the listing and committed after
 * it. The cost is small: shows changed in these last minutes are fetched once more next time.
 */
export const WATERMARK_SAFETY_MARGIN_MS = 5 * 60_000;

function later(a: Watermark | null, b: Watermark | null): Watermark | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.at > a.at ? b : a;
}

/**
 * Computes how far the incremental-sync watermark may advance while the batches of one listing
 * (show ids sorted by lastModified, then id) are committed in any order.
 *
 * The watermark W promises: every show with lastModified <= W is stored as it is now or newer.
 * The next sync asks for `lastModified greaterThan W`, so W must stay below the lastModified of
 * every listed show not yet committed. Hence:
 *
 * - Only the contiguous prefix of committed batches counts: a later batch committed early (several
 *   run at once) says nothing about the uncommitted ones before it.
 * - Ties: the first uncommitted show may have the same lastModified as the last committed one, so
 *   until the listing is complete W stops at the largest value strictly below the prefix's maximum.
 * - Instants, not strings: values are compared in epoch ms whatever offset the server wrote.
 * - Values newer than `cap` (the server's clock at listing time minus a margin) are not trusted:
 *   such a show was edited after the listing, and its new lastModified says nothing about where
 *   the uncommitted shows of the listing stand.
 */
export class WatermarkTracker {
  private readonly committed: boolean[];
  private prefix = 0;
  private readonly pending = new Map<number, readonly Watermark[]>();
  private top: Watermark | null = null;
  /** The largest value strictly below `top`. */
  private second: Watermark | null = null;

  constructor(
    batches: number,
    private readonly start: Watermark | null,
    private readonly cap: number | null,
  ) {
    this.committed = new Array<boolean>(batches).fill(false);
  }

  get complete(): boolean {
    return this.prefix === this.committed.length;
  }

  /** Records a committed batch and the lastModified of each valid show in it. */
  commit(batch: number, values: readonly Watermark[]): void {
    if (batch < 0 || batch >= this.committed.length || this.committed[batch] === true) return;
    this.committed[batch] = true;
    this.pending.set(batch, values);
    while (this.prefix < this.committed.length && this.committed[this.prefix] === true) {
      for (const value of this.pending.get(this.prefix) ?? []) this.fold(value);
      this.pending.delete(this.prefix);
      this.prefix += 1;
    }
  }

  private fold(value: Watermark): void {
    if (this.cap !== null && value.at > this.cap) return;
    if (this.top === null || value.at > this.top.at) {
      this.second = this.top;
      this.top = value;
    } else if (value.at < this.top.at && (this.second === null || value.at > this.second.at)) {
      this.second = value;
    }
  }

  /**
   * An independent copy: a write stages its batches on a copy and keeps it only once their rows
   * (and the watermark saved with them) are committed.
   */
  copy(): WatermarkTracker {
    const copy = new WatermarkTracker(0, this.start, this.cap);
    copy.committed.push(...this.committed);
    copy.prefix = this.prefix;
    for (const [batch, values] of this.pending) copy.pending.set(batch, values);
    copy.top = this.top;
    copy.second = this.second;
    return copy;
  }

  /** The safe watermark now: never behind where this sync started. */
  current(): Watermark | null {
    return later(this.start, this.complete ? this.top : this.second);
  }
}
