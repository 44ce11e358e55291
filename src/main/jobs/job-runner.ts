import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppError } from '../../shared/result';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import { Rerunner, Throttle } from '../work';
import { backoffMs, classify, JobError, type Backoff } from './job-error';
import { JobsRepo, type Claim, type Job, type Outcome, type ReorderTarget } from './jobs.repo';
import type { JobState } from './jobs.schema';

/** What a handler is given for one attempt at one job. */
export interface JobContext<P = unknown, C = unknown> {
  /** The job as claimed (its attempt counted); `checkpoint` follows the handler's own writes. */
  readonly job: Job<P, C>;
  /**
   * Aborted when the job is cancelled, the runner stops, or the claim was lost (its lease ran out
   * and the job was taken over): stop before the next request. Its reason is a JobError.
   */
  readonly signal: AbortSignal;
  /**
   * True when the job's last attempt may have reached the server (the app died during it, or it
   * ended ambiguously). Before sending anything, find out by lookup what that attempt left
   * behind, starting from the step its checkpoint names.
   */
  readonly recovering: boolean;
  /**
   * Durably records what the handler has done so far (the step in flight, remote ids), in its
   * own transaction, before it returns: call it before each request whose outcome a restart must
   * know to reconcile. Throws (ambiguous) if the claim was lost.
   */
  checkpoint(data: C): void;
  /** Progress for the screen; throttled, and lost in a crash. */
  progress(data: unknown): void;
}

export interface JobHandler<P = unknown, C = unknown> {
  /** Returns when the work is done; throws a JobError (or anything, read as ambiguous) otherwise. */
  run(ctx: JobContext<P, C>): Promise<void>;
}

export interface KindOptions {
  /** Jobs of this kind running at once in this runner. Default 1. */
  concurrency?: number;
  /** Attempts before a job is failed and waits for a person. Default 5. */
  maxAttempts?: number;
  /** The wait between retryable attempts (see Backoff). Default exponential from 1 s to 5 min. */
  backoff?: Backoff;
  /** How long a claim holds without renewal; renewed every third of it. Default 60 s. */
  leaseMs?: number;
  /**
   * How long an unknown job waits before its reconcile: longer than the client's timeout plus the
   * server's slowest commit, so a request still in flight can no longer commit when the lookup is
   * made. Default 2 min.
   */
  quarantineMs?: number;
}

type KindSettings = Required<KindOptions>;

export interface EnqueueOptions {
  /** Not before this time (epoch ms). Default now. */
  runAfter?: number;
  /** Default: the kind's. */
  maxAttempts?: number;
  /**
   * When a finished job with this kind and key exists: put it back in the queue with this payload
   * (a done one starts over; a failed or cancelled one resumes from its checkpoint). Otherwise the
   * existing job is returned as it is.
   */
  rerun?: boolean;
  /**
   * False: do not look for work now. For an enqueue inside a caller's open transaction, which the
   * runner would otherwise claim (and start) before that transaction commits or rolls back; the
   * caller wakes the runner once it has.
   */
  wake?: boolean;
}

export interface JobRunnerOptions {
  database: Pick<AppDatabase, 'db' | 'sqlite'>;
  logger: Logger;
  /** Epoch ms. Tests pass a clock they advance (then call `wake()`). */
  now?: () => number;
  /** Names this runner's leases: unique per process. */
  owner?: string;
  /** The ids of jobs that changed, coalesced: a screen re-reads them. */
  onChange?: (jobIds: number[]) => void;
  /** For backoff jitter. */
  random?: () => number;
  /** Minimum time between change events. Default 100 ms. */
  changeIntervalMs?: number;
  /** Minimum time between a job's progress writes. Default 250 ms. */
  progressIntervalMs?: number;
  /** The longest the runner sleeps between looks at the table. Default 1 s. */
  pollMs?: number;
}

export const DEFAULT_KIND_OPTIONS: KindSettings = {
  concurrency: 1,
  maxAttempts: 5,
  backoff: { baseMs: 1_000, capMs: 5 * 60_000 },
  leaseMs: 60_000,
  quarantineMs: 2 * 60_000,
};

interface Kind {
  handler: JobHandler<never, never>;
  settings: KindSettings;
  paused: boolean;
  running: Set<number>;
}

interface Active {
  job: Job;
  kind: Kind;
  claim: Claim;
  controller: AbortController;
  /** Why it was interrupted, if it was: decides what an error from the handler means. */
  interrupted: 'cancel' | 'shutdown' | 'lease-lost' | null;
  done: Promise<void>;
}

