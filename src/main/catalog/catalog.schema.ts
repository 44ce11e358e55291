import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SyncMode, SyncPhase, VodState } from '../../shared/catalog';

/*
 * The show catalog's tables: a local copy of the configured location's Cablecast shows and their
 * lookups. drizzle-kit reads every `*.schema.ts` under src/main (see drizzle.config.ts) to
 * generate the numbered migrations under `drizzle/`; other domains read shows through the
 * catalog's `ShowReader`, never these tables.
 */

/** One custom field of a show as stored: what the detail pane and the search index need. */
export interface StoredCustomField {
  showField: number | null;
  /** The name the show record carried (`fieldName`); the definition's name wins when known. */
  fieldName: string | null;
  type: string | null;
  /** The value as text (`fieldValueString`, or the raw value when it is a string or number). */
  value: string | null;
  /** The raw value when it is an id (select options, files, producers). */
  refId: number | null;
}

export interface StoredReel {
  id: number;
  reelNumber: number | null;
  length: number | null;
  cue: number | null;
}

export interface StoredChapter {
  id: number;
  title: string;
  body: string | null;
  offset: number;
}

/** Lists and sorts only see live rows (deleted_at IS NULL); the indexes are partial to match. */
const live = sql`deleted_at is null`;

/**
 * Cablecast shows, keyed by Cablecast's own id. A show deleted on the server keeps its row with
 * `deleted_at` set, so anything local that refers to it can say so instead of losing it.
 *
 * The lookup names (category, project, producer, location) are copied onto the row: the list
 * sorts by them and the full-text index covers them, and both need them without a join.
 */
export const shows = sqliteTable(
  'shows',
  {
    id: integer('id').primaryKey(),
    locationId: integer('location_id'),
    title: text('title').notNull(),
    cgTitle: text('cg_title'),
    comments: text('comments'),
    /** As Cablecast wrote it: ISO 8601 with the server's offset. */
    eventDate: text('event_date'),
    /** The same instant in epoch milliseconds: what sorts. */
    eventAt: integer('event_at'),
    /** The server's local calendar day (YYYY-MM-DD) of the event: what date filters compare. */
    eventDay: text('event_day'),
    lastModified: text('last_modified'),
    lastModifiedAt: integer('last_modified_at'),
    categoryId: integer('category_id'),
    producerId: integer('producer_id'),
    projectId: integer('project_id'),
    categoryName: text('category_name'),
    producerName: text('producer_name'),
    projectName: text('project_name'),
    locationName: text('location_name'),
    /** Seconds. */
    totalRunTime: integer('total_run_time'),
    hasCaptions: integer('has_captions', { mode: 'boolean' }).notNull().default(false),
    customFields: text('custom_fields', { mode: 'json' }).$type<StoredCustomField[]>(),
    /** The custom field values as one text, for the full-text index. */
    customText: text('custom_text'),
    reels: text('reels', { mode: 'json' }).$type<StoredReel[]>(),
    vodId: integer('vod_id'),
    vodState: text('vod_state').$type<VodState>(),
    /** 0–1. */
    vodPercent: real('vod_percent'),
    vodUrl: text('vod_url'),
    vodEmbed: text('vod_embed'),
    vodChaptersPublished: integer('vod_chapters_published', { mode: 'boolean' })
      .notNull()
      .default(false),
    vodIsWatchable: integer('vod_is_watchable', { mode: 'boolean' }),
    /** Cablecast's view count of the VOD, as of the show's last sync. */
    vodViews: integer('vod_views'),
    thumbnailUrl: text('thumbnail_url'),
    /** The asset shown as the show's thumbnail, and the ones it may be chosen from. */
    thumbnailId: integer('thumbnail_id'),
    thumbnailOptions: text('thumbnail_options', { mode: 'json' }).$type<number[]>(),
    /** ISO 8601 UTC; null while the show exists on the server. */
    deletedAt: text('deleted_at'),
    /** ISO 8601 UTC: when this row last changed from a sync. */
    syncedAt: text('synced_at').notNull(),
  },
  (t) => [
    // The default order (event date, newest first) and the date filter's column, carrying every
    // column the list filters on: a filtered page, and any filtered count, is found by walking
    // this index alone, without reading the wide rows. `deleted_at` is listed (always null here)
    // because SQLite does not infer from a partial index's own condition that it covers
    // `deleted_at IS NULL`. Partial: lists only ever see live shows.
    index('shows_event_idx')
      .on(
        t.eventDay,
        t.eventAt,
        t.id,
        t.categoryId,
        t.projectId,
        t.producerId,
        t.locationId,
        t.vodState,
        t.vodId,
        t.hasCaptions,
        t.deletedAt,
      )
      .where(live),
    // One narrow index per other sort of the list, ending in id so ties page stably. Each index
    // costs every write (a 20,000-show sync pays for it 20,000 times), so these carry no more.
    index('shows_title_idx')
      .on(sql`title collate nocase`, t.id, t.deletedAt)
      .where(live),
    index('shows_category_name_idx')
      .on(sql`category_name collate nocase`, t.id, t.deletedAt)
      .where(live),
    index('shows_project_name_idx')
      .on(sql`project_name collate nocase`, t.id, t.deletedAt)
      .where(live),
    index('shows_producer_name_idx')
      .on(sql`producer_name collate nocase`, t.id, t.deletedAt)
      .where(live),
    index('shows_run_time_idx').on(t.totalRunTime, t.id, t.deletedAt).where(live),
    index('shows_vod_state_idx').on(t.vodState, t.id, t.deletedAt).where(live),
    index('shows_captions_idx').on(t.hasCaptions, t.id, t.deletedAt).where(live),
  ],
);

