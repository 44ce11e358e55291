import type { Database, Statement } from 'better-sqlite3';
import {
  type CatalogFacets,
  type FacetOption,
  type FileStoreOption,
  type ShowDetail,
  type ShowFilter,
  type ShowPage,
  type ShowQuery,
  type ShowRow,
  type ShowSort,
  type VodState,
} from '../../shared/catalog';
import type { VodConfigurationOption } from '../../shared/publishing';
import type {
  Category,
  FieldDefinition,
  FileStore,
  Location,
  Producer,
  Project,
  ShowField,
  VodConfiguration,
  VodTranscodeQuality,
} from '../cablecast';
import type { AppDatabase } from '../db/database';
import type { StoredChapter, StoredCustomField, StoredReel } from './catalog.schema';
import { ftsPrefixQuery } from './fts-query';
import type { CatalogShow } from './show-record';

/** Everything `GET /locations`, `/categories`, ... returned, replacing what was stored. */
export interface CatalogLookups {
  locations: readonly Location[];
  categories: readonly Category[];
  producers: readonly Producer[];
  projects: readonly Project[];
  showFields: readonly ShowField[];
  fieldDefinitions: readonly FieldDefinition[];
  vodConfigurations: readonly VodConfiguration[];
  /** Empty when the server has no `/vodtranscodequalities` (the configurations still list ids). */
  vodTranscodeQualities: readonly VodTranscodeQuality[];
  /** Empty when the server has no `/filestores`. */
  fileStores: readonly FileStore[];
}

export interface UpsertResult {
  /** Rows that did not exist before. */
  added: number;
  /** Rows that existed and changed (a re-sync of an unchanged show writes nothing). */
  updated: number;
}

export interface ShowSearchInput extends ShowQuery {
  offset: number;
  limit: number;
}

export interface ShowVodRef {
  showId: number;
  vodId: number | null;
  chaptersPublished: boolean;
}

export interface CachedChapters {
  chapters: StoredChapter[];
  fetchedAt: string;
}

/** Columns written from a CatalogShow, in the order the upsert binds them. */
const SHOW_COLUMNS = [
  'id',
  'location_id',
  'title',
  'cg_title',
  'comments',
  'event_date',
  'event_at',
  'event_day',
  'last_modified',
  'last_modified_at',
  'category_id',
  'producer_id',
  'project_id',
  'category_name',
  'producer_name',
  'project_name',
  'location_name',
  'total_run_time',
  'has_captions',
  'custom_fields',
  'custom_text',
  'reels',
  'vod_id',
  'vod_state',
  'vod_percent',
  'vod_url',
  'vod_embed',
  'vod_chapters_published',
  'vod_is_watchable',
  'vod_views',
  'thumbnail_url',
  'thumbnail_id',
  'thumbnail_options',
] as const;

/** The names come from the lookup tables at write time, so a row never disagrees with them. */
const NAME_LOOKUPS: Partial<Record<(typeof SHOW_COLUMNS)[number], string>> = {
  category_name: '(SELECT name FROM categories WHERE id = ?)',
  producer_name: '(SELECT name FROM producers WHERE id = ?)',
  project_name: '(SELECT name FROM projects WHERE id = ?)',
  location_name: '(SELECT name FROM locations WHERE id = ?)',
};

/**
 * One statement for insert-or-update. The WHERE on the update makes re-syncing an unchanged show
 * a no-op: no write, no index churn, no full-text re-index, and `changes` says what really changed.
 * A row that comes back after being marked deleted is live again.
 */
const UPSERT_SQL = (() => {
  const values = SHOW_COLUMNS.map((column) => NAME_LOOKUPS[column] ?? '?');
  const updatable = SHOW_COLUMNS.filter((column) => column !== 'id');
  return `INSERT INTO shows (${SHOW_COLUMNS.join(', ')}, deleted_at, synced_at)
    VALUES (${values.join(', ')}, NULL, ?)
    ON CONFLICT (id) DO UPDATE SET
      ${updatable.map((column) => `${column} = excluded.${column}`).join(',\n      ')},
      deleted_at = NULL,
      synced_at = excluded.synced_at
    WHERE shows.deleted_at IS NOT NULL
      OR ${updatable.map((column) => `shows.${column} IS NOT excluded.${column}`).join('\n      OR ')}`;
})();

