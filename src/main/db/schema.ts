import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SyncMode, SyncPhase, VodState } from '../../shared/catalog';
import type { ConnectionProblemKind } from '../../shared/connection';
import type {
  CaptionDiagnosticView,
  CaptionSourceFormat,
  DraftChapter,
  RecordingState,
  SummarySourceFormat,
} from '../../shared/library';

/**
 * The local store's tables. drizzle-kit reads this file to generate the numbered migrations under
 * `drizzle/`; the app never creates tables from it directly, so every change here needs
 * `npm run db:generate` and a test for the new migration in `migrations.test.ts`.
 *
 * The migrator's own bookkeeping table (`__migrations`) is deliberately not declared here: it has
 * to exist before the first generated migration runs, so the migrator creates it itself.
 */

/** One row per "Test connection": what the Health screen shows as the connection's history. */
export const connectionChecks = sqliteTable('connection_checks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** ISO 8601 in UTC, as the connection tester reported it. */
  testedAt: text('tested_at').notNull(),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  apiBase: text('api_base'),
  serverVersion: text('server_version'),
  user: text('user'),
  /** null: the server did not say whether the account may write. */
  canWrite: integer('can_write', { mode: 'boolean' }),
  problemKind: text('problem_kind').$type<ConnectionProblemKind>(),
  /** The sentence shown to the operator: the problem's message, or the rights summary when ok. */
  message: text('message').notNull(),
  elapsedMs: integer('elapsed_ms').notNull(),
});

export type ConnectionCheckRow = typeof connectionChecks.$inferSelect;
export type NewConnectionCheckRow = typeof connectionChecks.$inferInsert;

// ---------------------------------------------------------------------------------------------
// The show catalog: a local copy of the configured location's Cablecast shows and their lookups.

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
    thumbnailUrl: text('thumbnail_url'),
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

/** Storage folders the library scans (local folders or mounted shares), with their last scan. */
export const storageFolders = sqliteTable('storage_folders', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Absolute, as resolved when added. */
  path: text('path').notNull().unique(),
  addedAt: text('added_at').notNull(),
  lastScanAt: text('last_scan_at'),
  /** What went wrong reading the folder itself in the last scan, or null. */
  problem: text('problem'),
});

/**
 * One row per recording ever found: its identity (`key`, kept across rescans, restarts and moves),
 * what the last scan saw of its files, what was read from them, and the operator's link. A
 * recording whose files disappear keeps its row (`missing_since`), with its link and draft.
 */
export const recordings = sqliteTable(
  'recordings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    root: text('root').notNull(),
    relPath: text('rel_path').notNull(),
    videoPath: text('video_path').notNull(),
    videoSize: integer('video_size').notNull(),
    videoMtimeMs: real('video_mtime_ms').notNull(),
    settled: integer('settled', { mode: 'boolean' }).notNull(),
    stableSince: real('stable_since').notNull(),
    fingerprint: text('fingerprint'),
    captionPath: text('caption_path'),
    captionFormat: text('caption_format').$type<CaptionSourceFormat>(),
    captionSize: integer('caption_size'),
    captionMtimeMs: real('caption_mtime_ms'),
    summaryPath: text('summary_path'),
    summaryFormat: text('summary_format').$type<SummarySourceFormat>(),
    summarySize: integer('summary_size'),
    summaryMtimeMs: real('summary_mtime_ms'),
    /** The caption file's size and mtime when it was last validated: revalidate on change. */
    captionCheckedStamp: text('caption_checked_stamp'),
    captionValid: integer('caption_valid', { mode: 'boolean' }),
    captionCueCount: integer('caption_cue_count').notNull().default(0),
    captionDiagnostics: text('caption_diagnostics', { mode: 'json' })
      .$type<CaptionDiagnosticView[]>()
      .notNull()
      .default(sql`'[]'`),
    /** The video's size and mtime when ffprobe last read it. */
    probeStamp: text('probe_stamp'),
    durationSec: real('duration_sec'),
    startTimecode: text('start_timecode'),
    frameRate: real('frame_rate'),
    probeProblem: text('probe_problem'),
    /** Problems of the files themselves (empty video, unreadable file), in words. */
    fileProblems: text('file_problems', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    eventDate: text('event_date'),
    state: text('state').$type<RecordingState>().notNull(),
    stateReason: text('state_reason').notNull(),
    linkShowId: integer('link_show_id'),
    linkMethod: text('link_method').$type<'file-key' | 'operator'>(),
    linkedAt: text('linked_at'),
    /** The best-ranked show suggestion while not linked (refreshed when the catalog changes). */
    suggestedShowId: integer('suggested_show_id'),
    suggestedScore: real('suggested_score'),
    /** An operator unlinked a file-key match: do not link it again by itself. */
    autoLinkRefused: integer('auto_link_refused', { mode: 'boolean' }).notNull().default(false),
    /** When the recording first became ready (`transcription.completed` was emitted then). */
    completedAt: text('completed_at'),
    publishedAt: text('published_at'),
    missingSince: text('missing_since'),
    firstSeenAt: text('first_seen_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('recordings_state_idx').on(t.state), index('recordings_root_idx').on(t.root)],
);

/** The operator's draft of what will be published for a recording. */
export const recordingDrafts = sqliteTable('recording_drafts', {
  recordingId: integer('recording_id')
    .primaryKey()
    .references(() => recordings.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  cgTitle: text('cg_title').notNull(),
  description: text('description').notNull(),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
  chapters: text('chapters', { mode: 'json' }).$type<DraftChapter[]>().notNull(),
  chaptersSource: text('chapters_source')
    .$type<'summary' | 'agenda' | 'manual' | 'none'>()
    .notNull(),
  notes: text('notes', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  updatedAt: text('updated_at').notNull(),
});

/** One row (id 1): the library's own preferences. */
export const librarySettings = sqliteTable('library_settings', {
  id: integer('id').primaryKey(),
  /** Seconds between rescans of the storage folders (shares send no change events). */
  rescanIntervalSec: integer('rescan_interval_sec').notNull(),
});

/** Per-file and per-folder problems of the last scan, replaced by every scan. */
export const libraryProblems = sqliteTable('library_problems', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  path: text('path').notNull(),
  message: text('message').notNull(),
});

export type ShowRecord = typeof shows.$inferSelect;
export type RecordingRecord = typeof recordings.$inferSelect;
export type StorageFolderRecord = typeof storageFolders.$inferSelect;
export type SyncStateRow = typeof syncState.$inferSelect;
