import { describe, expect, it } from 'vitest';
import { ShowFilterSchema } from '../../../shared/catalog';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  activeFilterCount,
  isFiltered,
  nextSort,
  normalizeFilter,
  sameQuery,
  toggleValue,
} from './filter';

describe('filters', () => {
  it('the empty filter is what the contract fills in by default', () => {
    expect(EMPTY_FILTER).toEqual(ShowFilterSchema.parse({}));
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
  });

  it('counts the filters set, apart from the search text', () => {
    const filter = {
      ...EMPTY_FILTER,
      text: 'council',
      dateFrom: '2025-01-01',
      categoryIds: [3, 4],
      hasCaptions: false,
    };
    expect(activeFilterCount(filter)).toBe(3);
    expect(isFiltered({ ...EMPTY_FILTER, text: '  ' })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, hasVod: true })).toBe(true);
  });

  it('trims the text and puts a reversed date range the right way round', () => {
    const filter = normalizeFilter({
      ...EMPTY_FILTER,
      text: ' council ',
      dateFrom: '2025-06-01',
      dateTo: '2025-01-01',
    });
    expect(filter.text).toBe('council');
    expect([filter.dateFrom, filter.dateTo]).toEqual(['2025-01-01', '2025-06-01']);
    expect(ShowFilterSchema.safeParse(filter).success).toBe(true);
  });

  it('knows when a change does not change the question (a trailing space)', () => {
    expect(sameQuery({ ...EMPTY_FILTER, text: 'park' }, { ...EMPTY_FILTER, text: 'park ' })).toBe(
      true,
    );
    expect(sameQuery({ ...EMPTY_FILTER, text: 'park' }, { ...EMPTY_FILTER, text: 'parks' })).toBe(
      false,
    );
  });

  it('toggles one value of a multi-select', () => {
    expect(toggleValue([1, 2], 3)).toEqual([1, 2, 3]);
    expect(toggleValue([1, 2, 3], 2)).toEqual([1, 3]);
  });
});

describe('sorting by column header', () => {
  it('flips the same column, and starts another in its natural direction', () => {
    expect(DEFAULT_SORT).toEqual({ field: 'eventDate', direction: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'eventDate')).toEqual({ field: 'eventDate', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'title')).toEqual({ field: 'title', direction: 'asc' });
    expect(nextSort({ field: 'title', direction: 'asc' }, 'title').direction).toBe('desc');
    expect(nextSort({ field: 'title', direction: 'asc' }, 'totalRunTime').direction).toBe('desc');
  });
});
