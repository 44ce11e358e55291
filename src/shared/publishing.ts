import { z } from 'zod';

/**
 * Publishing a linked recording to Cablecast VOD: the steps of one publish, the queue's jobs as the
 * screens show them, the batch's plan and settings, and the inputs of the `publish.` methods.
 */

/** The steps of one publish, in order; each is its own intent with its own reconcile by lookup. */
export const PUBLISH_STEPS = [
  'check',
  'metadata',
  'video',
  'captions',
  'vod',
  'chapters',
  'transcode',
] as const;
export type PublishStep = (typeof PUBLISH_STEPS)[number];

export const PUBLISH_STEP_LABELS: Record<PublishStep, string> = {
  check: 'Checking locally',
  metadata: 'Updating the show',
  video: 'Uploading the video',
  captions: 'Adding the captions',
  vod: 'Making sure the show has a VOD',
  chapters: 'Writing chapters',
  transcode: 'Waiting for transcoding',
};

/**
 * A job's state. `unknown`: the app stopped while a step was in flight; the step is looked up on
 * the server before anything is sent again. `failed` waits for a person (retry, check on server,
 * mark done).
 */
export const PUBLISH_JOB_STATES = [
  'queued',
  'running',
  'unknown',
  'done',
  'failed',
  'cancelled',
] as const;
export type PublishJobState = (typeof PUBLISH_JOB_STATES)[number];

export type PublishStepState = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface PublishStepView {
  step: PublishStep;
  state: PublishStepState;
  startedAt: string | null;
  finishedAt: string | null;
  /** What the step did or found, in words ("uploaded 1.2 GB in 240 chunks", "VOD 1207 exists"). */
  detail: string | null;
  /** The server's ids this step made or found: `fileUpload`, `asset`, `vod`, `chapters`… */
  remoteIds: Record<string, number | number[]>;
}

export interface PublishProgress {
  /** 0..100 while the video or captions upload; null otherwise. */
  uploadPercent: number | null;
  /** 0..100 while Cablecast transcodes; null otherwise. */
  transcodePercent: number | null;
}

export interface PublishedVod {
  vodId: number;
  url: string | null;
  embedCode: string | null;
  state: string;
}

/** One job of the queue, as the Publish queue screen lists it. */
export interface PublishJobRow {
  id: number;
  recordingId: number;
  fileName: string;
  showId: number;
  showTitle: string | null;
  state: PublishJobState;
  /** The step in flight or last run; null before the first. */
  step: PublishStep | null;
  progress: PublishProgress;
  attempts: number;
  /** Why it failed or is retrying, in words. */
  lastError: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  batchId: string | null;
  position: number;
  vod: PublishedVod | null;
  /** Who queued it: an operator, or auto-publish at its scheduled time. */
  origin: PublishOrigin;
  /** The person or token that started it (`Olivia Operator`, `token "playout script"`). */
  requestedBy: string | null;
}

export type PublishOrigin = 'operator' | 'auto';

/** What one auto-publish run did. */
export interface AutoPublishResult {
  /** Recordings queued, in batches of the publishing concurrency (VOD_BATCH_SIZE). */
  queued: number;
  batchIds: string[];
  /** Ready recordings left out because a publish of them exists (queued, running, failed or done). */
  alreadyQueued: number;
}

export interface PublishOptions {
  /** The VOD configuration of the show's location; null picks the location's. */
  vodConfigurationId: number | null;
  /** A VOD transcode quality id; null is the server's default ("Auto"). */
  quality: number | null;
  captions: boolean;
  chapters: boolean;
  /** Tags added to the draft's own. */
  tagsToAdd: string[];
}

export interface PublishJobDetail extends PublishJobRow {
  options: PublishOptions;
  steps: PublishStepView[];
}