/**
 * The indexed text of a live show, lookup names included. VALUES rather than INSERT ... SELECT: a
 * statement that may write several rows runs in a savepoint, and FTS5 flushes its pending terms to
 * disk at every savepoint, which makes a bulk sync several times slower.
 */
const FTS_INSERT_SQL = `INSERT INTO shows_fts (rowid, body) VALUES (?, concat_ws(' ', ?, ?, ?, ?,
  (SELECT name FROM categories WHERE id = ?), (SELECT name FROM projects WHERE id = ?),
  (SELECT name FROM producers WHERE id = ?), (SELECT name FROM locations WHERE id = ?)))`;
const FTS_DELETE_SQL = 'DELETE FROM shows_fts WHERE rowid = ?';

function bool(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

function upsertParams(show: CatalogShow, syncedAt: string): unknown[] {
  return [
    show.id,
    show.locationId,
    show.title,
    show.cgTitle,
    show.comments,
    show.eventDate,
    show.eventAt,
    show.eventDay,
    show.lastModified,
    show.lastModifiedAt,
    show.categoryId,
    show.producerId,
    show.projectId,
    show.categoryId,
    show.producerId,
    show.projectId,
    show.locationId,
    show.totalRunTime,
    bool(show.hasCaptions),
    show.customFields.length === 0 ? null : JSON.stringify(show.customFields),
    show.customText,
    show.reels.length === 0 ? null : JSON.stringify(show.reels),
    show.vodId,
    show.vodState,
    show.vodPercent,
    show.vodUrl,
    show.vodEmbed,
    bool(show.vodChaptersPublished),
    bool(show.vodIsWatchable),
    show.vodViews,
    show.thumbnailUrl,
    show.thumbnailId,
    show.thumbnailOptions.length === 0 ? null : JSON.stringify(show.thumbnailOptions),
    syncedAt,
  ];
}

/**
 * ORDER BY per sort field, and the index that holds that order (with every filter column): each
 * ends in id, in the same direction, so ties page stably on the index.
 */
function orderBy(sort: ShowSort): { sql: string; index: string | null } {
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const keys: Record<ShowSort['field'], [string[], string | null]> = {
    // event_day first: it is the date filter's column, so a date range and this sort share one index.
    eventDate: [['event_day', 'event_at'], 'shows_event_idx'],
    title: [['title COLLATE NOCASE'], 'shows_title_idx'],
    category: [['category_name COLLATE NOCASE'], 'shows_category_name_idx'],
    project: [['project_name COLLATE NOCASE'], 'shows_project_name_idx'],
    producer: [['producer_name COLLATE NOCASE'], 'shows_producer_name_idx'],
    totalRunTime: [['total_run_time'], 'shows_run_time_idx'],
    vodState: [['vod_state'], 'shows_vod_state_idx'],
    hasCaptions: [['has_captions'], 'shows_captions_idx'],
    // The table itself is in id order.
    id: [[], null],
  };
  const [columns, index] = keys[sort.field];
  return { sql: [...columns, 'id'].map((key) => `${key} ${dir}`).join(', '), index };
}

interface Where {
  /** Conditions on `shows` other than the text (already including deleted_at IS NULL). */
  clauses: string[];
  params: unknown[];
  /** The FTS MATCH expression, or null for no text. */
  match: string | null;
}

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

function buildWhere(filter: ShowFilter): Where {
  const clauses = ['deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filter.dateFrom !== null) {
    clauses.push('event_day >= ?');
    params.push(filter.dateFrom);
  }
  if (filter.dateTo !== null) {
    clauses.push('event_day <= ?');
    params.push(filter.dateTo);
  }
  const inList = (column: string, values: readonly unknown[]): void => {
    if (values.length === 0) return;
    clauses.push(`${column} IN (${placeholders(values.length)})`);
    params.push(...values);
  };
  inList('category_id', filter.categoryIds);
  inList('project_id', filter.projectIds);
  inList('producer_id', filter.producerIds);
  inList('location_id', filter.locationIds);
  inList('vod_state', filter.vodStates);
  if (filter.hasVod !== null) {
    clauses.push(filter.hasVod ? 'vod_id IS NOT NULL' : 'vod_id IS NULL');
  }
  if (filter.hasCaptions !== null) {
    clauses.push('has_captions = ?');
    params.push(filter.hasCaptions ? 1 : 0);
  }
  if (filter.edits !== null) {
    // A handful of rows at most: tested while the sort's index is walked.
    clauses.push(
      filter.edits === 'conflict'
        ? 'id IN (SELECT show_id FROM show_edits WHERE conflicts > 0)'
        : 'id IN (SELECT show_id FROM show_edits)',
    );
  }
  return { clauses, params, match: ftsPrefixQuery(filter.text) };
}

const ROW_COLUMNS = `shows.id AS id, event_date AS eventDate, title, cg_title AS cgTitle,
  category_name AS category, project_name AS project, producer_name AS producer,
  location_name AS location, total_run_time AS totalRunTime, vod_state AS vodState,
  vod_id AS vodId, has_captions AS hasCaptions,
  (SELECT CASE WHEN conflicts > 0 THEN 'conflict' ELSE 'pending' END FROM show_edits
   WHERE show_edits.show_id = shows.id) AS edit`;

/** A list row as SQLite returns it: the VOD as an id, booleans as 0/1. */
type RowRecord = Omit<ShowRow, 'hasVod' | 'hasCaptions'> & {
  vodId: number | null;
  hasCaptions: number;
};

function toShowRow(record: RowRecord): ShowRow {
  return {
    id: record.id,
    eventDate: record.eventDate,
    title: record.title,
    cgTitle: record.cgTitle,
    category: record.category,
    project: record.project,
    producer: record.producer,
    location: record.location,
    totalRunTime: record.totalRunTime,
    vodState: record.vodState,
    hasVod: record.vodId !== null,
    hasCaptions: record.hasCaptions === 1,
    edit: record.edit,
  };
}

interface DetailRecord extends RowRecord {
  comments: string | null;
  lastModified: string | null;
  customFields: string | null;
  reels: string | null;
  vodPercent: number | null;
  vodUrl: string | null;
  vodEmbed: string | null;
  vodChaptersPublished: number;
  vodIsWatchable: number | null;
  vodViews: number | null;
  thumbnailUrl: string | null;
  deletedAt: string | null;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

type LookupTable = 'locations' | 'categories' | 'producers' | 'projects';
const NAME_COLUMN_OF: Record<LookupTable, { id: string; name: string }> = {
  locations: { id: 'location_id', name: 'location_name' },
  categories: { id: 'category_id', name: 'category_name' },
  producers: { id: 'producer_id', name: 'producer_name' },
  projects: { id: 'project_id', name: 'project_name' },
};

/** A stored JSON list of ids; anything else (null, damage) reads as none. */
function idsOf(json: string | null): number[] {
  if (json === null) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id))
      : [];
  } catch {
    return [];
  }
}

