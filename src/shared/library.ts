import { z } from 'zod';
import type { ShowFieldValue, ShowMetadata, ShowMetadataView } from './catalog';

/**
 * The transcriptions library as the renderer sees it: storage folders, the recordings found in
 * them (a video with its caption and summary sidecars), their links to shows, caption previews
 * and the drafts (title, description, tags, chapters) an operator reviews before publishing.
 */

/**
 * What an operator needs to know about a recording, in the order it moves through them:
 * - `new`: just found; the video may still be being written, or it has not been examined yet;
 * - `needs-captions`: no caption file beside the video;
 * - `caption-invalid`: the caption file does not decode (the reason names the line);
 * - `needs-summary`: captions are good, no summary beside the video;
 * - `ready`: valid captions and a summary, not linked to a show yet;
 * - `linked`: ready and linked to its Cablecast show;
 * - `published`: on Cablecast VOD (set by publishing);
 * - `failed`: the video itself is unusable (empty, unreadable, gone) or publishing failed.
 */
export const RECORDING_STATES = [
  'new',
  'needs-captions',
  'caption-invalid',
  'needs-summary',
  'ready',
  'linked',
  'published',
  'failed',
] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

export const RECORDING_STATE_LABELS: Record<RecordingState, string> = {
  new: 'New',
  'needs-captions': 'Needs captions',
  'caption-invalid': 'Caption invalid',
  'needs-summary': 'Needs summary',
  ready: 'Ready',
  linked: 'Linked',
  published: 'Published',
  failed: 'Failed',
};

export type CaptionSourceFormat = 'scc' | 'srt' | 'vtt' | 'whisper-json';
export type SummarySourceFormat = 'summary-txt' | 'minutes-json' | 'summary-md' | 'markdown';

export interface StorageFolder {
  path: string;
  addedAt: string;
  /** Null until the first scan of this folder ends. */
  lastScanAt: string | null;
  /** What went wrong reading the folder itself in the last scan (gone, no permission), or null. */
  problem: string | null;
  recordingCount: number;
}

export interface LibraryProblem {
  path: string;
  message: string;
}

export interface LibraryStatus {
  folders: StorageFolder[];
  scanning: boolean;
  lastScanAt: string | null;
  /**
   * Seconds between rescans (network shares send no change events); null when Settings ›
   * Schedules has them at cron times instead.
   */
  rescanIntervalSec: number | null;
  /** Per-file and per-folder problems of the last scan, in words. */
  problems: LibraryProblem[];
  counts: Record<RecordingState, number>;
  /** Whether video facts (duration, start timecode) can be read, and if not, why. */
  probe: { available: boolean; message: string | null };
}

export interface RecordingLink {
  showId: number;
  /** `file-key`: the Cablecast file key in the name (exact); `operator`: confirmed or picked by hand. */
  method: 'file-key' | 'operator';
  linkedAt: string;
  /** The show's title from the catalog; null when the show is no longer in it. */
  showTitle: string | null;
  /** True when the show was deleted on the server or is missing from the catalog. */
  showMissing: boolean;
}

export interface RecordingRow {
  id: number;
  fileName: string;
  /** Folder of the video relative to its storage folder ('' at the root). */
  folder: string;
  storageFolder: string;
  state: RecordingState;
  /** Why the recording is in its state, in words. */
  reason: string;
  /** Event date parsed from the file name, YYYY-MM-DD. */
  eventDate: string | null;
  durationSec: number | null;
  sizeBytes: number;
  captionFormat: CaptionSourceFormat | null;
  hasSummary: boolean;
  link: RecordingLink | null;
  /** The best suggestion's show and score, when not linked. */
  topSuggestion: { showId: number; title: string; score: number } | null;
  /** The video was not found by the last scan (moved away or its share is offline). */
  missing: boolean;
  updatedAt: string;
}

export interface CaptionDiagnosticView {
  severity: 'error' | 'warning';
  message: string;
  line: number | null;
  word: number | null;
}

export interface RecordingFile {
  path: string;
  sizeBytes: number;
  modifiedAt: string;
}

export interface LinkSuggestionView {
  showId: number;
  title: string;
  eventDate: string | null;
  totalRunTime: number | null;
  score: number;
  method: 'file-key' | 'suggestion';
  isCertain: boolean;
  reasons: string[];
}

export interface DraftChapter {
  /** Seconds from the start of the video. */
  offsetSec: number;
  title: string;
}

/**
 * The show fields a draft sets beyond its titles, description, tags and chapters. A field left out
 * is left as the show has it on Cablecast.
 */
export interface DraftShowFields {
  categoryId?: number | null;
  producerId?: number | null;
  projectId?: number | null;
  /** One of the show's `thumbnailOptions`. */
  thumbnailId?: number | null;
  /** Only the custom fields the draft changes. */
  customFields?: ShowFieldValue[];
}

