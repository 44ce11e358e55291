import { describe, expect, it } from 'vitest';
import {
  cachedRowCount,
  contiguousRuns,
  evictFarPages,
  pagesForRange,
  rowAt,
  splitIntoPages,
  withPages,
} from './page-window';

describe('which pages a viewport needs', () => {
  it('covers the visible rows and the overscan, inside the list', () => {
    expect(pagesForRange(0, 25, 50_000, 100, 40)).toEqual([0]);
    expect(pagesForRange(90, 115, 50_000, 100, 40)).toEqual([0, 1]);
    expect(pagesForRange(49_980, 49_999, 50_000, 100, 40)).toEqual([499]);
    expect(pagesForRange(0, 25, 10, 100, 40)).toEqual([0]);
    expect(pagesForRange(0, 25, 0)).toEqual([]);
  });

  it('groups consecutive pages into one request each', () => {
    expect(contiguousRuns([9, 3, 4, 5])).toEqual([
      [3, 5],
      [9, 9],
    ]);
    expect(contiguousRuns([2, 2, 3])).toEqual([[2, 3]]);
    expect(contiguousRuns([])).toEqual([]);
  });
});

describe('the page map', () => {
  it('splits a fetched window into pages and finds rows by index', () => {
    const rows = Array.from({ length: 250 }, (_, i) => 200 + i);
    const split = splitIntoPages(rows, 200, 100);
    expect(split.map(([p, r]) => [p, r.length])).toEqual([
      [2, 100],
      [3, 100],
      [4, 50],
    ]);
    const pages = withPages(new Map(), split);
    expect(rowAt(pages, 200, 100)).toBe(200);
    expect(rowAt(pages, 449, 100)).toBe(449);
    expect(rowAt(pages, 450, 100)).toBeUndefined();
    expect(rowAt(pages, 5, 100)).toBeUndefined();
    expect(() => splitIntoPages(rows, 150, 100)).toThrow();
  });

  it('drops pages far from the viewport, so a long scroll holds a bounded number of rows', () => {
    let pages: ReadonlyMap<number, readonly number[]> = new Map();
    // Scroll from the top to the bottom of a 50,000-row list, a viewport of pages at a time.
    for (let page = 0; page < 500; page++) {
      pages = withPages(pages, [[page, Array.from({ length: 100 }, (_, i) => page * 100 + i)]]);
      pages = evictFarPages(pages, page, page, 3);
      expect(pages.size).toBeLessThanOrEqual(7);
    }
    expect([...pages.keys()].sort((a, b) => a - b)).toEqual([496, 497, 498, 499]);
    expect(cachedRowCount(pages)).toBe(400);
  });

  it('returns the same map when nothing is far, so nothing re-renders', () => {
    const pages = withPages(new Map<number, readonly number[]>(), [
      [4, [1]],
      [5, [2]],
    ]);
    expect(evictFarPages(pages, 4, 5)).toBe(pages);
  });
});
