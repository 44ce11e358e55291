import { isDeepStrictEqual } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { errorMessage } from '../../shared/errors';
import { AppError } from '../../shared/result';
import type {
  ScheduleOutcomeResult,
  ScheduleSpec,
  ScheduleTrigger,
  ScheduleView,
  SchedulesStatus,
} from '../../shared/schedules';
import type { ScheduleSetting } from '../../shared/settings';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import type { JobContext, JobRunner } from './job-runner';
import { compileSpec, type CompiledSpec } from './schedule-spec';
import { schedules, type ScheduleRow } from './schedules.schema';

/** What a scheduled run is given. */
export interface ScheduleContext {
  /** Aborted when the app stops: stop between batches (the run is finished at the next start). */
  readonly signal: AbortSignal;
  readonly trigger: ScheduleTrigger;
  /** The time the run was due (epoch ms); a manual run: when it was asked for. */
  readonly scheduledFor: number;
  /** The app stopped during this run: it is being finished, not started again. */
  readonly recovering: boolean;
}

export interface ScheduleOutcome {
  result: ScheduleOutcomeResult;
  /** In words, for the schedules list: what it did, or why it did nothing. */
  message: string;
}

/** A module's recurring work, declared once at start-up. */
export interface ScheduleDefinition {
  /** `<module>.<what>`: `catalog.sync`, `library.rescan`. Also names its job kind. */
  id: string;
  title: string;
  description: string;
  /** The spec until an operator sets one. */
  defaultSpec: ScheduleSpec;
  /** Paused until an operator resumes it. */
  pausedByDefault?: boolean;
  /**
   * Why it must not run now, when a setting switches it off (auto-publish is off until turned on),
   * or null. Its due times pass without a run while it says so; Run now is refused with the reason.
   */
  disabled?: () => string | null;
  /** Resolves with what happened; a throw is recorded as a failed run. */
  run(ctx: ScheduleContext): Promise<ScheduleOutcome>;
}

export interface SchedulerOptions {
  database: Pick<AppDatabase, 'db' | 'sqlite'>;
  runner: JobRunner;
  logger: Logger;
  /** The station's IANA time zone, read at each use (a settings change applies at once). */
  timeZone: () => string;
  /** Epoch ms; tests pass a clock they move, then call `tick()`. */
  now?: () => number;
  /** A schedule's row or run changed: the screen re-reads `status()`. */
  onChange?: () => void;
  /**
   * The longest the scheduler sleeps between looks, so a clock that jumped (a laptop waking, the
   * clock set by hand) is noticed soon. Default 30 s.
   */
  maxSleepMs?: number;
  /** Finished runs kept per schedule in the jobs table. Default 20. */
  keepRuns?: number;
}

interface RunPayload {
  trigger: ScheduleTrigger;
  scheduledFor: number;
}

const KIND_PREFIX = 'schedule:';
const OPEN_STATES = ['queued', 'unknown', 'running'] as const;

/**
 * Durable schedules on the job runner. Each due time becomes one job of the schedule's own kind
 * (concurrency 1, so runs of one schedule never overlap), enqueued in the same transaction that
 * moves the schedule's next due time on; so a due time runs once across crashes and restarts, and
 * after a sleep or a clock jump the missed times run once, not once per missed tick.
 */
