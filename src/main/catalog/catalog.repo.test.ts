import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShowQuerySchema, ShowSearchSchema } from '../../shared/catalog';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { CatalogRepo, type CatalogLookups } from './catalog.repo';
import type { CatalogShow } from './show-record';
import { catalogShow as show } from './testing/catalog-show';

const LOOKUPS: CatalogLookups = {
  locations: [{ id: 1, name: 'Springfield Community Television', vodConfigurations: [] }],
  categories: [
    { id: 1, name: 'Government', location: 1 },
    { id: 2, name: 'Sports', location: 1 },
    { id: 3, name: 'Arts & Culture', location: 1 },
  ],
  producers: [
    { id: 1, name: 'City of Springfield', location: 1 },
    { id: 2, name: 'Lions Club', location: 1 },
  ],
  projects: [
    { id: 1, name: 'City Council', location: 1 },
    { id: 2, name: 'Planning Commission', location: 1 },
    { id: 3, name: 'High School Sports', location: 1 },
  ],
  showFields: [
    { id: 1, label: null, fieldDefinition: 10 },
    { id: 2, label: null, fieldDefinition: 11 },
    { id: 3, label: null, fieldDefinition: 12 },
  ],
  fieldDefinitions: [
    { id: 10, name: 'Tags', type: 'tag', location: 1, fieldOptions: [] },
    {
      id: 11,
      name: 'Room',
      type: 'select',
      location: 1,
      fieldOptions: [
        { id: 51, option: 'Council Chambers', fieldDefinition: 11 },
        { id: 52, option: 'Room B', fieldDefinition: 11 },
      ],
    },
    { id: 12, name: 'Presenter', type: 'producer', location: 1, fieldOptions: [] },
  ],
  vodConfigurations: [
    {
      id: 1,
      location: 1,
      providerName: 'TRMS',
      vodTranscodeQualities: [3, 1, 2],
      defaultQuality: 2,
    },
  ],
  vodTranscodeQualities: [
    { id: 1, name: '1080p', vodProvider: 'TRMS' },
    { id: 2, name: '720p', vodProvider: 'TRMS' },
    { id: 3, name: null },
  ],
  fileStores: [
    { id: 4, name: 'Archive' },
    { id: 2, name: 'Primary Content', location: 1 },
  ],
};

/** A small catalog whose every row exists to make one behaviour visible. */
const CATALOG: CatalogShow[] = [
  show(101, {
    title: 'City Council Regular meeting - 3/2/2026 6:30:00 PM',
    cgTitle: 'Springfield City Council Regular Meeting 03/02/26',
    comments: 'Agenda items include the Planning of Main Street.',
    eventDate: '2026-03-02T18:30:00-06:00',
    eventAt: Date.parse('2026-03-02T18:30:00-06:00'),
    eventDay: '2026-03-02',
    categoryId: 1,
    projectId: 1,
    producerId: 1,
    totalRunTime: 7200,
    hasCaptions: true,
    vodId: 1101,
    vodState: 'complete',
    customFields: [
      { showField: 1, fieldName: 'Tags', type: 'tag', value: 'budget,zoning', refId: null },
      { showField: 2, fieldName: 'Room', type: 'select', value: null, refId: 51 },
      { showField: 3, fieldName: 'Presenter', type: 'producer', value: null, refId: 2 },
    ],
    customText: 'budget,zoning',
    reels: [{ id: 1102, reelNumber: 1, length: 7200, cue: 0 }],
  }),
  show(102, {
    title: 'Planning Commission Regular meeting',
    comments: 'Public hearing on a variance.',
    eventDate: '2026-03-04T19:00:00-06:00',
    eventAt: Date.parse('2026-03-04T19:00:00-06:00'),
    eventDay: '2026-03-04',
    categoryId: 1,
    projectId: 2,
    producerId: 1,
    totalRunTime: 5400,
    vodId: 1103,
    vodState: 'processing',
  }),
  show(103, {
    title: 'Varsity Football: Shelbyville at Springfield',
    eventDate: '2026-03-06T19:00:00-06:00',
    eventAt: Date.parse('2026-03-06T19:00:00-06:00'),
    eventDay: '2026-03-06',
    categoryId: 2,
    projectId: 3,
    producerId: 2,
    totalRunTime: 9000,
  }),
  show(104, {
    title: 'Sunday worship from Iglesia de San José',
    comments: 'Con María González',
    eventDate: '2026-03-08T09:00:00-06:00',
    eventAt: Date.parse('2026-03-08T09:00:00-06:00'),
    eventDay: '2026-03-08',
    categoryId: 3,
    totalRunTime: 3600,
    vodId: 1105,
    vodState: 'error',
  }),
  show(105, {
    // Same instant as 101 seen from another offset; the tiebreak is the id.
    title: 'city council work session',
    eventDate: '2026-03-02T19:30:00-05:00',
    eventAt: Date.parse('2026-03-02T19:30:00-05:00'),
    eventDay: '2026-03-02',
    categoryId: 1,
    projectId: 1,
    producerId: 1,
    totalRunTime: 3600,
    hasCaptions: true,
  }),
  show(106, { title: 'Undated promo', eventDate: null, eventAt: null, eventDay: null }),
];

