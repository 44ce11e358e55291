import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/*
 * The publish queue's own tables. Its jobs are rows of the job runner's `jobs` table (kind
 * `publish`); these hold what the queue adds: batches, the queue's pause, and the durable record
 * of each VOD that went live (the webhook outbox delivers `vod.published` from it). drizzle-kit
 * reads every `*.schema.ts` under src/main (see drizzle.config.ts).
 */

/** A batch: the recordings an operator published together, and those left out with why. */
export const publishBatches = sqliteTable('publish_batches', {
  id: text('id').primaryKey(),
  /** ISO 8601 UTC. */
  createdAt: text('created_at').notNull(),
  /** `[{ recordingId, fileName, reason }]`: refused when the batch was made. */
  skipped: text('skipped', { mode: 'json' })
    .$type<{ recordingId: number; fileName: string; reason: string }[]>()
    .notNull(),
});

/** Which jobs a batch holds (a recording published again joins a later batch too). */
export const publishBatchJobs = sqliteTable(
  'publish_batch_jobs',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => publishBatches.id, { onDelete: 'cascade' }),
    jobId: integer('job_id').notNull(),
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.jobId] }),
    index('publish_batch_jobs_job_idx').on(t.jobId),
  ],
);

/** One row (id 1): whether the queue is paused, so a pause survives a restart. */
export const publishQueueState = sqliteTable('publish_queue_state', {
  id: integer('id').primaryKey(),
  paused: integer('paused', { mode: 'boolean' }).notNull(),
});

/**
 * A VOD that went live, written in the same transaction that marks its recording published: the
 * durable `vod published` record. `notifiedAt` is set once the webhook outbox has taken it.
 */
export const vodPublications = sqliteTable(
  'vod_publications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id').notNull(),
    recordingId: integer('recording_id').notNull(),
    showId: integer('show_id').notNull(),
    vodId: integer('vod_id').notNull(),
    url: text('url'),
    embedCode: text('embed_code'),
    vodState: text('vod_state').notNull(),
    /** ISO 8601 UTC. */
    publishedAt: text('published_at').notNull(),
    notifiedAt: text('notified_at'),
  },
  (t) => [
    index('vod_publications_job_idx').on(t.jobId),
    index('vod_publications_recording_idx').on(t.recordingId),
  ],
);

/**
 * Each time a publish failed for good (it waited for a person), kept after a retry succeeds: the
 * failures the Analytics screen counts and groups by reason. The job and the time it failed (its
 * `finished_at`) make the key, so the start-up sweep and the live path cannot write one twice.
 */
export const publishFailures = sqliteTable(
  'publish_failures',
  {
    jobId: integer('job_id').notNull(),
    /** Its attempts when it failed (a retry starts them again). */
    attempts: integer('attempts').notNull(),
    recordingId: integer('recording_id').notNull(),
    showId: integer('show_id').notNull(),
    /** The step it failed at (`video`, `vod`...), null when it failed before the first. */
    step: text('step'),
    /** `unreached`, `rejected`, `ambiguous`, `refused`, or null. */
    errorClass: text('error_class'),
    reason: text('reason').notNull(),
    /** ISO 8601 UTC: the job's `finished_at`, so a later failure of the same job is another row. */
    failedAt: text('failed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.failedAt] }),
    index('publish_failures_at_idx').on(t.failedAt),
  ],
);