export class Scheduler {
  private readonly db: SchedulerOptions['database']['db'];
  private readonly sqlite: SchedulerOptions['database']['sqlite'];
  private readonly now: () => number;
  private readonly definitions = new Map<string, ScheduleDefinition>();
  private readonly maxSleepMs: number;
  private readonly keepRuns: number;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private disposed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: SchedulerOptions) {
    this.db = o.database.db;
    this.sqlite = o.database.sqlite;
    this.now = o.now ?? Date.now;
    this.maxSleepMs = o.maxSleepMs ?? 30_000;
    this.keepRuns = o.keepRuns ?? 20;
    // A run's job ending (done, resumed, failed) changes what the list shows as running.
    this.unsubscribe = o.runner.subscribe((ids) => {
      if (ids.some((id) => this.o.runner.get(id)?.kind.startsWith(KIND_PREFIX) ?? false)) {
        this.o.onChange?.();
      }
    });
  }

  /** Declares a schedule (before `start`); its row is made on first sight, with the default spec. */
  define(definition: ScheduleDefinition): void {
    if (this.definitions.has(definition.id)) {
      throw new AppError('INTERNAL', `The schedule "${definition.id}" is declared twice.`);
    }
    // A default that cannot be read is a programming error: found at start-up, not at 23:00.
    compileSpec(definition.defaultSpec, this.o.timeZone(), `${definition.id}.defaultSpec`);
    this.definitions.set(definition.id, definition);
    this.o.runner.register<RunPayload, null>(
      KIND_PREFIX + definition.id,
      { run: (ctx) => this.execute(definition, ctx) },
      {
        concurrency: 1,
        // A run records its own failure and returns; attempts past the first are resumptions
        // after the app stopped during it.
        maxAttempts: 3,
        backoff: { baseMs: 1_000, capMs: 60_000 },
        // Local work, safe to finish: no quarantine before an interrupted run is resumed.
        quarantineMs: 0,
        leaseMs: 60_000,
      },
    );
    const paused = definition.pausedByDefault === true;
    const now = this.now();
    this.db
      .insert(schedules)
      .values({
        id: definition.id,
        spec: null,
        paused,
        nextRunAt: paused ? null : this.nextAfter(definition, null, now),
        updatedAt: now,
      })
      .onConflictDoNothing()
      .run();
  }

  /**
   * Nothing of the schedules runs in this process: no look at the clock, and their jobs (even
   * ones another process left queued) are not claimed here. For the command line.
   */
  hold(): void {
    for (const id of this.definitions.keys()) this.o.runner.pause(KIND_PREFIX + id);
  }

  start(): void {
    if (this.disposed) return;
    this.started = true;
    this.tick();
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  // ---- the loop -------------------------------------------------------------------------------

  /**
   * Enqueues each schedule that is due and not already running, and moves its next due time past
   * now. Returns how many runs it enqueued. Called on a timer, and by tests after moving the clock.
   */
  tick(): number {
    if (this.disposed) return 0;
    const now = this.now();
    let enqueued = 0;
    this.sqlite
      .transaction(() => {
        for (const row of this.rows()) {
          const definition = this.definitions.get(row.id);
          if (!definition || row.paused) continue;
          let expected: number | null;
          try {
            expected = this.nextAfter(definition, row, now);
          } catch (error) {
            this.o.logger.warn('A schedule cannot be read.', { schedule: row.id, error });
            continue;
          }
          if (definition.disabled?.() != null) {
            // Off: its due times pass, so turning it on does not run one that was missed.
            if (row.nextRunAt === null || row.nextRunAt <= now) this.setNext(row.id, expected, now);
            continue;
          }
          if (row.nextRunAt === null || row.nextRunAt > now) {
            // Not due. A due time further off than the spec allows means the clock went back (or
            // the zone changed): bring it in, so the schedule does not sleep for the difference.
            if (row.nextRunAt === null || (expected !== null && row.nextRunAt > expected)) {
              this.setNext(row.id, expected, now);
            }
            continue;
          }
          // Due. While a run is queued or running, the due time waits for it (no overlap); the
          // run's end moves it on.
          if (this.openRun(row.id) !== null) continue;
          const { created } = this.o.runner.enqueue<RunPayload>(
            KIND_PREFIX + row.id,
            `at:${row.nextRunAt}`,
            { trigger: 'schedule', scheduledFor: row.nextRunAt },
          );
          // Every due time missed while asleep collapses into this one run.
          this.setNext(row.id, expected, now);
          if (created) enqueued += 1;
        }
      })
      .immediate();
    if (enqueued > 0) this.o.onChange?.();
    this.arm(now);
    return enqueued;
  }

  private arm(now: number): void {
    if (!this.started || this.disposed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    const next = this.rows()
      .filter((row) => !row.paused && row.nextRunAt !== null)
      .reduce((min, row) => Math.min(min, row.nextRunAt!), Infinity);
    const wait = Math.max(0, Math.min(this.maxSleepMs, next - now));
    this.timer = setTimeout(() => this.tick(), wait);
    this.timer.unref();
  }

  private async execute(definition: ScheduleDefinition, ctx: JobContext<RunPayload, null>) {
    const { trigger, scheduledFor } = ctx.job.payload;
    const startedAt = this.now();
    this.update(definition.id, {
      lastTrigger: trigger,
      lastScheduledFor: scheduledFor,
      lastStartedAt: startedAt,
      lastFinishedAt: null,
      lastResult: null,
      lastMessage: null,
    });
    this.o.onChange?.();
    let outcome: ScheduleOutcome;
    try {
      outcome = await definition.run({
        signal: ctx.signal,
        trigger,
        scheduledFor,
        recovering: ctx.recovering,
      });
    } catch (error) {
      if (ctx.signal.aborted) {
        // The app is stopping (or the run was cancelled): the runner keeps the job to finish it.
        this.update(definition.id, {
          lastFinishedAt: this.now(),
          lastResult: 'cancelled',
          lastMessage: 'Stopped when the app closed; it resumes when the app starts.',
        });
        this.o.onChange?.();
        throw error;
      }
      outcome = { result: 'failed', message: errorMessage(error) };
    }
    const finishedAt = this.now();
    this.sqlite
      .transaction(() => {
        const row = this.row(definition.id);
        if (!row) return;
        // An interval counts from the end of the run; a due time that passed during the run is
        // dropped rather than run straight after it.
        const spec = this.spec(definition, row);
        const due =
          row.paused || row.nextRunAt === null
            ? row.nextRunAt
            : spec.kind === 'interval' || row.nextRunAt <= finishedAt
              ? this.nextAfter(definition, row, finishedAt)
              : row.nextRunAt;
        this.update(definition.id, {
          lastFinishedAt: finishedAt,
          lastResult: outcome.result,
          lastMessage: outcome.message,
          nextRunAt: due,
        });
      })
      .immediate();
    // This run's job is still running here and ends done just after: it is the newest kept.
    this.o.runner.prune(KIND_PREFIX + definition.id, Math.max(0, this.keepRuns - 1));
    this.o.onChange?.();
    this.arm(finishedAt);
  }

  // ---- control --------------------------------------------------------------------------------

  /** Runs a schedule now (paused or not); CONFLICT while a run of it is queued or running. */
  runNow(id: string): ScheduleView {
    const disabled = this.definition(id).disabled?.() ?? null;
    if (disabled !== null) throw new AppError('FAILED_PRECONDITION', disabled);
    const now = this.now();
    const open = this.openRun(id);
    if (open !== null) {
      throw new AppError(
        'CONFLICT',
        `${this.definition(id).title} is already ${open}; it can run again when that run ends.`,
      );
    }
    this.o.runner.enqueue<RunPayload>(KIND_PREFIX + id, `manual:${now}`, {
      trigger: 'manual',
      scheduledFor: now,
    });
    this.o.onChange?.();
    return this.view(id);
  }

  /** No more runs until resumed; a run under way finishes. */
  pause(id: string): ScheduleView {
    this.definition(id);
    this.update(id, { paused: true, nextRunAt: null });
    this.o.onChange?.();
    return this.view(id);
  }

  /** Runs again from its next due time after now: what was missed while paused does not run. */
  resume(id: string): ScheduleView {
    const definition = this.definition(id);
    const row = this.row(id)!;
    this.update(id, {
      paused: false,
      nextRunAt: this.nextAfter(definition, row, this.now()),
    });
    this.o.onChange?.();
    this.arm(this.now());
    return this.view(id);
  }

  /** A new spec (null: the default) applies from now; a run under way is left alone. */
  setSpec(id: string, spec: ScheduleSpec | null): ScheduleView {
    const definition = this.definition(id);
    compileSpec(spec ?? definition.defaultSpec, this.o.timeZone());
    const row = this.row(id)!;
    const next = { ...row, spec };
    this.update(id, {
      spec,
      nextRunAt: row.paused ? null : this.nextAfter(definition, next, this.now()),
    });
    this.o.onChange?.();
    this.arm(this.now());
    return this.view(id);
  }

  /** Tells the list to re-read (a setting that switches a schedule on or off changed). */
  announce(): void {
    this.o.onChange?.();
  }

  /** The station's zone changed: cron schedules are due at their times in the new zone. */
  timeZoneChanged(): void {
    const now = this.now();
    for (const row of this.rows()) {
      const definition = this.definitions.get(row.id);
      if (!definition || row.paused || this.spec(definition, row).kind !== 'cron') continue;
      this.update(row.id, { nextRunAt: this.nextAfter(definition, row, now) });
    }
    this.o.onChange?.();
    this.arm(now);
  }

  // ---- settings files -------------------------------------------------------------------------

  /** Each schedule's spec (null: its default) and pause, for a settings file. */
  settings(): ScheduleSetting[] {
    return [...this.definitions.keys()].map((id) => {
      const row = this.row(id)!;
      return { id, spec: row.spec, paused: row.paused };
    });
  }

  /** Refuses a list `applySettings` could not take, naming the entry; changes nothing. */
  checkSettings(list: readonly ScheduleSetting[]): void {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const at = `schedules[${i}]`;
      if (!this.definitions.has(entry.id)) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `In the file, ${at}: there is no schedule "${entry.id}" in this version (it has ${[...this.definitions.keys()].join(', ')}).`,
          `${at}.id`,
        );
      }
      if (seen.has(entry.id)) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `In the file, ${at}: the schedule "${entry.id}" is listed twice.`,
          `${at}.id`,
        );
      }
      seen.add(entry.id);
      if (entry.spec === null) return;
      try {
        compileSpec(entry.spec, this.o.timeZone(), `${at}.spec`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError(error.code, `In the file, ${at}: ${error.message}`, error.path);
      }
    });
  }

  /** Takes each listed schedule's spec and pause (checked first); returns what changed. */
  applySettings(list: readonly ScheduleSetting[]): string[] {
    this.checkSettings(list);
    const changed: string[] = [];
    for (const entry of list) {
      const row = this.row(entry.id)!;
      if (!isDeepStrictEqual(row.spec, entry.spec)) {
        this.setSpec(entry.id, entry.spec);
        changed.push(`schedule ${entry.id}`);
      }
      if (row.paused !== entry.paused) {
        if (entry.paused) this.pause(entry.id);
        else this.resume(entry.id);
        changed.push(`schedule ${entry.id} ${entry.paused ? 'paused' : 'resumed'}`);
      }
    }
    return changed;
  }

  // ---- reading --------------------------------------------------------------------------------

  status(): SchedulesStatus {
    return {
      timeZone: this.o.timeZone(),
      schedules: [...this.definitions.keys()].map((id) => this.view(id)),
    };
  }

  view(id: string): ScheduleView {
    const definition = this.definition(id);
    const row = this.row(id)!;
    const spec = this.spec(definition, row);
    let summary: string;
    try {
      summary = compileSpec(spec, this.o.timeZone()).summary;
    } catch (error) {
      summary = errorMessage(error);
    }
    const open = this.openRun(id);
    const disabled = definition.disabled?.() ?? null;
    const iso = (ms: number | null): string | null =>
      ms === null ? null : new Date(ms).toISOString();
    return {
      id,
      title: definition.title,
      description: definition.description,
      spec,
      summary,
      isDefault: row.spec === null,
      paused: row.paused,
      disabled,
      state: open ?? 'idle',
      nextRunAt: row.paused || disabled !== null ? null : iso(row.nextRunAt),
      lastRun:
        row.lastStartedAt === null
          ? null
          : {
              trigger: row.lastTrigger ?? 'schedule',
              scheduledFor: iso(row.lastScheduledFor ?? row.lastStartedAt)!,
              startedAt: iso(row.lastStartedAt)!,
              finishedAt: iso(row.lastFinishedAt),
              result: row.lastResult,
              message: row.lastMessage,
              durationMs:
                row.lastFinishedAt === null ? null : row.lastFinishedAt - row.lastStartedAt,
            },
    };
  }

  // ---- rows -----------------------------------------------------------------------------------

  private definition(id: string): ScheduleDefinition {
    const found = this.definitions.get(id);
    if (!found) throw new AppError('NOT_FOUND', `There is no schedule "${id}".`, 'id');
    return found;
  }

  private rows(): ScheduleRow[] {
    return this.db.select().from(schedules).orderBy(asc(schedules.id)).all();
  }

  private row(id: string): ScheduleRow | null {
    return this.db.select().from(schedules).where(eq(schedules.id, id)).get() ?? null;
  }

  private update(id: string, values: Partial<Omit<ScheduleRow, 'id'>>): void {
    this.db
      .update(schedules)
      .set({ ...values, updatedAt: this.now() })
      .where(eq(schedules.id, id))
      .run();
  }

  private setNext(id: string, nextRunAt: number | null, now: number): void {
    this.db.update(schedules).set({ nextRunAt, updatedAt: now }).where(eq(schedules.id, id)).run();
  }

  private spec(
    definition: ScheduleDefinition,
    row: Pick<ScheduleRow, 'spec'> | null,
  ): ScheduleSpec {
    return row?.spec ?? definition.defaultSpec;
  }

  private nextAfter(
    definition: ScheduleDefinition,
    row: Pick<ScheduleRow, 'spec'> | null,
    from: number,
  ): number | null {
    const compiled: CompiledSpec = compileSpec(this.spec(definition, row), this.o.timeZone());
    return compiled.nextAfter(from);
  }

  /** A run of the schedule that is queued or running, if there is one. */
  private openRun(id: string): 'queued' | 'running' | null {
    const open = this.o.runner.list({ kinds: [KIND_PREFIX + id], states: OPEN_STATES, limit: 1 });
    const job = open[0];
    if (!job) return null;
    return job.state === 'running' ? 'running' : 'queued';
  }
}