/**
 * The local show catalog in SQLite: bulk writes for the sync, and the queries of the show browser.
 *
 * Raw better-sqlite3 statements rather than drizzle's query builder: the sync writes tens of
 * thousands of rows per second through one prepared statement, and the browser's queries are
 * assembled from filters. Every write is synchronous and in its own short transaction; nothing here
 * awaits, so no transaction can span a network call.
 */
export class CatalogRepo {
  private readonly sqlite: Database;
  private readonly statements = new Map<string, Statement>();
  /** Bumped by every write, so caches of derived data know when they are stale. */
  private version = 0;
  private facetsCache: { version: number; value: CatalogFacets } | null = null;

  constructor(database: Pick<AppDatabase, 'sqlite'>) {
    this.sqlite = database.sqlite;
  }

  /** Prepared once per distinct SQL text (filters produce a handful of shapes). */
  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.sqlite.prepare(sql);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  // ---- writes (sync) -------------------------------------------------------------------------

  /**
   * Runs `work` in one IMMEDIATE transaction: the writes it makes through this repository (and
   * any other on the same connection) commit together, or not at all.
   */
  transaction<T>(work: () => T): T {
    return this.sqlite.transaction(work).immediate();
  }

  /** Runs `work` in a transaction of its own, or in the caller's when one is open. */
  private inTransaction<T>(work: () => T): T {
    // Not a savepoint inside the caller's transaction: FTS5 flushes its pending terms at each one.
    return this.sqlite.inTransaction ? work() : this.transaction(work);
  }