export interface RecordingDraft {
  title: string;
  cgTitle: string;
  description: string;
  tags: string[];
  chapters: DraftChapter[];
  /** Where the chapters came from. */
  chaptersSource: 'summary' | 'agenda' | 'manual' | 'none';
  updatedAt: string | null;
  /** Things the proposal could not do (no timestamps in the summary, agenda items not found…). */
  notes: string[];
  fields: DraftShowFields;
  /**
   * The linked show's metadata when the draft was saved: a publish changes a field only while
   * Cablecast still has this copy of it. Null before the first save of a linked recording.
   */
  base: ShowMetadata | null;
  /**
   * When a person approved the draft for auto-publish (ISO); null when not approved. Saving the
   * draft keeps or clears it as the save says.
   */
  approvedAt: string | null;
}

export interface RecordingDetail extends RecordingRow {
  video: RecordingFile;
  caption: (RecordingFile & { format: CaptionSourceFormat }) | null;
  summary: (RecordingFile & { format: SummarySourceFormat }) | null;
  /** Start timecode of the video (e.g. `01:00:00;00`), from ffprobe. */
  startTimecode: string | null;
  frameRate: number | null;
  /** What could not be read about the video, in words (no ffprobe, not a video…). */
  probeProblem: string | null;
  captionDiagnostics: CaptionDiagnosticView[];
  captionCueCount: number;
  suggestions: LinkSuggestionView[];
  suggestionNotes: string[];
  summaryText: string | null;
  draft: RecordingDraft;
  /** The linked show's metadata and what it may be set to; null when unlinked or not synced. */
  show: ShowMetadataView | null;
}

export interface TranscriptCue {
  startSec: number;
  endSec: number;
  text: string;
}

export interface CaptionPreview {
  /** WebVTT for the `<track>`; null when the captions do not decode. */
  vtt: string | null;
  cues: TranscriptCue[];
  diagnostics: CaptionDiagnosticView[];
}

const RecordingIdInput = z.object({ id: z.number().int().positive() }).strict();
const folderPath = z
  .string()
  .trim()
  .min(1, 'Type the folder path.')
  .max(4096, 'The path is longer than 4096 characters.');

export const LibraryListSchema = z
  .object({
    states: z.array(z.enum(RECORDING_STATES)).max(RECORDING_STATES.length).default([]),
    text: z.string().max(500).default(''),
  })
  .strict();

const DraftChapterSchema = z
  .object({
    offsetSec: z.number().finite().min(0, 'A chapter cannot start before the video.'),
    title: z.string().trim().min(1, 'A chapter needs a title.').max(200),
  })
  .strict();

const lookupId = z.number().int().positive().nullable();
const DraftShowFieldsSchema = z
  .object({
    categoryId: lookupId.optional(),
    producerId: lookupId.optional(),
    projectId: lookupId.optional(),
    thumbnailId: lookupId.optional(),
    customFields: z
      .array(
        z
          .object({
            showField: z.number().int().positive(),
            value: z.union([z.string().max(4000), z.number().finite(), z.null()]),
          })
          .strict(),
      )
      .max(100)
      .optional(),
  })
  .strict();

export const DraftSaveSchema = z
  .object({
    id: z.number().int().positive(),
    title: z.string().max(255),
    cgTitle: z.string().max(255),
    description: z.string().max(20_000),
    tags: z.array(z.string().trim().min(1).max(64)).max(50),
    chapters: z.array(DraftChapterSchema).max(500),
    chaptersSource: z.enum(['summary', 'agenda', 'manual', 'none']),
    fields: DraftShowFieldsSchema.default({}),
    /** Approved for auto-publish (where the station requires approval). */
    approved: z.boolean().default(false),
  })
  .strict();

export const DraftProposeSchema = z.discriminatedUnion('source', [
  z.object({ id: z.number().int().positive(), source: z.literal('summary') }).strict(),
  z
    .object({
      id: z.number().int().positive(),
      source: z.literal('agenda'),
      agenda: z.string().trim().min(1, 'Paste the agenda first.').max(100_000),
    })
    .strict(),
]);

export const libraryInputs = {
  RecordingIdInput,
  FolderInput: z.object({ path: folderPath }).strict(),
  LinkInput: z
    .object({ id: z.number().int().positive(), showId: z.number().int().positive() })
    .strict(),
  ScheduleInput: z.object({ rescanIntervalSec: z.number().int().min(10).max(86_400) }).strict(),
};

/** Payload of `transcription.completed`: a recording became ready (valid captions and a summary). */
export interface TranscriptionCompleted {
  recordingId: number;
  fileName: string;
  videoPath: string;
  captionPath: string;
  summaryPath: string;
  showId: number | null;
  completedAt: string;
  /** Seconds, when the video could be read. */
  durationSec: number | null;
}
