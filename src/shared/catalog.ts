import { z } from 'zod';

/** Cablecast's VOD states (VodDto.vodState in the Swagger models). */
export const VOD_STATES = [
  'unknown',
  'queued',
  'processing',
  'partial',
  'complete',
  'error',
  'permanentFailure',
  'disabled',
  'waiting',
] as const;
export type VodState = (typeof VOD_STATES)[number];

export const SHOW_SORT_FIELDS = [
  'eventDate',
  'title',
  'category',
  'project',
  'producer',
  'totalRunTime',
  'vodState',
  'hasCaptions',
  'id',
] as const;
export type ShowSortField = (typeof SHOW_SORT_FIELDS)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD.');
const ids = z.array(z.number().int().positive()).max(10_000);

export const ShowFilterSchema = z
  .object({
    /** Search as you type: titles, public titles, descriptions, custom fields, lookup names. */
    text: z.string().max(500).default(''),
    /** Event dates, inclusive, in the server's local days. */
    dateFrom: isoDay.nullable().default(null),
    dateTo: isoDay.nullable().default(null),
    categoryIds: ids.default([]),
    projectIds: ids.default([]),
    producerIds: ids.default([]),
    locationIds: ids.default([]),
    hasVod: z.boolean().nullable().default(null),
    vodStates: z.array(z.enum(VOD_STATES)).max(VOD_STATES.length).default([]),
    hasCaptions: z.boolean().nullable().default(null),
    /** Shows with local metadata edits not yet on Cablecast (`unpushed`), or in conflict. */
    edits: z.enum(['unpushed', 'conflict']).nullable().default(null),
  })
  .strict();
export type ShowFilter = z.output<typeof ShowFilterSchema>;

export const ShowSortSchema = z
  .object({ field: z.enum(SHOW_SORT_FIELDS), direction: z.enum(['asc', 'desc']) })
  .strict();
export type ShowSort = z.output<typeof ShowSortSchema>;

export const ShowQuerySchema = z
  .object({
    filter: ShowFilterSchema.default(() => ShowFilterSchema.parse({})),
    sort: ShowSortSchema.default({ field: 'eventDate', direction: 'desc' }),
  })
  .strict();
export type ShowQuery = z.output<typeof ShowQuerySchema>;

export const ShowSearchSchema = ShowQuerySchema.extend({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
}).strict();

/** One row of the show list: what the columns need, nothing more. */
export interface ShowRow {
  id: number;
  eventDate: string | null;
  title: string;
  cgTitle: string | null;
  category: string | null;
  project: string | null;
  producer: string | null;
  location: string | null;
  totalRunTime: number | null;
  vodState: VodState | null;
  hasVod: boolean;
  hasCaptions: boolean;
  /** Local metadata edits: waiting to be pushed, or in conflict with Cablecast's copy. */
  edit: ShowEditState | null;
}

export interface ShowPage {
  /** Shows matching the query in all. */
  total: number;
  offset: number;
  rows: ShowRow[];
}

export interface ShowDetail extends ShowRow {
  comments: string | null;
  lastModified: string | null;
  customFields: { name: string; type: string | null; value: string | null }[];
  reels: { id: number; reelNumber: number | null; length: number | null; cue: number | null }[];
  vod: {
    id: number;
    state: VodState | null;
    percentComplete: number | null;
    url: string | null;
    embedCode: string | null;
    chaptersPublished: boolean;
    isWatchable: boolean | null;
    /** Cablecast's view count, as of the show's last sync. */
    views: number | null;
  } | null;
  thumbnailUrl: string | null;
  /** Set when the show was deleted on the server after something local referred to it. */
  deletedAt: string | null;
  /** The operator's edits of its metadata not yet on Cablecast. */
  edits: ShowEdits | null;
}

export interface ChapterView {
  id: number;
  title: string;
  body: string | null;
  /** Seconds from the start of the VOD. */
  offset: number;
}