  /** Inserts or updates shows in one transaction (the caller's, if one is open). */
  upsertShows(shows: readonly CatalogShow[], syncedAt: string): UpsertResult {
    if (shows.length === 0) return { added: 0, updated: 0 };
    const existing = this.statement(
      'SELECT id FROM shows WHERE id IN (SELECT value FROM json_each(?))',
    ).pluck();
    const upsert = this.statement(UPSERT_SQL);
    const unindex = this.statement(FTS_DELETE_SQL);
    const index = this.statement(FTS_INSERT_SQL);
    // In id order: FTS5 flushes its pending terms to disk whenever a rowid is lower than the last
    // one written, so an unsorted batch (a sync writes in lastModified order) would flush per row.
    const ordered = [...shows].sort((a, b) => a.id - b.id);
    const run = (): UpsertResult => {
      const before = new Set(existing.all(JSON.stringify(ordered.map((s) => s.id))) as number[]);
      let added = 0;
      let updated = 0;
      for (const show of ordered) {
        const { changes } = upsert.run(upsertParams(show, syncedAt));
        if (changes === 0) continue;
        if (before.has(show.id)) {
          updated += 1;
          unindex.run(show.id);
        } else {
          added += 1;
          // A show listed twice in one batch is added once.
          before.add(show.id);
        }
        index.run(
          show.id,
          show.title,
          show.cgTitle,
          show.comments,
          show.customText,
          show.categoryId,
          show.projectId,
          show.producerId,
          show.locationId,
        );
      }
      return { added, updated };
    };
    this.version += 1;
    return this.inTransaction(run);
  }

  /**
   * Marks live shows deleted (their rows stay, out of the index); returns how many were live. In
   * the caller's transaction, if one is open.
   */
  markDeleted(ids: readonly number[], deletedAt: string): number {
    if (ids.length === 0) return 0;
    const update = this.statement(
      'UPDATE shows SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL',
    );
    const unindex = this.statement(FTS_DELETE_SQL);
    const run = (): number => {
      let deleted = 0;
      for (const id of [...ids].sort((a, b) => a - b)) {
        if (update.run(deletedAt, id).changes === 0) continue;
        unindex.run(id);
        deleted += 1;
      }
      return deleted;
    };
    this.version += 1;
    return this.inTransaction(run);
  }

  /** Rewrites the index entries of live shows matching a condition (inside a transaction). */
  private reindexWhere(condition: string, params: unknown[]): void {
    const rows = this.statement(
      `SELECT id, title, cg_title, comments, custom_text, category_id, project_id, producer_id,
         location_id FROM shows WHERE deleted_at IS NULL AND (${condition}) ORDER BY id`,
    )
      .raw()
      .all(...params) as unknown[][];
    const unindex = this.statement(FTS_DELETE_SQL);
    const index = this.statement(FTS_INSERT_SQL);
    for (const row of rows) {
      unindex.run(row[0]);
      index.run(row);
    }
  }

  /** Ids of live shows at a location, or everywhere (null). */
  liveIds(locationId: number | null): number[] {
    if (locationId === null) {
      return this.statement('SELECT id FROM shows WHERE deleted_at IS NULL')
        .pluck()
        .all() as number[];
    }
    return this.statement('SELECT id FROM shows WHERE deleted_at IS NULL AND location_id = ?')
      .pluck()
      .all(locationId) as number[];
  }

