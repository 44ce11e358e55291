import { z } from 'zod';
import { parseCablecastDate, startOfLocalDay } from './cablecast-date';
import type { SimulatorData } from './simulator.data';
import type { SavedShowSearchQuery, ShowDto } from './simulator.dtos';

/** A query the simulator cannot run: answered with 400 and this message. */
export class SearchQueryError extends Error {}

const filterSchema = z.object({
  field: z.string(),
  operator: z.string(),
  searchValue: z.unknown().optional(),
  showField: z.number().nullable().optional(),
});

export const savedShowSearchBodySchema = z.object({
  savedShowSearch: z.object({
    id: z.number().optional(),
    name: z.string().nullable().optional(),
    query: z.object({
      groups: z
        .array(
          z.object({
            orAnd: z.string().nullable().optional(),
            filters: z.array(filterSchema).nullable().optional(),
          }),
        )
        .nullable()
        .optional(),
      sortOptions: z
        .array(z.object({ field: z.string(), descending: z.boolean().nullable().optional() }))
        .nullable()
        .optional(),
    }),
  }),
});

type SavedShowSearchBody = z.infer<typeof savedShowSearchBodySchema>;

/** The query with every optional part filled in, as it is echoed back. */
export function normaliseQuery(
  query: SavedShowSearchBody['savedShowSearch']['query'],
): SavedShowSearchQuery {
  return {
    groups: (query.groups ?? []).map((group) => ({
      orAnd: group.orAnd ?? 'and',
      filters: (group.filters ?? []).map((filter) => ({
        field: filter.field,
        operator: filter.operator,
        searchValue: filter.searchValue ?? null,
        ...(filter.showField !== undefined ? { showField: filter.showField } : {}),
      })),
    })),
    sortOptions: (query.sortOptions ?? []).map((option) => ({
      field: option.field,
      descending: option.descending ?? false,
    })),
  };
}

type ValueType = 'number' | 'date' | 'text' | 'boolean';

interface FieldAccess {
  type: ValueType;
  get(id: number, data: SimulatorData): unknown;
}

/** Fields read from the record: the show is built if it was seeded lazily. */
function fromShow(
  type: ValueType,
  get: (show: ShowDto, data: SimulatorData) => unknown,
): FieldAccess {
  return {
    type,
    get: (id, data) => {
      const show = data.getShow(id);
      return show ? get(show, data) : null;
    },
  };
}

function dateField(name: 'killDateStart' | 'killDateEnd'): FieldAccess {
  return fromShow('date', (show, data) => {
    const text = show[name];
    return typeof text === 'string'
      ? (parseCablecastDate(text, data.timeZoneOffset)?.ms ?? null)
      : null;
  });
}

const text = (get: (show: ShowDto) => unknown): FieldAccess => fromShow('text', get);
const num = (get: (show: ShowDto) => unknown): FieldAccess => fromShow('number', get);
const bool = (get: (show: ShowDto, data: SimulatorData) => boolean): FieldAccess =>
  fromShow('boolean', get);

function reelsHave(
  show: ShowDto,
  data: SimulatorData,
  flag: 'hasValidFile' | 'hasInvalidFile',
): boolean {
  return (
    Array.isArray(show.reels) &&
    show.reels.some((reelId) => data.reels.get(reelId)?.[flag] === true)
  );
}

/**
 * The fields of the server's `field` enum that the simulator can evaluate. The show id, dates and
 * location come from the store's keys, not the record: no show is built to answer an incremental
 * sync, and a record broken on purpose (`breakShow`) is still found, then fails on the client.
 */
