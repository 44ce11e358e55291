import type { Statement } from 'better-sqlite3';
import { and, asc, eq, inArray, max, min, notInArray, sql } from 'drizzle-orm';
import { AppError } from '../../shared/result';
import type { AppDatabase, AppDb } from '../db/database';
import {
  jobs,
  TERMINAL_STATES,
  type JobErrorClass,
  type JobRow,
  type JobState,
} from './jobs.schema';

/** A job as the runner and its callers see it: the row, with its JSON columns typed. */
export type Job<P = unknown, C = unknown> = Omit<JobRow, 'payload' | 'checkpoint'> & {
  payload: P;
  checkpoint: C | null;
};

/** Who holds a running job: the owner and the attempt, which together name one claim. */
export interface Claim {
  owner: string;
  attempt: number;
}

export interface NewJob {
  kind: string;
  key: string;
  payload: unknown;
  maxAttempts: number;
  runAfter: number;
  correlation: string;
  now: number;
  /** Put a finished job with this kind and key back in the queue (with this payload). */
  rerun: boolean;
}

/** How an attempt ended, to be written if the claim is still the holder's. */
export interface Outcome {
  state: Exclude<JobState, 'running'>;
  runAfter?: number;
  lastError: string | null;
  errorClass: JobErrorClass | null;
}

export type ReorderTarget = { before: number } | { position: number };

/** Running rows whose lease ran out, and what became of them. */
export interface Expired {
  id: number;
  kind: string;
  state: 'unknown' | 'failed' | 'cancelled';
}

/*
 * The two reads made on every pass of a runner, as literal SQL: SQLite uses a partial index only
 * when it can prove the query's WHERE implies the index's, which it cannot with the states bound
 * as parameters (as drizzle would bind them).
 */

/** The next due job of a kind, in claim order: walks `jobs_claim_idx`, never sorts. */
export const CLAIM_SQL = `SELECT id, state FROM jobs
  WHERE kind = ? AND state IN ('queued', 'unknown') AND run_after <= ?
  ORDER BY position, id LIMIT 1`;

/** Running jobs whose lease ran out: reads only running rows (`jobs_state_idx`). */
export const EXPIRED_SQL = `SELECT id, kind, attempts, max_attempts AS maxAttempts,
    cancel_requested AS cancelRequested
  FROM jobs WHERE state = 'running' AND lease_until < ?`;

const NEXT_LEASE_SQL = `SELECT min(lease_until) FROM jobs WHERE state = 'running'`;

function notFound(id: number): AppError {
  return new AppError('NOT_FOUND', `There is no job ${id}; it may have been removed.`);
}

/** The state a failed or cancelled job goes back to: a maybe-committed attempt reconciles first. */
function retryState(row: JobRow): 'queued' | 'unknown' {
  return row.errorClass === 'ambiguous' ? 'unknown' : 'queued';
}

/**
 * The jobs table. Every method is synchronous and its own short transaction; the ones that read
 * and then write run in `BEGIN IMMEDIATE`, so two runners on one file never act on the same read.
 * Writes made on behalf of a running attempt name its claim (owner and attempt number) and change
 * nothing once that claim has been lost (its lease ran out and someone else took over).
 */
export class JobsRepo {
  private readonly db: AppDb;
  private readonly sqlite: AppDatabase['sqlite'];
  private readonly nextDue: Statement<[string, number]>;
  private readonly expired: Statement<[number]>;
  private readonly nextLease: Statement<[]>;

  constructor(database: Pick<AppDatabase, 'db' | 'sqlite'>) {
    this.db = database.db;
    this.sqlite = database.sqlite;
    this.nextDue = this.sqlite.prepare(CLAIM_SQL);
    this.expired = this.sqlite.prepare(EXPIRED_SQL);
    this.nextLease = this.sqlite.prepare(NEXT_LEASE_SQL).pluck();
  }

  private immediate<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  get<P = unknown, C = unknown>(id: number): Job<P, C> | null {
    return (this.db.select().from(jobs).where(eq(jobs.id, id)).get() as Job<P, C>) ?? null;
  }