  /**
   * Replaces the lookup tables with the server's lists, and refreshes the names copied onto shows
   * (and so the full-text index) for the ids whose name changed or disappeared.
   */
  replaceLookups(lookups: CatalogLookups): void {
    const run = this.sqlite.transaction(() => {
      const changed: Record<LookupTable, number[]> = {
        locations: this.replaceNamed('locations', lookups.locations, []),
        categories: this.replaceNamed('categories', lookups.categories, ['location_id'], (c) => [
          c.location ?? null,
        ]),
        producers: this.replaceNamed('producers', lookups.producers, ['location_id'], (p) => [
          p.location ?? null,
        ]),
        projects: this.replaceNamed(
          'projects',
          lookups.projects,
          ['location_id', 'description'],
          (p) => [p.location ?? null, p.description ?? null],
        ),
      };
      for (const [table, ids] of Object.entries(changed) as [LookupTable, number[]][]) {
        if (ids.length === 0) continue;
        const { id, name } = NAME_COLUMN_OF[table];
        const condition = `${id} IN (SELECT value FROM json_each(?))`;
        this.statement(
          `UPDATE shows SET ${name} = (SELECT name FROM ${table} WHERE id = shows.${id})
           WHERE ${condition}`,
        ).run(JSON.stringify(ids));
        this.reindexWhere(condition, [JSON.stringify(ids)]);
      }
      this.sqlite.prepare('DELETE FROM field_definitions').run();
      const insertDefinition = this.sqlite.prepare(
        'INSERT OR REPLACE INTO field_definitions (id, name, type, widget, location_id, options) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const d of lookups.fieldDefinitions) {
        const options = d.fieldOptions.map((o) => ({ id: o.id, option: o.option ?? null }));
        insertDefinition.run(
          d.id,
          d.name,
          d.type ?? null,
          d.widget ?? null,
          d.location ?? null,
          options.length === 0 ? null : JSON.stringify(options),
        );
      }
      this.sqlite.prepare('DELETE FROM show_fields').run();
      const insertField = this.sqlite.prepare(
        'INSERT OR REPLACE INTO show_fields (id, label, field_definition_id) VALUES (?, ?, ?)',
      );
      for (const f of lookups.showFields) {
        insertField.run(f.id, f.label ?? null, f.fieldDefinition ?? null);
      }
      this.sqlite.prepare('DELETE FROM vod_configurations').run();
      const insertConfig = this.sqlite.prepare(
        `INSERT OR REPLACE INTO vod_configurations
           (id, location_id, provider_name, quality_ids, default_quality) VALUES (?, ?, ?, ?, ?)`,
      );
      for (const c of lookups.vodConfigurations) {
        insertConfig.run(
          c.id,
          c.location ?? null,
          c.providerName ?? null,
          JSON.stringify([...new Set(c.vodTranscodeQualities)]),
          c.defaultQuality ?? null,
        );
      }
      this.sqlite.prepare('DELETE FROM vod_transcode_qualities').run();
      const insertQuality = this.sqlite.prepare(
        'INSERT OR REPLACE INTO vod_transcode_qualities (id, name, vod_provider) VALUES (?, ?, ?)',
      );
      for (const q of lookups.vodTranscodeQualities) {
        insertQuality.run(
          q.id,
          q.name ?? null,
          q.vodProvider === undefined || q.vodProvider === null ? null : String(q.vodProvider),
        );
      }
      this.sqlite.prepare('DELETE FROM file_stores').run();
      const insertStore = this.sqlite.prepare(
        'INSERT OR REPLACE INTO file_stores (id, name, location_id) VALUES (?, ?, ?)',
      );
      for (const f of lookups.fileStores) {
        insertStore.run(f.id, f.name ?? null, f.location ?? null);
      }
    });
    this.version += 1;
    run.immediate();
  }

