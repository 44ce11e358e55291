import type { ShowFilter, ShowSort, ShowSortField } from '../../../shared/catalog';

export const EMPTY_FILTER: ShowFilter = {
  text: '',
  dateFrom: null,
  dateTo: null,
  categoryIds: [],
  projectIds: [],
  producerIds: [],
  locationIds: [],
  hasVod: null,
  vodStates: [],
  hasCaptions: null,
  edits: null,
};

export const DEFAULT_SORT: ShowSort = { field: 'eventDate', direction: 'desc' };

/** Filters other than the search text that narrow the list. */
export function activeFilterCount(filter: ShowFilter): number {
  let n = 0;
  if (filter.dateFrom || filter.dateTo) n++;
  if (filter.categoryIds.length > 0) n++;
  if (filter.projectIds.length > 0) n++;
  if (filter.producerIds.length > 0) n++;
  if (filter.locationIds.length > 0) n++;
  if (filter.hasVod !== null) n++;
  if (filter.vodStates.length > 0) n++;
  if (filter.hasCaptions !== null) n++;
  if (filter.edits !== null) n++;
  return n;
}

export function isFiltered(filter: ShowFilter): boolean {
  return filter.text.trim() !== '' || activeFilterCount(filter) > 0;
}

/** The filter as the core should get it: trimmed text, and a date range the right way round. */
export function normalizeFilter(filter: ShowFilter): ShowFilter {
  let { dateFrom, dateTo } = filter;
  if (dateFrom && dateTo && dateFrom > dateTo) [dateFrom, dateTo] = [dateTo, dateFrom];
  return { ...filter, text: filter.text.trim(), dateFrom, dateTo };
}

/** Two filters that ask the core the same question. */
export function sameQuery(a: ShowFilter, b: ShowFilter): boolean {
  return JSON.stringify(normalizeFilter(a)) === JSON.stringify(normalizeFilter(b));
}

/** Newest first is what an operator wants from dates and run times; A to Z from everything else. */
function firstDirection(field: ShowSortField): 'asc' | 'desc' {
  return field === 'eventDate' || field === 'totalRunTime' ? 'desc' : 'asc';
}

/** A click on a column header: the same column flips, another column starts in its first direction. */
export function nextSort(current: ShowSort, field: ShowSortField): ShowSort {
  if (current.field === field) {
    return { field, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { field, direction: firstDirection(field) };
}

/** Adds or removes one value of a multi-select filter. */
export function toggleValue<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}
