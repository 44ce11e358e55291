/**
 * The show list's window onto the catalog: rows are fetched in fixed pages as the list scrolls,
 * kept in a small map, and pages far from the viewport are dropped again, so the renderer never
 * holds more than a few hundred rows whatever the catalog's size.
 */

export const PAGE_SIZE = 100;
/** Rows fetched beyond each end of the viewport, so a scroll rarely shows blank rows. */
export const OVERSCAN_ROWS = 40;
/** Pages kept beyond each end of the viewport's pages before they are dropped. */
export const KEEP_MARGIN_PAGES = 3;

export type Pages<T> = ReadonlyMap<number, readonly T[]>;

export function pageOf(index: number, pageSize = PAGE_SIZE): number {
  return Math.floor(index / pageSize);
}

/** The pages covering rows `start`..`end` (inclusive), with overscan, inside a list of `total`. */
export function pagesForRange(
  start: number,
  end: number,
  total: number,
  pageSize = PAGE_SIZE,
  overscan = OVERSCAN_ROWS,
): number[] {
  if (total <= 0 || end < start) return [];
  const first = pageOf(Math.max(0, start - overscan), pageSize);
  const last = pageOf(Math.min(total - 1, end + overscan), pageSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}

/** Runs of consecutive pages (`[3,4,5,9]` → `[[3,5],[9,9]]`): each run is one request. */
export function contiguousRuns(pages: readonly number[]): [number, number][] {
  const sorted = [...pages].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const p of sorted) {
    const last = runs[runs.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else if (!last || p > last[1]) runs.push([p, p]);
  }
  return runs;
}

export function rowAt<T>(pages: Pages<T>, index: number, pageSize = PAGE_SIZE): T | undefined {
  return pages.get(pageOf(index, pageSize))?.[index % pageSize];
}

/** Splits rows fetched from a page-aligned `offset` into their pages. */
export function splitIntoPages<T>(
  rows: readonly T[],
  offset: number,
  pageSize = PAGE_SIZE,
): [number, T[]][] {
  if (offset % pageSize !== 0) throw new Error(`Offset ${offset} is not on a page boundary.`);
  const out: [number, T[]][] = [];
  for (let i = 0; i < rows.length; i += pageSize) {
    out.push([offset / pageSize + i / pageSize, rows.slice(i, i + pageSize)]);
  }
  return out;
}

/** The pages with those added (a new map; the old one is left as it was). */
export function withPages<T>(pages: Pages<T>, added: readonly [number, readonly T[]][]): Pages<T> {
  const next = new Map(pages);
  for (const [page, rows] of added) next.set(page, rows);
  return next;
}

/**
 * Drops pages further than `margin` pages from the viewport's pages `first`..`last`. Returns the
 * same map when nothing is dropped, so a store can tell nothing changed.
 */
export function evictFarPages<T>(
  pages: Pages<T>,
  first: number,
  last: number,
  margin = KEEP_MARGIN_PAGES,
): Pages<T> {
  let drop = false;
  for (const page of pages.keys()) {
    if (page < first - margin || page > last + margin) {
      drop = true;
      break;
    }
  }
  if (!drop) return pages;
  const next = new Map<number, readonly T[]>();
  for (const [page, rows] of pages) {
    if (page >= first - margin && page <= last + margin) next.set(page, rows);
  }
  return next;
}

export function cachedRowCount<T>(pages: Pages<T>): number {
  let n = 0;
  for (const rows of pages.values()) n += rows.length;
  return n;
}