  /**
   * The VOD configurations of the last sync, named by their provider and location, each with the
   * qualities it offers (named from `/vodtranscodequalities` where the server has it) and its
   * default quality.
   */
  vodConfigurations(): VodConfigurationOption[] {
    const rows = this.sqlite
      .prepare(
        `SELECT c.id, c.location_id AS locationId, c.provider_name AS providerName,
           c.quality_ids AS qualityIds, c.default_quality AS defaultQuality, l.name AS location
         FROM vod_configurations c LEFT JOIN locations l ON l.id = c.location_id ORDER BY c.id`,
      )
      .all() as {
      id: number;
      locationId: number | null;
      providerName: string | null;
      qualityIds: string | null;
      defaultQuality: number | null;
      location: string | null;
    }[];
    const names = new Map(
      (
        this.sqlite.prepare('SELECT id, name FROM vod_transcode_qualities').raw().all() as [
          number,
          string | null,
        ][]
      ).map(([id, name]) => [id, name]),
    );
    return rows.map((r) => ({
      id: r.id,
      name: [r.providerName ?? `Configuration ${r.id}`, r.location].filter(Boolean).join(' — '),
      locationId: r.locationId,
      qualities: idsOf(r.qualityIds).map((id) => ({
        id,
        name: names.get(id)?.trim() || `Quality ${id}`,
      })),
      defaultQuality: r.defaultQuality,
    }));
  }

  /** The file stores of the last sync, by id; empty when the server does not list them. */
  fileStores(): FileStoreOption[] {
    const rows = this.sqlite
      .prepare('SELECT id, name FROM file_stores ORDER BY id')
      .raw()
      .all() as [number, string | null][];
    return rows.map(([id, name]) => ({ id, name: name?.trim() || `File store ${id}` }));
  }

  /** Replaces one id+name table; returns the ids whose name changed, appeared or vanished. */
  private replaceNamed<T extends { id: number; name: string }>(
    table: LookupTable,
    records: readonly T[],
    extraColumns: readonly string[],
    extraValues: (record: T) => unknown[] = () => [],
  ): number[] {
    const before = new Map(
      (this.sqlite.prepare(`SELECT id, name FROM ${table}`).raw().all() as [number, string][]).map(
        ([id, name]) => [id, name],
      ),
    );
    this.sqlite.prepare(`DELETE FROM ${table}`).run();
    const columns = ['id', 'name', ...extraColumns];
    const insert = this.sqlite.prepare(
      `INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)})`,
    );
    const changed = new Set<number>();
    const seen = new Set<number>();
    for (const record of records) {
      insert.run(record.id, record.name, ...extraValues(record));
      seen.add(record.id);
      if (before.get(record.id) !== record.name) changed.add(record.id);
    }
    for (const id of before.keys()) if (!seen.has(id)) changed.add(id);
    return [...changed];
  }

  // ---- reads (browser) -----------------------------------------------------------------------

  showCount(): number {
    return this.statement('SELECT count(*) FROM shows WHERE deleted_at IS NULL')
      .pluck()
      .get() as number;
  }