export const locations = sqliteTable('locations', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});

export const categories = sqliteTable('categories', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  locationId: integer('location_id'),
});

export const producers = sqliteTable('producers', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  locationId: integer('location_id'),
});

export const projects = sqliteTable('projects', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  locationId: integer('location_id'),
  description: text('description'),
});

/** Custom field definitions (name, type, options); show fields point at them. */
export const fieldDefinitions = sqliteTable('field_definitions', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type'),
  widget: text('widget'),
  locationId: integer('location_id'),
  /** `[{ id, option }]` for select fields. */
  options: text('options', { mode: 'json' }).$type<{ id: number; option: string | null }[]>(),
});

export const showFields = sqliteTable('show_fields', {
  id: integer('id').primaryKey(),
  label: text('label'),
  fieldDefinitionId: integer('field_definition_id'),
});

export const vodConfigurations = sqliteTable('vod_configurations', {
  id: integer('id').primaryKey(),
  locationId: integer('location_id'),
  providerName: text('provider_name'),
  /** The ids of the transcode qualities it offers, in the server's order (`vodTranscodeQualities`). */
  qualityIds: text('quality_ids', { mode: 'json' }).$type<number[]>(),
  /** The quality its VODs get when none is asked for; null: the server decides. */
  defaultQuality: integer('default_quality'),
});

/**
 * The server's VOD transcode qualities (`/vodtranscodequalities`): names for the ids the
 * configurations list. Empty for a server without the endpoint.
 */
export const vodTranscodeQualities = sqliteTable('vod_transcode_qualities', {
  id: integer('id').primaryKey(),
  name: text('name'),
  vodProvider: text('vod_provider'),
});

/** Where uploads may go (`/filestores`). Empty for a server without the endpoint. */
export const fileStores = sqliteTable('file_stores', {
  id: integer('id').primaryKey(),
  name: text('name'),
  locationId: integer('location_id'),
});

/**
 * One row (id 1): where incremental sync resumes, and what the last run did, so the app shows it
 * after a restart.
 */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  /** The newest `lastModified` (exactly as the server wrote it) whose rows are all committed. */
  watermark: text('watermark'),
  /** The same instant in epoch milliseconds. */
  watermarkAt: integer('watermark_at'),
  /** What the watermark covers: a location id, or `all`. Another scope starts from scratch. */
  watermarkScope: text('watermark_scope'),
  lastFullSyncAt: text('last_full_sync_at'),
  lastIncrementalSyncAt: text('last_incremental_sync_at'),
  lastMode: text('last_mode').$type<SyncMode>(),
  lastPhase: text('last_phase').$type<SyncPhase>(),
  lastStartedAt: text('last_started_at'),
  lastFinishedAt: text('last_finished_at'),
  lastAdded: integer('last_added').notNull().default(0),
  lastUpdated: integer('last_updated').notNull().default(0),
  lastDeleted: integer('last_deleted').notNull().default(0),
  lastError: text('last_error'),
});

/** Records the last sync skipped (broken schema), so the warning stays visible after it ends. */
export const syncWarnings = sqliteTable('sync_warnings', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  showId: integer('show_id'),
  path: text('path').notNull(),
  message: text('message').notNull(),
});

/** The last chapters read from Cablecast per VOD: the detail pane's copy when it does not answer. */
export const vodChapters = sqliteTable('vod_chapters', {
  vodId: integer('vod_id').primaryKey(),
  showId: integer('show_id').notNull(),
  chapters: text('chapters', { mode: 'json' }).$type<StoredChapter[]>().notNull(),
  /** ISO 8601 UTC. */
  fetchedAt: text('fetched_at').notNull(),
});

/** One edited field: the operator's value, Cablecast's when the edit began, and (in conflict) now. */
export interface StoredEditField {
  base: string | number | null;
  local: string | number | null;
  /** Present while the field is in conflict: Cablecast's value when the sync last looked. */
  server?: string | number | null;
}

/**
 * The operator's metadata edits not yet on Cablecast, one row per show, keyed by field
 * (`cgTitle`, `categoryId`, `field:<showField>`…). Each field keeps the server's value it was made
 * from, so a sync can tell "only we changed it" (push) from "both changed it" (conflict). The
 * `shows` row stays Cablecast's copy; a row here goes once every field is on the server or dropped.
 */
export const showEdits = sqliteTable('show_edits', {
  showId: integer('show_id').primaryKey(),
  fields: text('fields', { mode: 'json' }).$type<Record<string, StoredEditField>>().notNull(),
  /** Fields in conflict: what the Conflicts filter reads. */
  conflicts: integer('conflicts').notNull().default(0),
  /** ISO 8601 UTC. */
  editedAt: text('edited_at').notNull(),
  checkedAt: text('checked_at'),
  error: text('error'),
});

export type ShowRecord = typeof shows.$inferSelect;
export type SyncStateRow = typeof syncState.$inferSelect;