const FIELDS: Record<string, FieldAccess> = {
  showid: { type: 'number', get: (id) => id },
  localid: text((show) => show.localId),
  project: num((show) => show.project),
  category: num((show) => show.category),
  producer: num((show) => show.producer),
  location: { type: 'number', get: (id, data) => data.showKeysOf(id)?.location ?? null },
  title: text((show) => show.title),
  cgtitle: text((show) => show.cgTitle),
  comments: text((show) => show.comments),
  custom1: text((show) => show.custom1),
  custom2: text((show) => show.custom2),
  custom3: text((show) => show.custom3),
  custom4: text((show) => show.custom4),
  custom5: text((show) => show.custom5),
  custom6: text((show) => show.custom6),
  custom7: text((show) => show.custom7),
  custom8: text((show) => show.custom8),
  eventdate: { type: 'date', get: (id, data) => data.showKeysOf(id)?.eventDateMs ?? null },
  lastmodified: { type: 'date', get: (id, data) => data.showKeysOf(id)?.lastModifiedMs ?? null },
  killdatestart: dateField('killDateStart'),
  killdateend: dateField('killDateEnd'),
  trt: num((show) => show.totalRunTime),
  runcount: num((show) => show.runCount),
  hasvod: bool((show) => Array.isArray(show.vods) && show.vods.length > 0),
  closedcaptions: bool((show) => show.hasCaptions === true),
  cgexempt: bool((show) => show.cgExempt === true),
  hasvalidfile: bool((show, data) => reelsHave(show, data, 'hasValidFile')),
  hasinvalidfile: bool((show, data) => reelsHave(show, data, 'hasInvalidFile')),
};

type Operator = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'empty' | 'notEmpty';

const OPERATORS: Record<string, Operator> = {
  equals: 'eq',
  notequals: 'ne',
  greaterthan: 'gt',
  lessthan: 'lt',
  greaterthanorequal: 'ge',
  lessthanorequal: 'le',
  notgreaterthan: 'le',
  notgreaterthanorequal: 'lt',
  notlessthan: 'ge',
  notlessthanorequal: 'gt',
  empty: 'empty',
  notempty: 'notEmpty',
};

type Predicate = (id: number) => boolean;

/** A search value as text; objects (never valid here) are shown as JSON rather than [object Object]. */
function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function compare(
  op: Exclude<Operator, 'empty' | 'notEmpty'>,
  a: number | string,
  b: number | string,
): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'lt':
      return a < b;
    case 'ge':
      return a >= b;
    case 'le':
      return a <= b;
  }
}