let temp: { dir: string; remove(): void };
let database: AppDatabase;
let repo: CatalogRepo;

beforeEach(() => {
  temp = makeTempDir('archivist-catalog-');
  database = openDatabase({
    file: join(temp.dir, 'a.sqlite'),
    migrationsDir: defaultMigrationsDir(),
  });
  repo = new CatalogRepo(database);
  repo.replaceLookups(LOOKUPS);
  repo.upsertShows(CATALOG, '2026-03-12T00:00:00.000Z');
});

afterEach(() => {
  database.close();
  temp.remove();
});

/** Inputs as the renderer sends them: parsed by the contract's schemas, defaults filled in. */
function search(input: Record<string, unknown> = {}) {
  return repo.search(ShowSearchSchema.parse(input));
}
function ids(input: Record<string, unknown> = {}): number[] {
  return repo.ids(ShowQuerySchema.parse(input));
}
function text(value: string): number[] {
  return ids({ filter: { text: value }, sort: { field: 'id', direction: 'asc' } });
}

describe('CatalogRepo writes', () => {
  it('tells added from updated, and writes nothing for an unchanged show', () => {
    expect(repo.upsertShows([show(200)], 'later')).toEqual({ added: 1, updated: 0 });
    expect(repo.upsertShows([show(200)], 'later still')).toEqual({ added: 0, updated: 0 });
    expect(repo.upsertShows([show(200, { title: 'Renamed' }), show(201)], 'x')).toEqual({
      added: 1,
      updated: 1,
    });
    const synced = database.sqlite
      .prepare('SELECT synced_at FROM shows WHERE id = 200')
      .pluck()
      .get();
    expect(synced).toBe('x');
  });

  it('keeps the search index in step with every change of text', () => {
    expect(text('renamed')).toEqual([]);
    repo.upsertShows([show(103, { ...CATALOG[2], title: 'Renamed football game' })], 'x');
    expect(text('renamed')).toEqual([103]);
    expect(text('shelbyville')).toEqual([]);
  });

  it('marks deleted shows: out of every list and the index, row kept', () => {
    expect(repo.markDeleted([101, 999], '2026-03-13T00:00:00.000Z')).toBe(1);
    expect(repo.markDeleted([101], 'again')).toBe(0);
    expect(ids()).not.toContain(101);
    expect(text('council')).toEqual([105]);
    expect(search({ filter: { text: 'council' } }).total).toBe(1);
    expect(repo.showCount()).toBe(CATALOG.length - 1);
    expect(repo.facets().categories.find((c) => c.id === 1)?.count).toBe(2);
    expect(repo.liveIds(1)).not.toContain(101);
    // The detail still answers, saying it is gone.
    expect(repo.get(101)?.deletedAt).toBe('2026-03-13T00:00:00.000Z');
    // A show that comes back from the server is live again.
    expect(repo.upsertShows([CATALOG[0]!], 'back')).toEqual({ added: 0, updated: 1 });
    expect(text('council')).toEqual([101, 105]);
    expect(repo.get(101)?.deletedAt).toBeNull();
  });

  it('renames lookups on the rows and in the index when the server renames them', () => {
    repo.replaceLookups({
      ...LOOKUPS,
      categories: [
        { id: 1, name: 'Civic Affairs', location: 1 },
        { id: 2, name: 'Sports', location: 1 },
      ],
    });
    expect(repo.get(101)?.category).toBe('Civic Affairs');
    expect(text('civic')).toEqual([101, 102, 105]);
    expect(text('government')).toEqual([]);
    // Category 3 vanished: its shows keep the id, lose the name.
    expect(repo.get(104)?.category).toBeNull();
  });
});