/**
 * Runs durable jobs of registered kinds from the `jobs` table: claims in BEGIN IMMEDIATE, leases
 * renewed while a handler works, retries with backoff and jitter, unknown jobs reconciled after a
 * quarantine, failures left for a person. Knows nothing of what the jobs do.
 */
export class JobRunner {
  private readonly repo: JobsRepo;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly progressIntervalMs: number;
  private readonly pollMs: number;
  readonly owner: string;

  private readonly kinds = new Map<string, Kind>();
  private readonly active = new Map<number, Active>();
  private readonly pump: Rerunner;
  private readonly changed = new Set<number>();
  private readonly listeners = new Set<(jobIds: number[]) => void>();
  private readonly changes: Throttle;
  private wakeTimer: NodeJS.Timeout | null = null;
  private started = false;
  private disposed = false;
  private paused = false;

  constructor(options: JobRunnerOptions) {
    this.repo = new JobsRepo(options.database);
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.pollMs = options.pollMs ?? 1_000;
    if (options.onChange) this.listeners.add(options.onChange);
    this.changes = new Throttle(options.changeIntervalMs ?? 100, () => {
      if (this.changed.size === 0) return;
      const ids = [...this.changed];
      this.changed.clear();
      for (const listener of this.listeners) listener(ids);
    });
    this.pump = new Rerunner(
      () => this.pass(),
      (error) => this.logger.error('The job runner could not read its queue.', { error }),
    );
  }

  // ---- set-up ---------------------------------------------------------------------------------

  register<P, C>(kind: string, handler: JobHandler<P, C>, options: KindOptions = {}): void {
    if (this.kinds.has(kind)) {
      throw new AppError('INTERNAL', `The job kind "${kind}" is registered twice.`);
    }
    const settings: KindSettings = { ...DEFAULT_KIND_OPTIONS, ...options };
    checkConcurrency(kind, settings.concurrency);
    this.kinds.set(kind, {
      handler,
      settings,
      paused: false,
      running: new Set(),
    });
    this.request();
  }