function compileFilter(
  filter: SavedShowSearchQuery['groups'][number]['filters'][number],
  data: SimulatorData,
): Predicate {
  const op = OPERATORS[filter.operator.toLowerCase()];
  if (!op) throw new SearchQueryError(`Unknown operator '${filter.operator}'.`);
  const fieldName = filter.field.toLowerCase();

  if (fieldName === 'customfield') {
    const showField = filter.showField;
    if (typeof showField !== 'number')
      throw new SearchQueryError('A customField filter needs showField.');
    const wanted = scalarText(filter.searchValue).toLowerCase();
    return (id) => {
      const show = data.getShow(id);
      const item = Array.isArray(show?.customFields)
        ? show.customFields.find((field) => field.showField === showField)
        : undefined;
      const value = item?.value;
      if (op === 'empty') return isEmptyValue(value);
      if (op === 'notEmpty') return !isEmptyValue(value);
      if (isEmptyValue(value)) return op === 'ne';
      return compare(op, scalarText(value).toLowerCase(), wanted);
    };
  }

  const access = FIELDS[fieldName];
  if (!access) throw new SearchQueryError(`The simulator cannot search on '${filter.field}'.`);
  const get = (id: number): unknown => access.get(id, data);
  if (op === 'empty') return (id) => isEmptyValue(get(id));
  if (op === 'notEmpty') return (id) => !isEmptyValue(get(id));

  // A missing value fails every comparison except "not equal".
  const absent = op === 'ne';
  switch (access.type) {
    case 'number': {
      const wanted = Number(filter.searchValue);
      if (filter.searchValue === null || filter.searchValue === '' || !Number.isFinite(wanted)) {
        throw new SearchQueryError(
          `'${scalarText(filter.searchValue)}' is not a number for ${filter.field}.`,
        );
      }
      return (id) => {
        const value = get(id);
        return typeof value === 'number' ? compare(op, value, wanted) : absent;
      };
    }
    case 'boolean': {
      const raw = filter.searchValue;
      const wanted =
        raw === true || (typeof raw === 'string' && raw.toLowerCase() === 'true') || raw === 1;
      return (id) => {
        const value = get(id) === true;
        return op === 'ne' ? value !== wanted : op === 'eq' ? value === wanted : false;
      };
    }
    case 'text': {
      const wanted = scalarText(filter.searchValue).toLowerCase();
      return (id) => {
        const value = get(id);
        return typeof value === 'string' ? compare(op, value.toLowerCase(), wanted) : absent;
      };
    }
    case 'date': {
      const parsed =
        typeof filter.searchValue === 'string'
          ? parseCablecastDate(filter.searchValue, data.timeZoneOffset)
          : null;
      if (!parsed)
        throw new SearchQueryError(
          `'${scalarText(filter.searchValue)}' is not a date for ${filter.field}.`,
        );
      if (!parsed.dateOnly) {
        return (id) => {
          const value = get(id);
          return typeof value === 'number' ? compare(op, value, parsed.ms) : absent;
        };
      }
      // A bare date means the whole local day: "eventDate equals 2026-08-24" finds the evening meeting.
      const start = startOfLocalDay(parsed.ms, data.timeZoneOffset);
      const end = start + 86_400_000;
      return (id) => {
        const value = get(id);
        if (typeof value !== 'number') return absent;
        const sameDay = value >= start && value < end;
        switch (op) {
          case 'eq':
            return sameDay;
          case 'ne':
            return !sameDay;
          case 'gt':
            return value >= end;
          case 'ge':
            return value >= start;
          case 'lt':
            return value < start;
          case 'le':
            return value < end;
        }
      };
    }
  }
}

type SortKey = number | string | null;

function sortKeyOf(access: FieldAccess, id: number, data: SimulatorData): SortKey {
  const value = access.get(id, data);
  if (access.type === 'boolean') return value === true ? 1 : 0;
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number') return value;
  return null;
}

/**
 * Runs a saved-show-search query over the whole catalog and returns every matching show id in
 * sort order (no paging: clients slice `results` and fetch `/shows?ids[]=` in batches).
 * Groups are ANDed together; filters inside a group combine by the group's `orAnd`. Text compares
 * case-insensitively (SQL Server's default collation); nulls sort first, as in SQL Server.
 */
export function runAdvancedSearch(data: SimulatorData, query: SavedShowSearchQuery): number[] {
  const groups = query.groups.map((group) => ({
    any: group.orAnd.toLowerCase() === 'or',
    predicates: group.filters.map((filter) => compileFilter(filter, data)),
  }));
  const sorts = query.sortOptions.map((option) => {
    const access = FIELDS[option.field.toLowerCase()];
    if (!access) throw new SearchQueryError(`The simulator cannot sort on '${option.field}'.`);
    return { access, direction: option.descending ? -1 : 1 };
  });

  const rows: { id: number; keys: SortKey[] }[] = [];
  for (const id of data.showIds()) {
    let ok = true;
    for (const group of groups) {
      if (group.predicates.length === 0) continue;
      const hit = group.any
        ? group.predicates.some((predicate) => predicate(id))
        : group.predicates.every((predicate) => predicate(id));
      if (!hit) {
        ok = false;
        break;
      }
    }
    if (ok) rows.push({ id, keys: sorts.map((sort) => sortKeyOf(sort.access, id, data)) });
  }

  rows.sort((a, b) => {
    for (let i = 0; i < sorts.length; i++) {
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      if (x === y) continue;
      const direction = sorts[i]?.direction ?? 1;
      if (x === null) return -direction;
      if (y === null) return direction;
      return (x < y ? -1 : 1) * direction;
    }
    return a.id - b.id;
  });
  return rows.map((row) => row.id);
}