describe('CatalogRepo VOD configurations and file stores', () => {
  it("lists each configuration's qualities in the server's order, named, with its default", () => {
    expect(repo.vodConfigurations()).toEqual([
      {
        id: 1,
        name: 'TRMS — Springfield Community Television',
        locationId: 1,
        qualities: [
          { id: 3, name: 'Quality 3' },
          { id: 1, name: '1080p' },
          { id: 2, name: '720p' },
        ],
        defaultQuality: 2,
      },
    ]);
    expect(repo.fileStores()).toEqual([
      { id: 2, name: 'Primary Content' },
      { id: 4, name: 'Archive' },
    ]);
  });

  it('keeps the ids a configuration lists when the server has no quality or store lists', () => {
    repo.replaceLookups({ ...LOOKUPS, vodTranscodeQualities: [], fileStores: [] });
    expect(repo.vodConfigurations()[0]?.qualities).toEqual([
      { id: 3, name: 'Quality 3' },
      { id: 1, name: 'Quality 1' },
      { id: 2, name: 'Quality 2' },
    ]);
    expect(repo.fileStores()).toEqual([]);
  });
});

describe('CatalogRepo search', () => {
  it('pages the list newest first by default, with the total', () => {
    const page = search({ limit: 2 });
    expect(page.total).toBe(6);
    expect(page.offset).toBe(0);
    expect(page.rows.map((r) => r.id)).toEqual([104, 103]);
    expect(page.rows[0]).toEqual({
      id: 104,
      eventDate: '2026-03-08T09:00:00-06:00',
      title: 'Sunday worship from Iglesia de San José',
      cgTitle: null,
      category: 'Arts & Culture',
      project: null,
      producer: null,
      location: 'Springfield Community Television',
      totalRunTime: 3600,
      vodState: 'error',
      hasVod: true,
      hasCaptions: false,
      edit: null,
    });
    expect(search({ offset: 4, limit: 10 }).rows.map((r) => r.id)).toEqual([101, 106]);
    expect(search({ offset: 50 })).toEqual({ total: 6, offset: 50, rows: [] });
  });

  it('sorts by every column both ways, ties broken by id in the same direction', () => {
    const order = (field: string, direction: 'asc' | 'desc') => ids({ sort: { field, direction } });
    expect(order('eventDate', 'desc')).toEqual([104, 103, 102, 105, 101, 106]);
    expect(order('eventDate', 'asc')).toEqual([106, 101, 105, 102, 103, 104]);
    // Case-insensitive: "city council work session" sorts with "City Council Regular".
    expect(order('title', 'asc')).toEqual([101, 105, 102, 104, 106, 103]);
    expect(order('category', 'asc')).toEqual([106, 104, 101, 102, 105, 103]);
    expect(order('category', 'desc')).toEqual([103, 105, 102, 101, 104, 106]);
    expect(order('project', 'asc')).toEqual([104, 106, 101, 105, 103, 102]);
    expect(order('producer', 'asc')).toEqual([104, 106, 101, 102, 105, 103]);
    expect(order('totalRunTime', 'desc')).toEqual([103, 101, 102, 106, 105, 104]);
    expect(order('vodState', 'asc')).toEqual([103, 105, 106, 101, 104, 102]);
    expect(order('hasCaptions', 'desc')).toEqual([105, 101, 106, 104, 103, 102]);
    expect(order('id', 'desc')).toEqual([106, 105, 104, 103, 102, 101]);
  });

  it('matches every typed word as a prefix, in any field, whatever the case and accents', () => {
    expect(text('council pla')).toEqual([101]);
    expect(text('COUNCIL')).toEqual([101, 105]);
    expect(text('v')).toEqual([102, 103]);
    expect(text('jose gonzalez')).toEqual([104]);
    expect(text('José González')).toEqual([104]);
    // Public title, description, custom fields and lookup names are searched too.
    expect(text('03 02 26')).toEqual([101]);
    expect(text('variance')).toEqual([102]);
    expect(text('zoning')).toEqual([101]);
    expect(text('lions')).toEqual([103]);
    expect(text('arts culture')).toEqual([104]);
    expect(text('springfield television')).toHaveLength(6);
    expect(text('council xyz')).toEqual([]);
  });

  it('takes anything typed without an error, FTS syntax included', () => {
    for (const value of [
      '"',
      'council"',
      '*',
      '-',
      'OR',
      'council OR',
      'NOT council',
      '(',
      ')',
      'a:b',
      '^',
      "o'",
      '\\',
    ]) {
      expect(() => search({ filter: { text: value } }), value).not.toThrow();
    }
    expect(text('"council" (pla')).toEqual([101]);
    // Nothing searchable typed: no text filter at all.
    expect(search({ filter: { text: '***' } }).total).toBe(6);
  });

  it('filters by dates (server-local days, inclusive), lookups, VOD and captions', () => {
    const filtered = (filter: object) => ids({ filter, sort: { field: 'id', direction: 'asc' } });
    expect(filtered({ dateFrom: '2026-03-02', dateTo: '2026-03-04' })).toEqual([101, 102, 105]);
    expect(filtered({ dateFrom: '2026-03-05' })).toEqual([103, 104]);
    expect(filtered({ dateTo: '2026-03-01' })).toEqual([]);
    expect(filtered({ categoryIds: [1] })).toEqual([101, 102, 105]);
    expect(filtered({ categoryIds: [2, 3] })).toEqual([103, 104]);
    expect(filtered({ projectIds: [1] })).toEqual([101, 105]);
    expect(filtered({ producerIds: [2] })).toEqual([103]);
    expect(filtered({ locationIds: [1] })).toHaveLength(6);
    expect(filtered({ locationIds: [2] })).toEqual([]);
    expect(filtered({ hasVod: true })).toEqual([101, 102, 104]);
    expect(filtered({ hasVod: false })).toEqual([103, 105, 106]);
    expect(filtered({ vodStates: ['processing', 'error'] })).toEqual([102, 104]);
    expect(filtered({ hasCaptions: true })).toEqual([101, 105]);
    expect(filtered({ hasCaptions: false, hasVod: true })).toEqual([102, 104]);
    // All together, with text, sorted and windowed.
    const page = search({
      filter: { text: 'council', categoryIds: [1], hasCaptions: true, dateFrom: '2026-03-01' },
      sort: { field: 'title', direction: 'desc' },
      offset: 1,
      limit: 1,
    });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.id)).toEqual([101]);
  });

  it('returns every matching id in list order', () => {
    expect(
      ids({ filter: { categoryIds: [1] }, sort: { field: 'eventDate', direction: 'desc' } }),
    ).toEqual([102, 105, 101]);
  });
});