export interface ShowChapters {
  showId: number;
  vodId: number | null;
  chapters: ChapterView[];
  published: boolean;
  /** Where they came from: Cablecast now, or the last copy when Cablecast did not answer. */
  source: 'server' | 'cache' | 'none';
  fetchedAt: string | null;
  problem: string | null;
}

/** One custom field's value: text, or the id of an option, file or producer for those types. */
export interface ShowFieldValue {
  showField: number;
  value: string | number | null;
}

/**
 * The show metadata an operator's draft may change, as the catalog last copied it from Cablecast.
 * A draft keeps this copy as its base: a publish checks the server still has it.
 */
export interface ShowMetadata {
  showId: number;
  title: string;
  cgTitle: string | null;
  comments: string | null;
  categoryId: number | null;
  producerId: number | null;
  projectId: number | null;
  /** The asset shown as the thumbnail. */
  thumbnailId: number | null;
  /** Every custom field the show has (the legacy custom1..8 strings are not edited here). */
  customFields: ShowFieldValue[];
  lastModified: string | null;
  /** As Cablecast wrote it (ISO 8601 with the server's offset). Absent in drafts saved before. */
  eventDate?: string | null;
}

export interface NamedOption {
  id: number;
  name: string;
}

/** What the metadata of one show may be set to: the lookups of its location, its thumbnails. */
export interface ShowMetadataChoices {
  categories: NamedOption[];
  producers: NamedOption[];
  projects: NamedOption[];
  /** The show's `thumbnailOptions`, with an image URL where the server's address is known. */
  thumbnails: { id: number; url: string | null }[];
  fields: {
    showField: number;
    name: string;
    /** Cablecast's field type: `string`, `select`, `tag`, `date`, `number`, `file`, `producer`. */
    type: string | null;
    /** For `select` fields. */
    options: NamedOption[] | null;
  }[];
}

export interface ShowMetadataView {
  current: ShowMetadata;
  choices: ShowMetadataChoices;
}

export interface FacetOption {
  id: number;
  name: string;
  count: number;
}

export interface CatalogFacets {
  categories: FacetOption[];
  projects: FacetOption[];
  producers: FacetOption[];
  locations: FacetOption[];
  vodStates: { state: VodState; count: number }[];
  dateRange: { min: string | null; max: string | null };
}

/** A Cablecast file store the last sync found: where uploads may go. */
export interface FileStoreOption {
  id: number;
  /** The server's name, or "File store {id}" when it gave none. */
  name: string;
}

export type SyncMode = 'full' | 'incremental';
export type SyncPhase =
  'idle' | 'lookups' | 'listing' | 'fetching' | 'deleting' | 'done' | 'failed' | 'cancelled';

export interface SyncWarning {
  showId: number | null;
  /** The field that broke the schema, e.g. `shows[3].eventDate`. */
  path: string;
  message: string;
}

export interface SyncStatus {
  running: boolean;
  mode: SyncMode | null;
  phase: SyncPhase;
  done: number;
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
  lastFullSyncAt: string | null;
  lastIncrementalSyncAt: string | null;
  /** The newest `lastModified` whose rows are committed; the next incremental sync starts here. */
  watermark: string | null;
  showCount: number;
  /** Of the last run. */
  added: number;
  updated: number;
  deleted: number;
  error: string | null;
  /** Of the last run, at most 200. */
  warnings: SyncWarning[];
}

// ---- Two-way metadata sync ----------------------------------------------------------------------

export type ShowEditState = 'pending' | 'conflict';

/**
 * A show field the operator edits locally: `cgTitle` (public title), `comments` (description),
 * the lookups, the event date, or `field:<showField>` for a custom field (tags included).
 */
export type ShowEditKey =
  | 'cgTitle'
  | 'comments'
  | 'categoryId'
  | 'producerId'
  | 'projectId'
  | 'eventDate'
  | `field:${number}`;

export type ShowEditValue = string | number | null;

/** An ISO 8601 date and time with its offset, as Cablecast writes an event date. */
export const EVENT_DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

