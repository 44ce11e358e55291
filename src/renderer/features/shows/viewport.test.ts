import { describe, expect, it } from 'vitest';
import { rowsPerPage, scrollToReveal, visibleRows } from './viewport';

describe('rows in view', () => {
  it('is a division, with overscan, inside the list', () => {
    expect(visibleRows(0, 600, 30, 50_000)).toEqual({ first: 0, last: 19 });
    expect(visibleRows(45, 600, 30, 50_000)).toEqual({ first: 1, last: 21 });
    expect(visibleRows(3000, 600, 30, 50_000, 5)).toEqual({ first: 95, last: 124 });
    expect(visibleRows(0, 600, 30, 7)).toEqual({ first: 0, last: 6 });
    expect(visibleRows(0, 600, 30, 0)).toBeNull();
  });

  it('stays inside a list that shrank under a scrolled view', () => {
    expect(visibleRows(30_000, 600, 30, 10)).toEqual({ first: 9, last: 9 });
  });
});

describe('revealing a row', () => {
  it('scrolls only as far as needed', () => {
    expect(scrollToReveal(5, 0, 600, 30)).toBe(0);
    expect(scrollToReveal(25, 0, 600, 30)).toBe(26 * 30 - 600);
    expect(scrollToReveal(3, 300, 600, 30)).toBe(90);
    expect(scrollToReveal(49_999, 0, 600, 30)).toBe(50_000 * 30 - 600);
  });

  it('pages by the rows that fit', () => {
    expect(rowsPerPage(600, 30)).toBe(20);
    expect(rowsPerPage(10, 30)).toBe(1);
  });
});
