import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ShowMetadata } from '../../shared/catalog';
import type {
  CaptionDiagnosticView,
  CaptionSourceFormat,
  DraftChapter,
  DraftShowFields,
  RecordingState,
  SummarySourceFormat,
} from '../../shared/library';

/*
 * The transcriptions library's tables: storage folders, the recordings found in them, drafts.
 * drizzle-kit reads every `*.schema.ts` under src/main (see drizzle.config.ts) to generate the
 * numbered migrations under `drizzle/`.
 */

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
    /**
     * What the suggestion was ranked from (the catalog's link stamp, the file name, the duration):
     * a start or a catalog change ranks again only the recordings whose stamp no longer holds.
     */
    suggestedStamp: text('suggested_stamp'),
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
  /** The show fields the draft changes beyond its titles and description. */
  fields: text('fields', { mode: 'json' })
    .$type<DraftShowFields>()
    .notNull()
    .default(sql`'{}'`),
  /** The show's metadata as the catalog had it when the draft was saved. */
  base: text('base', { mode: 'json' }).$type<ShowMetadata>(),
  updatedAt: text('updated_at').notNull(),
  /** When a person marked the draft fit to publish without them (auto-publish); ISO. */
  approvedAt: text('approved_at'),
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
export type RecordingRecord = typeof recordings.$inferSelect;
export type StorageFolderRecord = typeof storageFolders.$inferSelect;