  /**
   * Hears which jobs changed (coalesced, of every kind: a listener reads the ones it cares for).
   * Returns the unsubscribe.
   */
  subscribe(listener: (jobIds: number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts claiming; first turns the jobs a dead runner left running into unknown ones. */
  start(): void {
    if (this.disposed) return;
    this.started = true;
    this.request();
  }

  /**
   * Stops claiming, aborts the running handlers (their jobs are left to be reconciled at the next
   * start, unless a handler returns or says the server never saw its request), and waits for them.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.clearWake();
    await this.pump.stop();
    for (const active of this.active.values()) {
      this.interrupt(active, 'shutdown', 'The app is stopping.');
    }
    await Promise.all([...this.active.values()].map((active) => active.done));
    this.changes.flush();
    this.changes.cancel();
  }

  /** Looks at the table now (after the clock moved, or another process enqueued). */
  wake(): void {
    this.request();
  }

  // ---- control --------------------------------------------------------------------------------

  /** No new claims (of one kind, or of any); running jobs go on. */
  pause(kind?: string): void {
    if (kind === undefined) this.paused = true;
    else this.kindOf(kind).paused = true;
  }

  resume(kind?: string): void {
    if (kind === undefined) this.paused = false;
    else this.kindOf(kind).paused = false;
    this.request();
  }

  isPaused(kind?: string): boolean {
    return kind === undefined ? this.paused : this.kindOf(kind).paused;
  }

  /** Takes effect from the next retry. */
  setBackoff(kind: string, backoff: Backoff): void {
    this.kindOf(kind).settings.backoff = backoff;
  }

  /**
   * Stops the running jobs of a kind as if the app were stopping (their attempts are not spent): a
   * job whose request may have reached the server is looked up before it runs again. Returns how
   * many were running.
   */
  stopRunning(kind: string, words: string): number {
    let stopped = 0;
    for (const active of this.active.values()) {
      if (active.job.kind !== kind) continue;
      this.interrupt(active, 'shutdown', words);
      stopped += 1;
    }
    return stopped;
  }

  /** Takes effect at once: more slots are filled now; fewer means no new claims until below. */
  setConcurrency(kind: string, concurrency: number): void {
    checkConcurrency(kind, concurrency);
    this.kindOf(kind).settings.concurrency = concurrency;
    this.request();
  }

  enqueue<P>(
    kind: string,
    key: string,
    payload: P,
    options: EnqueueOptions = {},
  ): { job: Job<P>; created: boolean } {
    const settings = this.kindOf(kind).settings;
    const now = this.now();
    const result = this.repo.enqueue({
      kind,
      key,
      payload,
      maxAttempts: options.maxAttempts ?? settings.maxAttempts,
      runAfter: options.runAfter ?? now,
      correlation: randomUUID(),
      now,
      rerun: options.rerun ?? false,
    });
    if (result.created || options.rerun) {
      this.emit(result.job.id);
      if (options.wake !== false) this.request();
    }
    return result as { job: Job<P>; created: boolean };
  }

  /**
   * A waiting, unknown or failed job is cancelled at once; a running one is aborted through its
   * signal and ends cancelled when its handler returns (done, if it finished anyway).
   */
  cancel(id: number): void {
    const outcome = this.repo.cancel(id, this.now());
    const active = this.active.get(id);
    if (outcome === 'requested' && active) {
      this.interrupt(active, 'cancel', 'Cancelled by an operator.');
    }
    this.emit(id);
  }

  /** A failed or cancelled job back in the queue with fresh attempts. */
  retry(id: number): Job {
    const job = this.repo.retry(id, this.now());
    this.emit(id);
    this.request();
    return job;
  }

  markDone(id: number, note: string): Job {
    const job = this.repo.markDone(id, note, this.now());
    this.emit(id);
    return job;
  }

  reorder(id: number, target: ReorderTarget): void {
    this.repo.reorder(id, target, this.now());
    this.emit(id);
  }

  /** Keeps the newest `keep` finished jobs of a kind and deletes the older ones. */
  prune(kind: string, keep: number): number {
    return this.repo.prune(kind, keep);
  }

  /** The job of a kind with that key (finished ones included), if there is one. */
  find(kind: string, key: string): Job | null {
    return this.repo.find(kind, key);
  }

  get<P = unknown, C = unknown>(id: number): Job<P, C> | null {
    return this.repo.get<P, C>(id);
  }

  list(
    filter: { kinds?: readonly string[]; states?: readonly JobState[]; limit?: number } = {},
  ): Job[] {
    return this.repo.list(filter);
  }

  // ---- the loop -------------------------------------------------------------------------------

  private kindOf(kind: string): Kind {
    const found = this.kinds.get(kind);
    if (!found) throw new AppError('INVALID_ARGUMENT', `There is no job kind "${kind}".`);
    return found;
  }

  private request(): void {
    if (!this.started || this.disposed) return;
    void this.pump.request();
  }

  private emit(id: number): void {
    this.changed.add(id);
    this.changes.request();
  }

  private clearWake(): void {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** One look at the table: expire dead leases, fill free slots, and sleep until the next due. */
  private pass(): Promise<void> {
    if (!this.started || this.disposed) return Promise.resolve();
    this.clearWake();
    const now = this.now();
    const expired = this.repo.expireLeases(
      now,
      (kind) => this.kinds.get(kind)?.settings.quarantineMs ?? DEFAULT_KIND_OPTIONS.quarantineMs,
    );
    for (const row of expired) {
      this.logger.warn('A job was found running with its lease run out.', {
        jobId: row.id,
        kind: row.kind,
        now: row.state,
      });
      this.emit(row.id);
    }

    const open: string[] = [];
    if (!this.paused) {
      for (const [name, kind] of this.kinds) {
        if (kind.paused) continue;
        while (kind.running.size < kind.settings.concurrency) {
          const claimed = this.repo.claim(name, this.owner, this.now(), kind.settings.leaseMs);
          if (!claimed) break;
          this.launch(kind, claimed.job, claimed.recovering);
        }
        if (kind.running.size < kind.settings.concurrency) open.push(name);
      }
    }

    const next = this.repo.nextWake(open);
    const delay = next === null ? this.pollMs : Math.min(this.pollMs, next - this.now());
    this.wakeTimer = setTimeout(() => this.request(), Math.max(1, delay));
    this.wakeTimer.unref();
    return Promise.resolve();
  }

  private interrupt(active: Active, why: NonNullable<Active['interrupted']>, words: string): void {
    if (active.interrupted === null) active.interrupted = why;
    if (!active.controller.signal.aborted) active.controller.abort(JobError.ambiguous(words));
  }

  private launch(kind: Kind, job: Job, recovering: boolean): void {
    const claim: Claim = { owner: this.owner, attempt: job.attempts };
    const controller = new AbortController();
    const active: Active = {
      job,
      kind,
      claim,
      controller,
      interrupted: null,
      done: Promise.resolve(),
    };
    kind.running.add(job.id);
    this.active.set(job.id, active);
    this.emit(job.id);
    this.logger.debug('Job claimed.', {
      jobId: job.id,
      kind: job.kind,
      attempt: job.attempts,
      recovering,
      correlation: job.correlation,
    });

    const lost = (): void =>
      this.interrupt(active, 'lease-lost', 'This job was taken over after its lease ran out.');

    const renewal = setInterval(
      () => {
        try {
          const now = this.now();
          if (!this.repo.renew(job.id, claim, now + kind.settings.leaseMs, now)) lost();
          else if (this.repo.cancelRequested(job.id)) {
            this.interrupt(active, 'cancel', 'Cancelled by an operator.');
          }
        } catch (error) {
          this.logger.error('A job lease could not be renewed.', { jobId: job.id, error });
        }
      },
      Math.max(1, Math.floor(kind.settings.leaseMs / 3)),
    );
    renewal.unref();

    let pendingProgress: { data: unknown } | null = null;
    const writeProgress = (): void => {
      if (pendingProgress === null) return;
      const { data } = pendingProgress;
      pendingProgress = null;
      try {
        if (this.repo.progress(job.id, claim, data, this.now())) this.emit(job.id);
      } catch (error) {
        this.logger.warn('A job progress could not be written.', { jobId: job.id, error });
      }
    };
    const progress = new Throttle(this.progressIntervalMs, writeProgress);

    const ctx: JobContext = {
      job,
      signal: controller.signal,
      recovering,
      checkpoint: (data) => {
        if (!this.repo.checkpoint(job.id, claim, data, this.now())) {
          lost();
          throw JobError.ambiguous(
            'This job was taken over after its lease ran out; this attempt stops.',
          );
        }
        job.checkpoint = data;
        this.emit(job.id);
      },
      progress: (data) => {
        pendingProgress = { data };
        progress.request();
      },
    };

    active.done = (async () => {
      let failure: { error: unknown } | null = null;
      try {
        await (kind.handler as JobHandler).run(ctx);
      } catch (error) {
        failure = { error };
      }
      clearInterval(renewal);
      progress.cancel();
      writeProgress();
      this.settle(active, failure);
    })();
  }

  /** Writes how an attempt ended, if the claim is still this runner's. */
  private settle(active: Active, failure: { error: unknown } | null): void {
    const { job, kind, claim } = active;
    const now = this.now();
    const outcome = this.outcome(active, failure, now);
    try {
      if (active.interrupted === 'lease-lost') {
        this.logger.warn('A job attempt ended after its claim was lost; its outcome is dropped.', {
          jobId: job.id,
          attempt: claim.attempt,
        });
      } else if (this.repo.finish(job.id, claim, outcome, now)) {
        const level = outcome.state === 'done' ? 'info' : 'warn';
        this.logger[level](`Job ${outcome.state}.`, {
          jobId: job.id,
          kind: job.kind,
          attempt: claim.attempt,
          ...(outcome.lastError === null ? {} : { error: outcome.lastError }),
        });
      } else {
        this.logger.warn('A job attempt ended after its lease ran out; its outcome is dropped.', {
          jobId: job.id,
          attempt: claim.attempt,
        });
      }
    } catch (error) {
      this.logger.error('A job outcome could not be written.', { jobId: job.id, error });
    } finally {
      kind.running.delete(job.id);
      this.active.delete(job.id);
      this.emit(job.id);
      this.request();
    }
  }

  private outcome(active: Active, failure: { error: unknown } | null, now: number): Outcome {
    if (failure === null) return { state: 'done', lastError: null, errorClass: null };
    const { settings } = active.kind;
    const { errorClass, message, retryAfterMs } = classify(failure.error);
    const unknown: Outcome = {
      state: 'unknown',
      runAfter: now + settings.quarantineMs,
      lastError: message,
      errorClass,
    };
    if (active.interrupted === 'cancel') {
      return { state: 'cancelled', lastError: message, errorClass };
    }
    if (errorClass === 'refused') return { state: 'failed', lastError: message, errorClass };
    if (active.interrupted === 'shutdown') {
      // Stopping is not the job's failure: it keeps its attempts' budget.
      return errorClass === 'ambiguous'
        ? unknown
        : { state: 'queued', runAfter: now, lastError: message, errorClass };
    }
    const attempts = active.claim.attempt;
    if (attempts >= active.job.maxAttempts) {
      return {
        state: 'failed',
        lastError: `Gave up after ${attempts} attempts: ${message}`,
        errorClass,
      };
    }
    if (errorClass === 'ambiguous') return unknown;
    const wait = backoffMs(attempts, settings.backoff, this.random);
    return {
      state: 'queued',
      runAfter: now + (errorClass === 'rejected' ? Math.max(retryAfterMs ?? 0, wait) : wait),
      lastError: message,
      errorClass,
    };
  }
}

function checkConcurrency(kind: string, concurrency: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 0) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The concurrency of "${kind}" jobs must be a whole number, 0 or more (got ${concurrency}).`,
    );
  }
}