const lookupId = z.number().int().positive().nullable().optional();

export const ShowEditSchema = z
  .object({
    id: z.number().int().positive(),
    /** Only the fields given change; null or empty text clears a field. */
    changes: z
      .object({
        cgTitle: z.string().max(255).nullable().optional(),
        comments: z.string().max(20_000).nullable().optional(),
        categoryId: lookupId,
        producerId: lookupId,
        projectId: lookupId,
        eventDate: z
          .string()
          .regex(
            EVENT_DATE_PATTERN,
            'Use a date and time with its offset, e.g. 2026-03-02T19:00:00-05:00.',
          )
          .refine((v) => !Number.isNaN(Date.parse(v)), 'Not a real date.')
          .nullable()
          .optional(),
        customFields: z
          .array(
            z
              .object({
                showField: z.number().int().positive(),
                value: z.union([z.string().max(4000), z.number().int(), z.null()]),
              })
              .strict(),
          )
          .max(200)
          .optional(),
      })
      .strict(),
  })
  .strict();
export type ShowEditInput = z.output<typeof ShowEditSchema>;

const editKey = z
  .string()
  .regex(
    /^(cgTitle|comments|categoryId|producerId|projectId|eventDate|field:\d+)$/,
    'Not an editable field.',
  )
  .transform((v) => v as ShowEditKey);

export const ShowEditDiscardSchema = z
  .object({
    id: z.number().int().positive(),
    /** The fields to put back as Cablecast has them; every edited field when absent. */
    keys: z.array(editKey).max(200).optional(),
  })
  .strict();

export const ShowEditResolveSchema = z
  .object({
    id: z.number().int().positive(),
    /** For each field in conflict, whose value stays: the operator's (`local`) or Cablecast's. */
    take: z
      .array(z.object({ key: editKey, side: z.enum(['local', 'server']) }).strict())
      .min(1)
      .max(200),
  })
  .strict();

export const ShowEditPushSchema = z
  .object({
    /** The shows to sync now; every show with edits when absent. */
    ids: z.array(z.number().int().positive()).max(10_000).optional(),
  })
  .strict();

/** One edited field, with each side in words for the side-by-side view. */
export interface ShowEditField {
  key: ShowEditKey;
  label: string;
  /** The operator's value, as the editor sets it. */
  value: ShowEditValue;
  /** In words: the operator's value, the one Cablecast had when the edit began, and now. */
  local: string;
  base: string;
  /** Cablecast's value now, while this field is in conflict; null otherwise. */
  server: string | null;
}

export interface ShowEdits {
  showId: number;
  state: ShowEditState;
  fields: ShowEditField[];
  /** When the operator last changed an edit. */
  editedAt: string;
  /** When a metadata sync last tried this show. */
  checkedAt: string | null;
  /** Why the last try did not go through (Cablecast unreachable, the show deleted there). */
  error: string | null;
}

/** What one metadata sync did. */
export interface MetadataSyncResult {
  /** Shows tried. */
  checked: number;
  /** Shows whose edits were written to Cablecast. */
  pushed: number;
  /** Fields written, in all. */
  fieldsPushed: number;
  /** Shows whose copy here was refreshed from Cablecast. */
  pulled: number;
  /** Shows with a field changed on both sides (left for the operator). */
  conflicts: number;
  /** Shows that could not be tried, with why. */
  failed: { showId: number; message: string }[];
  /** Shows with edits still waiting, and with conflicts, after the run. */
  unpushed: number;
  inConflict: number;
}

export interface ShowEditsChanged {
  showIds: number[];
  unpushed: number;
  inConflict: number;
}

/** The notification for shows newly in conflict (desktop and browser alike). */
export function conflictsText(inConflict: number): string {
  const shows = inConflict === 1 ? '1 show was' : `${inConflict} shows were`;
  return `${shows} changed here and on Cablecast: choose which values stay on the Shows screen (Edits: Conflicts).`;
}
