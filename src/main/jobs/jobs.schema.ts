import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/*
 * The durable job runner's one table. Every kind of background work that must survive a restart
 * (publishing, scheduled runs, webhook deliveries) is a row here, told apart by `kind`. Times are
 * epoch milliseconds: the claim compares them with `<=` on every pass.
 */

export const JOB_STATES = [
  /** Waiting for `run_after`, then for a free slot of its kind. */
  'queued',
  /** Claimed: a runner holds the lease and its handler is working. */
  'running',
  /**
   * Its last attempt may or may not have reached the server (the app died holding the lease, or
   * the attempt ended ambiguously). It is run again only after `run_after` (the quarantine), and
   * its handler must first find out by lookup what the attempt left behind.
   */
  'unknown',
  'done',
  /** Out of attempts, or refused: waits for a person (retry, check on server, mark done). */
  'failed',
  'cancelled',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States a job does not leave by itself. */
export const TERMINAL_STATES: readonly JobState[] = ['done', 'failed', 'cancelled'];

/**
 * How an attempt failed, as in the exactly-once protocol:
 * - `unreached`: provably never reached the server (connection refused, DNS): retry freely.
 * - `rejected`: the server answered that it did nothing (503, 429): retry, after Retry-After.
 * - `ambiguous`: the request may have committed (a timeout or a reset after the body was sent):
 *   reconcile by lookup before anything is sent again.
 * - `refused`: the server refused it for good (a 4xx validation error): no retry.
 */
export const JOB_ERROR_CLASSES = ['unreached', 'rejected', 'ambiguous', 'refused'] as const;
export type JobErrorClass = (typeof JOB_ERROR_CLASSES)[number];

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What runs it: the handler registered under this name (`publish`, `webhook`, ...). */
    kind: text('kind').notNull(),
    /** The item and action it is about, unique within its kind: enqueueing twice is a no-op. */
    key: text('key').notNull(),
    state: text('state').$type<JobState>().notNull(),
    /** Claims so far (each claim is one attempt, a reconciling one included). */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** Not claimed before this time: backoff after a retryable error, quarantine after an unknown. */
    runAfter: integer('run_after').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    /** Set while running when someone cancelled it: a lease found expired then ends it cancelled. */
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    /** The last error, in words a person can act on. */
    lastError: text('last_error'),
    errorClass: text('error_class').$type<JobErrorClass>(),
    /** What a person said when they resolved it by hand (mark done). */
    note: text('note'),
    payload: text('payload', { mode: 'json' }).notNull(),
    /** What the handler has durably recorded of its progress: the step in flight, remote ids. */
    checkpoint: text('checkpoint', { mode: 'json' }),
    /** For the screen only (percentages, the step's name); written throttled, not durable-critical. */
    progress: text('progress', { mode: 'json' }),
    /** Claim order within a kind (lower first, then id); changed by reordering. */
    position: integer('position').notNull(),
    /** Made at enqueue, the same on every attempt: for server-side lookups and the logs. */
    correlation: text('correlation').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_kind_key_unique').on(t.kind, t.key),
    // The claim walks a kind's waiting jobs in claim order and stops at the first one due; only
    // waiting rows are in it, so finished history never slows a claim down.
    index('jobs_claim_idx')
      .on(t.kind, t.position, t.id, t.runAfter)
      .where(sql`state in ('queued', 'unknown')`),
    // Lists by state in claim order, and the sweep for run-out leases (only running rows, few).
    index('jobs_state_idx').on(t.state, t.position, t.id),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