  find(kind: string, key: string): Job | null {
    return (
      this.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, kind), eq(jobs.key, key)))
        .get() ?? null
    );
  }

  /** In claim order (position, then id). */
  list(filter: { kinds?: readonly string[]; states?: readonly JobState[]; limit?: number }): Job[] {
    const conditions = [
      filter.kinds ? inArray(jobs.kind, [...filter.kinds]) : undefined,
      filter.states ? inArray(jobs.state, [...filter.states]) : undefined,
    ];
    return this.db
      .select()
      .from(jobs)
      .where(and(...conditions))
      .orderBy(asc(jobs.position), asc(jobs.id))
      .limit(filter.limit ?? -1)
      .all();
  }

  /**
   * Adds a job, or returns the one with that kind and key: as it is, or (when asked to rerun a
   * finished one) back in the queue with the new payload.
   */
  enqueue(job: NewJob): { job: Job; created: boolean } {
    return this.immediate(() => {
      const existing = this.find(job.kind, job.key);
      if (existing) {
        if (!job.rerun || !TERMINAL_STATES.includes(existing.state)) {
          return { job: existing, created: false };
        }
        this.db
          .update(jobs)
          .set({
            // A job that finished starts over; one that failed or was cancelled resumes from its
            // checkpoint, reconciling first if its last attempt may have reached the server.
            ...(existing.state === 'done'
              ? { state: 'queued' as const, checkpoint: null }
              : { state: retryState(existing) }),
            payload: job.payload,
            attempts: 0,
            maxAttempts: job.maxAttempts,
            runAfter: job.runAfter,
            lastError: null,
            errorClass: null,
            note: null,
            cancelRequested: false,
            progress: null,
            finishedAt: null,
            updatedAt: job.now,
          })
          .where(eq(jobs.id, existing.id))
          .run();
        return { job: this.get(existing.id)!, created: false };
      }
      const row = this.db
        .insert(jobs)
        .values({
          kind: job.kind,
          key: job.key,
          state: 'queued',
          attempts: 0,
          maxAttempts: job.maxAttempts,
          runAfter: job.runAfter,
          payload: job.payload ?? null,
          position: sql`(SELECT coalesce(max(${jobs.position}), 0) + 1 FROM ${jobs})`,
          correlation: job.correlation,
          createdAt: job.now,
          updatedAt: job.now,
        })
        .returning()
        .get() as Job;
      return { job: row, created: true };
    });
  }

  /**
   * Takes the first due job of the kind, in claim order, for `owner`: it becomes running with a
   * lease and one more attempt. `recovering` says it was unknown: its last attempt may have
   * reached the server.
   */
  claim(
    kind: string,
    owner: string,
    now: number,
    leaseMs: number,
  ): { job: Job; recovering: boolean } | null {
    return this.immediate(() => {
      const next = this.nextDue.get(kind, now) as { id: number; state: JobState } | undefined;
      if (!next) return null;
      const job = this.db
        .update(jobs)
        .set({
          state: 'running',
          attempts: sql`${jobs.attempts} + 1`,
          leaseOwner: owner,
          leaseUntil: now + leaseMs,
          cancelRequested: false,
          updatedAt: now,
        })
        .where(eq(jobs.id, next.id))
        .returning()
        .get() as Job;
      return { job, recovering: next.state === 'unknown' };
    });
  }

  private held(id: number, claim: Claim) {
    return and(
      eq(jobs.id, id),
      eq(jobs.state, 'running'),
      eq(jobs.leaseOwner, claim.owner),
      eq(jobs.attempts, claim.attempt),
    );
  }

  /** False when the claim was lost: the caller must stop working on the job. */
  renew(id: number, claim: Claim, leaseUntil: number, now: number): boolean {
    return (
      this.db.update(jobs).set({ leaseUntil, updatedAt: now }).where(this.held(id, claim)).run()
        .changes > 0
    );
  }

  /** A durable record of the handler's progress; false when the claim was lost. */
  checkpoint(id: number, claim: Claim, checkpoint: unknown, now: number): boolean {
    return (
      this.db
        .update(jobs)
        .set({ checkpoint: checkpoint ?? null, updatedAt: now })
        .where(this.held(id, claim))
        .run().changes > 0
    );
  }

  progress(id: number, claim: Claim, progress: unknown, now: number): boolean {
    return (
      this.db
        .update(jobs)
        .set({ progress: progress ?? null, updatedAt: now })
        .where(this.held(id, claim))
        .run().changes > 0
    );
  }

  /** Writes how the attempt ended and releases the lease; false when the claim was lost. */
  finish(id: number, claim: Claim, outcome: Outcome, now: number): boolean {
    const terminal = TERMINAL_STATES.includes(outcome.state);
    return (
      this.db
        .update(jobs)
        .set({
          state: outcome.state,
          lastError: outcome.lastError,
          errorClass: outcome.errorClass,
          leaseOwner: null,
          leaseUntil: null,
          cancelRequested: false,
          updatedAt: now,
          finishedAt: terminal ? now : null,
          ...(outcome.runAfter === undefined ? {} : { runAfter: outcome.runAfter }),
        })
        .where(this.held(id, claim))
        .run().changes > 0
    );
  }

  /** Whether someone asked to cancel this running job (seen by a runner that missed the call). */
  cancelRequested(id: number): boolean {
    return (
      this.db.select({ value: jobs.cancelRequested }).from(jobs).where(eq(jobs.id, id)).get()
        ?.value === true
    );
  }

  /**
   * Running jobs whose lease ran out (their runner died or hung) become unknown, due after the
   * quarantine of their kind; one whose cancel was asked for becomes cancelled; one already at
   * its last attempt becomes failed, so that a job that kills its process cannot loop for ever.
   */
  expireLeases(now: number, quarantineMs: (kind: string) => number): Expired[] {
    return this.immediate(() => {
      const rows = this.expired.all(now) as {
        id: number;
        kind: string;
        attempts: number;
        maxAttempts: number;
        cancelRequested: 0 | 1;
      }[];
      return rows.map((row): Expired => {
        const base = {
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: now,
          errorClass: 'ambiguous' as const,
        };
        if (row.cancelRequested === 1) {
          this.db
            .update(jobs)
            .set({
              ...base,
              state: 'cancelled',
              cancelRequested: false,
              finishedAt: now,
              lastError:
                'Cancelled while it ran, and the app stopped before the attempt ended: what it was doing may have reached the server.',
            })
            .where(eq(jobs.id, row.id))
            .run();
          return { id: row.id, kind: row.kind, state: 'cancelled' };
        }
        if (row.attempts >= row.maxAttempts) {
          this.db
            .update(jobs)
            .set({
              ...base,
              state: 'failed',
              finishedAt: now,
              lastError: `The app stopped during attempt ${row.attempts} of ${row.maxAttempts}, the last one: what it was doing may have reached the server. Check on the server, then retry or mark it done.`,
            })
            .where(eq(jobs.id, row.id))
            .run();
          return { id: row.id, kind: row.kind, state: 'failed' };
        }
        this.db
          .update(jobs)
          .set({
            ...base,
            state: 'unknown',
            runAfter: now + quarantineMs(row.kind),
            lastError:
              'The app stopped while this job ran; it will check on the server before going on.',
          })
          .where(eq(jobs.id, row.id))
          .run();
        return { id: row.id, kind: row.kind, state: 'unknown' };
      });
    });
  }

  /** Deletes a kind's finished jobs but the newest `keep` (history that only grows, pruned). */
  prune(kind: string, keep: number): number {
    return this.sqlite
      .prepare(
        `DELETE FROM jobs WHERE kind = ? AND state IN ('done', 'failed', 'cancelled')
           AND id NOT IN (SELECT id FROM jobs WHERE kind = ? AND state IN ('done', 'failed', 'cancelled')
                          ORDER BY id DESC LIMIT ?)`,
      )
      .run(kind, kind, keep).changes;
  }

  /** The earliest time a waiting job of these kinds is due, or a running lease runs out. */
  nextWake(kinds: readonly string[]): number | null {
    if (kinds.length === 0) return null;
    const due = this.db
      .select({ at: min(jobs.runAfter) })
      .from(jobs)
      .where(and(sql`${jobs.state} IN ('queued', 'unknown')`, inArray(jobs.kind, [...kinds])))
      .get()?.at;
    const lease = this.nextLease.get() as number | null;
    const times = [due, lease].filter((t): t is number => typeof t === 'number');
    return times.length === 0 ? null : Math.min(...times);
  }

  /**
   * Cancels a job that is not running (a waiting, unknown or failed one); a running one is only
   * marked, and ends cancelled when its handler returns. Returns which of the two happened.
   */
  cancel(id: number, now: number): 'cancelled' | 'requested' {
    return this.immediate(() => {
      const row = this.get(id);
      if (!row) throw notFound(id);
      if (row.state === 'running') {
        this.db
          .update(jobs)
          .set({ cancelRequested: true, updatedAt: now })
          .where(eq(jobs.id, id))
          .run();
        return 'requested';
      }
      if (row.state === 'done' || row.state === 'cancelled') {
        throw new AppError(
          'FAILED_PRECONDITION',
          `Job ${id} is already ${row.state}; there is nothing to cancel.`,
        );
      }
      this.db
        .update(jobs)
        .set({ state: 'cancelled', finishedAt: now, updatedAt: now })
        .where(eq(jobs.id, id))
        .run();
      return 'cancelled';
    });
  }

  /** A failed or cancelled job back in the queue, with its attempts counted afresh. */
  retry(id: number, now: number): Job {
    return this.immediate(() => {
      const row = this.get(id);
      if (!row) throw notFound(id);
      if (row.state !== 'failed' && row.state !== 'cancelled') {
        throw new AppError(
          'FAILED_PRECONDITION',
          `Job ${id} is ${row.state}; only a failed or cancelled job can be retried.`,
        );
      }
      this.db
        .update(jobs)
        .set({
          state: retryState(row),
          attempts: 0,
          runAfter: now,
          lastError: null,
          errorClass: null,
          cancelRequested: false,
          finishedAt: null,
          updatedAt: now,
        })
        .where(eq(jobs.id, id))
        .run();
      return this.get(id)!;
    });
  }

  /** A person says the work is done (checked on the server, or done by hand). */
  markDone(id: number, note: string, now: number): Job {
    return this.immediate(() => {
      const row = this.get(id);
      if (!row) throw notFound(id);
      if (row.state === 'running') {
        throw new AppError(
          'FAILED_PRECONDITION',
          `Job ${id} is running; cancel it, or wait for it to end, before marking it done.`,
        );
      }
      if (row.state === 'done') return row;
      this.db
        .update(jobs)
        .set({
          state: 'done',
          note,
          cancelRequested: false,
          finishedAt: now,
          updatedAt: now,
        })
        .where(eq(jobs.id, id))
        .run();
      return this.get(id)!;
    });
  }

  /**
   * Moves a job within its kind's unfinished jobs: before another one, or to a place (0 first).
   * The kind's unfinished jobs are renumbered in their new order, after every position in use,
   * so the move is exact however often it is done and keeps them after finished history.
   */
  reorder(id: number, target: ReorderTarget, now: number): void {
    this.immediate(() => {
      const row = this.get(id);
      if (!row) throw notFound(id);
      if (TERMINAL_STATES.includes(row.state)) {
        throw new AppError(
          'FAILED_PRECONDITION',
          `Job ${id} is ${row.state}; only unfinished jobs have a place in the queue.`,
        );
      }
      const order = this.db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.kind, row.kind), notInArray(jobs.state, [...TERMINAL_STATES])))
        .orderBy(asc(jobs.position), asc(jobs.id))
        .all()
        .map((r) => r.id)
        .filter((other) => other !== id);
      let place: number;
      if ('before' in target) {
        place = order.indexOf(target.before);
        if (place < 0) {
          throw new AppError(
            'FAILED_PRECONDITION',
            `Job ${target.before} is not an unfinished job of the same kind as job ${id}.`,
          );
        }
      } else {
        place = Math.max(0, Math.min(order.length, Math.trunc(target.position)));
      }
      order.splice(place, 0, id);
      const base =
        this.db
          .select({ top: max(jobs.position) })
          .from(jobs)
          .get()?.top ?? 0;
      order.forEach((jobId, i) => {
        this.db
          .update(jobs)
          .set({ position: base + 1 + i, updatedAt: now })
          .where(eq(jobs.id, jobId))
          .run();
      });
    });
  }
}