/** What publishing one recording will do, or why it cannot. */
export interface PublishPlanItem {
  recordingId: number;
  fileName: string;
  showId: number | null;
  showTitle: string | null;
  /** Null when it can be published; otherwise why not, in words. */
  refused: string | null;
  /** What will happen: "metadata: title, description, 4 tags", "upload 1.2 GB", "captions (SCC from SRT)", "5 chapters". */
  actions: string[];
  /** What is missing but does not stop it ("no chapters in the draft"). */
  missing: string[];
  /** Already queued or running: enqueueing again joins that job. */
  queuedJobId: number | null;
}

export interface VodQualityOption {
  id: number;
  /** The server's name ("720p"), or "Quality {id}" when it gave none. */
  name: string;
}

export interface VodConfigurationOption {
  id: number;
  name: string;
  locationId: number | null;
  /** The transcode qualities it offers, in the server's order; empty when none are known. */
  qualities: VodQualityOption[];
  /** The quality its VODs get when none is asked for; null: the server decides. */
  defaultQuality: number | null;
}

/**
 * The qualities a batch may ask for with this configuration choice: the configuration's own, or,
 * when the show's location decides (null), those every known configuration offers, so the choice
 * holds whichever one is used. Anything else must be null ("Auto").
 */
export function qualitiesFor(
  configurations: readonly VodConfigurationOption[],
  vodConfigurationId: number | null,
): VodQualityOption[] {
  if (vodConfigurationId !== null) {
    return configurations.find((c) => c.id === vodConfigurationId)?.qualities ?? [];
  }
  const [first, ...others] = configurations;
  if (!first) return [];
  return first.qualities.filter((q) =>
    others.every((c) => c.qualities.some((other) => other.id === q.id)),
  );
}

export interface PublishPlan {
  items: PublishPlanItem[];
  options: PublishOptions;
  vodConfigurations: VodConfigurationOption[];
}

export interface PublishQueueStatus {
  paused: boolean;
  counts: Record<PublishJobState, number>;
}

export interface PublishBatchView {
  id: string;
  createdAt: string;
  rows: PublishJobRow[];
  /** Recordings left out when the batch was made, with the reason. */
  skipped: { recordingId: number; fileName: string; reason: string }[];
}

/** A VOD went live (the tray notification, the webhook `vod.published`). */
export interface VodPublished {
  jobId: number;
  recordingId: number;
  showId: number;
  showTitle: string | null;
  vod: PublishedVod;
  publishedAt: string;
}

/** A publish failed for good: it waits for a person. */
export interface PublishFailed {
  jobId: number;
  recordingId: number;
  showId: number;
  showTitle: string | null;
  reason: string;
  failedAt: string;
}

const Id = z.number().int().positive();

export const PublishOptionsSchema = z
  .object({
    vodConfigurationId: Id.nullable(),
    quality: Id.nullable(),
    captions: z.boolean(),
    chapters: z.boolean(),
    tagsToAdd: z.array(z.string().trim().min(1).max(64)).max(20),
  })
  .strict();

export const publishingInputs = {
  /** Plan for recordings (the Transcriptions list) or for shows (the Shows list: their linked recordings). */
  PlanInput: z
    .object({
      recordingIds: z.array(Id).max(1000).default([]),
      showIds: z.array(Id).max(1000).default([]),
    })
    .strict(),
  EnqueueInput: z
    .object({
      recordingIds: z.array(Id).min(1, 'Choose at least one recording.').max(1000),
      options: PublishOptionsSchema.partial().strict().default({}),
    })
    .strict(),
  ListInput: z
    .object({
      states: z.array(z.enum(PUBLISH_JOB_STATES)).default([]),
      batchId: z.string().max(64).nullable().default(null),
      recordingId: Id.nullable().default(null),
    })
    .strict(),
  JobIdInput: z.object({ id: Id }).strict(),
  MarkDoneInput: z.object({ id: Id, note: z.string().max(500).default('') }).strict(),
  ReorderInput: z.object({ id: Id, beforeId: Id.nullable() }).strict(),
  BatchInput: z.object({ batchId: z.string().min(1).max(64) }).strict(),
};