describe('CatalogRepo detail and facets', () => {
  it('gives a show with names resolved, custom fields, reels and VOD', () => {
    repo.upsertShows(
      [
        {
          ...CATALOG[0]!,
          vodPercent: 1,
          vodUrl: 'https://vod.example/870/vod.mp4',
          vodEmbed: '<iframe></iframe>',
          vodChaptersPublished: true,
          vodIsWatchable: true,
          vodViews: 57,
          thumbnailUrl: 'https://vod.example/thumb/1',
        },
      ],
      'x',
    );
    expect(repo.get(101)).toEqual({
      id: 101,
      eventDate: '2026-03-02T18:30:00-06:00',
      title: 'City Council Regular meeting - 3/2/2026 6:30:00 PM',
      cgTitle: 'Springfield City Council Regular Meeting 03/02/26',
      category: 'Government',
      project: 'City Council',
      producer: 'City of Springfield',
      location: 'Springfield Community Television',
      totalRunTime: 7200,
      vodState: 'complete',
      hasVod: true,
      hasCaptions: true,
      edit: null,
      comments: 'Agenda items include the Planning of Main Street.',
      lastModified: '2026-03-11T10:00:00-05:00',
      customFields: [
        { name: 'Tags', type: 'tag', value: 'budget,zoning' },
        { name: 'Room', type: 'select', value: 'Council Chambers' },
        { name: 'Presenter', type: 'producer', value: 'Lions Club' },
      ],
      reels: [{ id: 1102, reelNumber: 1, length: 7200, cue: 0 }],
      vod: {
        id: 1101,
        state: 'complete',
        percentComplete: 1,
        url: 'https://vod.example/870/vod.mp4',
        views: 57,
        embedCode: '<iframe></iframe>',
        chaptersPublished: true,
        isWatchable: true,
      },
      thumbnailUrl: 'https://vod.example/thumb/1',
      deletedAt: null,
    });
    expect(repo.get(103)?.vod).toBeNull();
    expect(repo.get(9999)).toBeNull();
  });

  it('counts the live shows per filter option, and the range of days', () => {
    expect(repo.facets()).toEqual({
      categories: [
        { id: 3, name: 'Arts & Culture', count: 1 },
        { id: 1, name: 'Government', count: 3 },
        { id: 2, name: 'Sports', count: 1 },
      ],
      projects: [
        { id: 1, name: 'City Council', count: 2 },
        { id: 3, name: 'High School Sports', count: 1 },
        { id: 2, name: 'Planning Commission', count: 1 },
      ],
      producers: [
        { id: 1, name: 'City of Springfield', count: 3 },
        { id: 2, name: 'Lions Club', count: 1 },
      ],
      locations: [{ id: 1, name: 'Springfield Community Television', count: 6 }],
      vodStates: [
        { state: 'complete', count: 1 },
        { state: 'error', count: 1 },
        { state: 'processing', count: 1 },
      ],
      dateRange: { min: '2026-03-02', max: '2026-03-08' },
    });
    // A write invalidates the cached answer.
    repo.upsertShows([show(300, { categoryId: 2, eventDay: '2027-01-01' })], 'x');
    expect(repo.facets().categories.find((c) => c.id === 2)?.count).toBe(2);
    expect(repo.facets().dateRange.max).toBe('2027-01-01');
  });

  it('keeps the last chapters read per VOD', () => {
    expect(repo.cachedChapters(1101)).toBeNull();
    repo.saveChapters(1101, 101, [{ id: 1, title: 'Call to Order', body: null, offset: 0 }], 't1');
    repo.saveChapters(1101, 101, [{ id: 2, title: 'Roll Call', body: 'x', offset: 60 }], 't2');
    expect(repo.cachedChapters(1101)).toEqual({
      chapters: [{ id: 2, title: 'Roll Call', body: 'x', offset: 60 }],
      fetchedAt: 't2',
    });
    expect(repo.vodOf(101)).toEqual({ showId: 101, vodId: 1101, chaptersPublished: false });
    expect(repo.vodOf(103)).toEqual({ showId: 103, vodId: null, chaptersPublished: false });
    expect(repo.vodOf(9999)).toBeNull();
  });
});