  /** A window of the list and the number of matches in all. */
  search(input: ShowSearchInput): ShowPage {
    const where = buildWhere(input.filter);
    const total = this.count(where);
    if (total === 0 || input.offset >= total) return { total, offset: input.offset, rows: [] };
    // Two steps: the page's ids from the sort's index alone (it carries every filter column), then
    // those rows. Filtering while walking the index never reads the wide rows.
    const { sql, params } = this.selectSql('id', where, input.sort);
    const ids = this.statement(`${sql} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...params, input.limit, input.offset) as number[];
    const records = this.statement(
      `SELECT ${ROW_COLUMNS} FROM json_each(?) AS page JOIN shows ON shows.id = page.value
       ORDER BY page.key`,
    ).all(JSON.stringify(ids)) as RowRecord[];
    return { total, offset: input.offset, rows: records.map(toShowRow) };
  }

  /** Every matching id in list order ("select all matching the filter"). */
  ids(query: ShowQuery): number[] {
    const where = buildWhere(query.filter);
    const { sql, params } = this.selectSql('id', where, query.sort);
    return this.statement(sql)
      .pluck()
      .all(...params) as number[];
  }

  private count(where: Where): number {
    if (where.match !== null && where.clauses.length === 1) {
      // Only live shows are in the index, so with no other filter its own count is the answer.
      return this.statement('SELECT count(*) FROM shows_fts WHERE shows_fts MATCH ?')
        .pluck()
        .get(where.match) as number;
    }
    if (where.match === null) {
      // With filters, the event index holds every filter column: counting scans it alone. (Left
      // to itself the planner may pick a range of the captions index and read rows for the rest.)
      const from = where.clauses.length > 1 ? 'shows INDEXED BY shows_event_idx' : 'shows';
      return this.statement(`SELECT count(*) FROM ${from} WHERE ${where.clauses.join(' AND ')}`)
        .pluck()
        .get(...where.params) as number;
    }
    // Text and filters: the matches as a set, tested while scanning the narrow event index (it
    // carries the filter columns). Looking each match up in the table instead reads wide rows.
    return this.statement(
      `SELECT count(*) FROM shows INDEXED BY shows_event_idx WHERE ${where.clauses.join(' AND ')}
       AND +id IN (SELECT rowid FROM shows_fts WHERE shows_fts MATCH ?)`,
    )
      .pluck()
      .get(...where.params, where.match) as number;
  }

  private selectSql(
    columns: string,
    where: Where,
    sort: ShowSort,
  ): { sql: string; params: unknown[] } {
    const clauses = [...where.clauses];
    const params = [...where.params];
    if (where.match !== null) {
      // `+id`: the matches are a set to test rows against while the sort's index is walked, so a
      // page of 200 stops after 200 hits instead of sorting every match.
      clauses.push('+id IN (SELECT rowid FROM shows_fts WHERE shows_fts MATCH ?)');
      params.push(where.match);
    }
    const order = orderBy(sort);
    // Named, because a filter can look like a better start to the planner (has_captions = 1 is a
    // range of the captions index) and then it sorts thousands of rows; walking the sort's own
    // index, which carries every filter column, stops after a page.
    const from = order.index === null ? 'shows' : `shows INDEXED BY ${order.index}`;
    return {
      sql: `SELECT ${columns} FROM ${from} WHERE ${clauses.join(' AND ')} ORDER BY ${order.sql}`,
      params,
    };
  }

  /** One show with its lookup names, custom fields, reels and VOD; null when unknown. */
  get(id: number): Omit<ShowDetail, 'edits'> | null {
    const record = this.statement(
      `SELECT ${ROW_COLUMNS}, comments, last_modified AS lastModified,
        custom_fields AS customFields, reels, vod_percent AS vodPercent, vod_url AS vodUrl,
        vod_embed AS vodEmbed, vod_chapters_published AS vodChaptersPublished,
        vod_is_watchable AS vodIsWatchable, vod_views AS vodViews, thumbnail_url AS thumbnailUrl,
        deleted_at AS deletedAt
       FROM shows WHERE id = ?`,
    ).get(id) as DetailRecord | undefined;
    if (record === undefined) return null;
    const row = toShowRow(record);
    const stored = parseJson<StoredCustomField[]>(record.customFields, []);
    return {
      ...row,
      comments: record.comments,
      lastModified: record.lastModified,
      customFields: this.describeCustomFields(stored),
      reels: parseJson<StoredReel[]>(record.reels, []),
      vod:
        record.vodId === null
          ? null
          : {
              id: record.vodId,
              state: record.vodState,
              percentComplete: record.vodPercent,
              url: record.vodUrl,
              embedCode: record.vodEmbed,
              chaptersPublished: record.vodChaptersPublished === 1,
              isWatchable: record.vodIsWatchable === null ? null : record.vodIsWatchable === 1,
              views: record.vodViews,
            },
      thumbnailUrl: record.thumbnailUrl,
      deletedAt: record.deletedAt,
    };
  }

  /** Names from the field definitions where known; ids of options and producers as their names. */
  private describeCustomFields(stored: readonly StoredCustomField[]): ShowDetail['customFields'] {
    if (stored.length === 0) return [];
    const definitions = new Map(
      (
        this.statement(
          `SELECT sf.id AS id, fd.name AS name, fd.type AS type, fd.options AS options
           FROM show_fields sf JOIN field_definitions fd ON fd.id = sf.field_definition_id`,
        ).all() as { id: number; name: string; type: string | null; options: string | null }[]
      ).map((d) => [d.id, d]),
    );
    const producerName = this.statement('SELECT name FROM producers WHERE id = ?').pluck();
    return stored.map((field) => {
      const definition = field.showField === null ? undefined : definitions.get(field.showField);
      const type = definition?.type ?? field.type;
      let value = field.value;
      if (value === null && field.refId !== null) {
        if (type === 'select') {
          const options = parseJson<{ id: number; option: string | null }[]>(
            definition?.options ?? null,
            [],
          );
          value = options.find((o) => o.id === field.refId)?.option ?? null;
        } else if (type === 'producer') {
          value = (producerName.get(field.refId) as string | undefined) ?? null;
        }
        value ??= `#${field.refId}`;
      }
      return {
        name: definition?.name ?? field.fieldName ?? `Field ${field.showField ?? '?'}`,
        type,
        value,
      };
    });
  }

  /**
   * Filter options with the number of live shows each, and the range of event days. Cached until
   * the next write: the browser asks after every catalog change, and this scans the catalog.
   */
  facets(): CatalogFacets {
    if (this.facetsCache?.version === this.version) return this.facetsCache.value;
    const value = this.computeFacets();
    this.facetsCache = { version: this.version, value };
    return value;
  }

  private computeFacets(): CatalogFacets {
    const options = (table: LookupTable): FacetOption[] => {
      const { id } = NAME_COLUMN_OF[table];
      return this.statement(
        `SELECT c.id AS id, coalesce(l.name, '#' || c.id) AS name, c.n AS count
         FROM (SELECT ${id} AS id, count(*) AS n FROM shows INDEXED BY shows_event_idx
               WHERE deleted_at IS NULL AND ${id} IS NOT NULL GROUP BY ${id}) c
         LEFT JOIN ${table} l ON l.id = c.id
         ORDER BY name COLLATE NOCASE, c.id`,
      ).all() as FacetOption[];
    };
    return {
      categories: options('categories'),
      projects: options('projects'),
      producers: options('producers'),
      locations: options('locations'),
      vodStates: this.statement(
        `SELECT vod_state AS state, count(*) AS count FROM shows INDEXED BY shows_vod_state_idx
         WHERE deleted_at IS NULL AND vod_state IS NOT NULL GROUP BY vod_state ORDER BY vod_state`,
      ).all() as { state: VodState; count: number }[],
      dateRange: this.statement(
        `SELECT (SELECT event_day FROM shows INDEXED BY shows_event_idx
                 WHERE deleted_at IS NULL AND event_day IS NOT NULL ORDER BY event_day LIMIT 1) AS min,
                (SELECT event_day FROM shows INDEXED BY shows_event_idx
                 WHERE deleted_at IS NULL ORDER BY event_day DESC LIMIT 1) AS max`,
      ).get() as { min: string | null; max: string | null },
    };
  }

  // ---- chapters ------------------------------------------------------------------------------

  /** The show's VOD as the catalog knows it; null when the show is unknown. */
  vodOf(showId: number): ShowVodRef | null {
    const row = this.statement(
      'SELECT id, vod_id AS vodId, vod_chapters_published AS published FROM shows WHERE id = ?',
    ).get(showId) as { id: number; vodId: number | null; published: number } | undefined;
    return row === undefined
      ? null
      : { showId: row.id, vodId: row.vodId, chaptersPublished: row.published === 1 };
  }

  saveChapters(
    vodId: number,
    showId: number,
    chapters: readonly StoredChapter[],
    at: string,
  ): void {
    this.statement(
      `INSERT INTO vod_chapters (vod_id, show_id, chapters, fetched_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (vod_id) DO UPDATE SET show_id = excluded.show_id, chapters = excluded.chapters,
         fetched_at = excluded.fetched_at`,
    ).run(vodId, showId, JSON.stringify(chapters), at);
  }

  cachedChapters(vodId: number): CachedChapters | null {
    const row = this.statement(
      'SELECT chapters, fetched_at AS fetchedAt FROM vod_chapters WHERE vod_id = ?',
    ).get(vodId) as { chapters: string; fetchedAt: string } | undefined;
    return row === undefined
      ? null
      : { chapters: parseJson<StoredChapter[]>(row.chapters, []), fetchedAt: row.fetchedAt };
  }
}
