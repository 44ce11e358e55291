import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import type { ScheduleSpec } from '../../shared/schedules';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { JobRunner } from './job-runner';
import {
  Scheduler,
  type ScheduleContext,
  type ScheduleDefinition,
  type ScheduleOutcome,
} from './scheduler';

/*
 * The scheduler against a real database file and the real job runner, on a clock the tests move:
 * nothing here waits for a schedule's time to come, only for the runner to finish a claimed run.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function databaseFile(): { open(): AppDatabase } {
  const temp = makeTempDir('archivist-schedules-');
  cleanups.push(temp.remove);
  const file = join(temp.dir, 'archivist.db');
  return {
    open() {
      const db = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
      cleanups.push(() => db.close());
      return db;
    },
  };
}

/** A clock the test moves. Starts on Friday 2026-12-04 12:00 in Chicago (18:00 UTC). */
function clock(start = Date.parse('2026-12-04T18:00:00Z')): {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms), set: (ms) => (t = ms) };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One app's runner and scheduler on the database (a restart builds a second pair). */
function app(
  db: AppDatabase,
  now: () => number,
  options: { timeZone?: string; keepRuns?: number; onChange?: () => void } = {},
): { runner: JobRunner; scheduler: Scheduler; stop(): Promise<void> } {
  const runner = new JobRunner({
    database: db,
    logger: silentLogger,
    now,
    pollMs: 10,
    changeIntervalMs: 0,
  });
  const scheduler = new Scheduler({
    database: db,
    runner,
    logger: silentLogger,
    now,
    timeZone: () => options.timeZone ?? 'America/Chicago',
    // Only the tests' ticks: no timer looks at the (fake) clock behind their back.
    maxSleepMs: 3_600_000,
    ...(options.keepRuns === undefined ? {} : { keepRuns: options.keepRuns }),
    ...(options.onChange === undefined ? {} : { onChange: options.onChange }),
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    scheduler.dispose();
    await runner.dispose();
  };
  cleanups.push(stop);
  return { runner, scheduler, stop };
}

/** A schedule that counts its runs and can be held open. */
function counting(
  id: string,
  spec: ScheduleSpec,
  body?: (ctx: ScheduleContext) => Promise<ScheduleOutcome>,
): ScheduleDefinition & { calls: ScheduleContext[] } {
  const calls: ScheduleContext[] = [];
  return {
    id,
    title: `Schedule ${id}`,
    description: 'For the test.',
    defaultSpec: spec,
    calls,
    run: (ctx) => {
      calls.push(ctx);
      return body ? body(ctx) : Promise.resolve({ result: 'ok', message: `run ${calls.length}` });
    },
  };
}

function jobsOf(db: AppDatabase, id: string): { key: string; state: string }[] {
  return db.sqlite
    .prepare('SELECT key, state FROM jobs WHERE kind = ? ORDER BY id')
    .all(`schedule:${id}`) as { key: string; state: string }[];
}

async function settled(scheduler: Scheduler, id: string): Promise<void> {
  await until(() => {
    const view = scheduler.view(id);
    return view.state === 'idle' && view.lastRun?.finishedAt != null;
  }, `${id} to finish its run`);
}

function start(a: ReturnType<typeof app>): void {
  a.scheduler.start();
  a.runner.start();
}

const EVERY_15_MINUTES: ScheduleSpec = { kind: 'interval', seconds: 15 * 60 };

/** A fresh database, clock and app with one started schedule (`catalog.sync` unless told). */
function oneSchedule(
  spec: ScheduleSpec = EVERY_15_MINUTES,
  body?: (ctx: ScheduleContext) => Promise<ScheduleOutcome>,
  id = 'catalog.sync',
) {
  const db = databaseFile().open();
  const c = clock();
  const a = app(db, c.now);
  const schedule = counting(id, spec, body);
  a.scheduler.define(schedule);
  start(a);
  return { db, c, a, schedule };
}

describe('the scheduler', () => {
  it('runs an interval schedule when due, and counts the next from the end of the run', async () => {
    const { c, a, schedule: sync } = oneSchedule();
    expect(a.scheduler.view('catalog.sync').nextRunAt).toBe(
      new Date(c.now() + 15 * MINUTE).toISOString(),
    );

    c.advance(14 * MINUTE);
    expect(a.scheduler.tick()).toBe(0);
    c.advance(MINUTE);
    expect(a.scheduler.tick()).toBe(1);
    await settled(a.scheduler, 'catalog.sync');

    const view = a.scheduler.view('catalog.sync');
    expect(sync.calls).toHaveLength(1);
    expect(sync.calls[0]).toMatchObject({ trigger: 'schedule', recovering: false });
    expect(view.lastRun).toMatchObject({ result: 'ok', message: 'run 1', trigger: 'schedule' });
    expect(view.nextRunAt).toBe(new Date(c.now() + 15 * MINUTE).toISOString());
    expect(view.summary).toBe('Every 15 minutes');
  });

  it('says when a run starts and when its job has ended, so a list never shows it running on', async () => {
    const db = databaseFile().open();
    const c = clock();
    const seen: string[] = [];
    const ref: { scheduler?: Scheduler } = {};
    const a = app(db, c.now, {
      onChange: () => seen.push(ref.scheduler?.view('catalog.sync').state ?? 'not built'),
    });
    ref.scheduler = a.scheduler;
    a.scheduler.define(counting('catalog.sync', { kind: 'interval', seconds: 15 * 60 }));
    start(a);
    a.scheduler.runNow('catalog.sync');
    await settled(a.scheduler, 'catalog.sync');
    await until(() => seen.at(-1) === 'idle', 'the last change to say idle');
    expect(seen).toContain('running');
  });

  it('runs a cron schedule at its wall-clock times in the station time zone', async () => {
    const db = databaseFile().open();
    const c = clock();
    const a = app(db, c.now);
    // 23:00 on weekdays, Chicago: Friday 23:00 CST is Saturday 05:00 UTC; the next is Monday's.
    const publish = counting('publishing.auto', { kind: 'cron', expression: '0 23 * * 1-5' });
    a.scheduler.define(publish);
    start(a);
    expect(a.scheduler.view('publishing.auto').nextRunAt).toBe('2026-12-05T05:00:00.000Z');

    c.set(Date.parse('2026-12-05T05:00:00Z'));
    expect(a.scheduler.tick()).toBe(1);
    await settled(a.scheduler, 'publishing.auto');
    expect(a.scheduler.view('publishing.auto').nextRunAt).toBe('2026-12-08T05:00:00.000Z');
    expect(a.scheduler.view('publishing.auto').summary).toBe('0 23 * * 1-5 (America/Chicago)');
  });

  it('runs a schedule missed during a sleep or a clock jump once, not once per missed time', async () => {
    const { db, c, a, schedule: sync } = oneSchedule();

    // The laptop sleeps ten hours: forty due times pass.
    c.advance(10 * HOUR);
    expect(a.scheduler.tick()).toBe(1);
    expect(a.scheduler.tick()).toBe(0);
    await settled(a.scheduler, 'catalog.sync');
    expect(a.scheduler.tick()).toBe(0);
    expect(sync.calls).toHaveLength(1);
    expect(jobsOf(db, 'catalog.sync')).toHaveLength(1);
  });

  it('brings a due time back in when the clock is set back', () => {
    const { c, a } = oneSchedule();
    // Set back a day: without this the schedule would wait a day and 15 minutes.
    c.advance(-24 * HOUR);
    expect(a.scheduler.tick()).toBe(0);
    expect(a.scheduler.view('catalog.sync').nextRunAt).toBe(
      new Date(c.now() + 15 * MINUTE).toISOString(),
    );
  });

  it('never overlaps two runs of one schedule, and drops a due time that passed during a run', async () => {
    const db = databaseFile().open();
    const c = clock();
    const a = app(db, c.now);
    const gate = deferred();
    const sync = counting('catalog.sync', { kind: 'interval', seconds: 15 * 60 }, async () => {
      await gate.promise;
      return { result: 'ok', message: 'slow' };
    });
    a.scheduler.define(sync);
    start(a);

    c.advance(15 * MINUTE);
    expect(a.scheduler.tick()).toBe(1);
    await until(() => a.scheduler.view('catalog.sync').state === 'running', 'the run to start');
    // The run takes 40 minutes: two more due times pass while it runs.
    c.advance(20 * MINUTE);
    expect(a.scheduler.tick()).toBe(0);
    c.advance(20 * MINUTE);
    expect(a.scheduler.tick()).toBe(0);
    expect(() => a.scheduler.runNow('catalog.sync')).toThrow(/already running/);

    gate.resolve();
    await settled(a.scheduler, 'catalog.sync');
    expect(a.scheduler.tick()).toBe(0);
    expect(sync.calls).toHaveLength(1);
    expect(a.scheduler.view('catalog.sync').nextRunAt).toBe(
      new Date(c.now() + 15 * MINUTE).toISOString(),
    );
  });

  it('does not run a due time twice across a restart', async () => {
    const file = databaseFile();
    const c = clock();
    const first = app(file.open(), c.now);
    first.scheduler.define(counting('catalog.sync', { kind: 'interval', seconds: 15 * 60 }));
    first.scheduler.start();
    // Due, enqueued, and the app stops before its runner claimed the run.
    c.advance(15 * MINUTE);
    expect(first.scheduler.tick()).toBe(1);
    await first.stop();

    const db = file.open();
    const second = app(db, c.now);
    const sync = counting('catalog.sync', { kind: 'interval', seconds: 15 * 60 });
    second.scheduler.define(sync);
    start(second);
    expect(second.scheduler.tick()).toBe(0);
    await settled(second.scheduler, 'catalog.sync');
    expect(sync.calls).toHaveLength(1);
    expect(jobsOf(db, 'catalog.sync')).toEqual([
      { key: `at:${Date.parse('2026-12-04T18:15:00Z')}`, state: 'done' },
    ]);
  });

  it('runs nothing in a process that holds the schedules, not even a run another left queued', async () => {
    const file = databaseFile();
    const c = clock();
    const first = app(file.open(), c.now);
    first.scheduler.define(counting('catalog.sync', EVERY_15_MINUTES));
    first.scheduler.start();
    c.advance(15 * MINUTE);
    expect(first.scheduler.tick()).toBe(1);
    await first.stop();

    // The command line: its runner works (publishing needs it), the schedules' kinds do not.
    const db = file.open();
    const cli = app(db, c.now);
    const sync = counting('catalog.sync', EVERY_15_MINUTES);
    cli.scheduler.define(sync);
    cli.scheduler.hold();
    cli.runner.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(sync.calls).toHaveLength(0);
    expect(jobsOf(db, 'catalog.sync').map((j) => j.state)).toEqual(['queued']);
  });

  it('finishes a run the app stopped during, at the next start, instead of starting another', async () => {
    const file = databaseFile();
    const c = clock();
    const first = app(file.open(), c.now);
    const held = counting('catalog.sync', { kind: 'interval', seconds: 15 * 60 }, (ctx) => {
      return new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error));
      });
    });
    first.scheduler.define(held);
    start(first);
    c.advance(15 * MINUTE);
    first.scheduler.tick();
    await until(() => first.scheduler.view('catalog.sync').state === 'running', 'the run to start');
    await first.stop();
    expect(first.scheduler.view('catalog.sync').lastRun?.result).toBe('cancelled');

    // The next start, after the lease ran out.
    c.advance(2 * MINUTE);
    const db = file.open();
    const second = app(db, c.now);
    const sync = counting('catalog.sync', { kind: 'interval', seconds: 15 * 60 });
    second.scheduler.define(sync);
    start(second);
    await settled(second.scheduler, 'catalog.sync');
    expect(sync.calls).toHaveLength(1);
    expect(sync.calls[0]).toMatchObject({
      recovering: true,
      scheduledFor: Date.parse('2026-12-04T18:15:00Z'),
    });
    expect(jobsOf(db, 'catalog.sync')).toHaveLength(1);
    expect(second.scheduler.view('catalog.sync').lastRun?.result).toBe('ok');
  });

  it('pauses, and on resume skips what was due while paused', async () => {
    const { c, a, schedule: sync } = oneSchedule();
    expect(a.scheduler.pause('catalog.sync')).toMatchObject({ paused: true, nextRunAt: null });
    c.advance(HOUR);
    expect(a.scheduler.tick()).toBe(0);
    const resumed = a.scheduler.resume('catalog.sync');
    expect(resumed.nextRunAt).toBe(new Date(c.now() + 15 * MINUTE).toISOString());
    expect(a.scheduler.tick()).toBe(0);

    // Run now works paused or not, and is told apart from a scheduled run.
    a.scheduler.pause('catalog.sync');
    a.scheduler.runNow('catalog.sync');
    await settled(a.scheduler, 'catalog.sync');
    expect(sync.calls.map((call) => call.trigger)).toEqual(['manual']);
    expect(a.scheduler.view('catalog.sync')).toMatchObject({ paused: true, nextRunAt: null });
  });

  it('keeps a schedule declared paused paused across a restart until resumed', () => {
    const file = databaseFile();
    const c = clock();
    const definition = {
      ...counting('publishing.auto', { kind: 'cron', expression: '0 23 * * 1-5' }),
      pausedByDefault: true,
    };
    const first = app(file.open(), c.now);
    first.scheduler.define(definition);
    expect(first.scheduler.view('publishing.auto')).toMatchObject({ paused: true });
    first.scheduler.resume('publishing.auto');
    const second = app(file.open(), c.now);
    second.scheduler.define(definition);
    expect(second.scheduler.view('publishing.auto')).toMatchObject({
      paused: false,
      nextRunAt: '2026-12-05T05:00:00.000Z',
    });
  });

  it('lets due times pass while a setting has a schedule off, and refuses to run it now', async () => {
    const db = databaseFile().open();
    const c = clock();
    const a = app(db, c.now);
    let off: string | null = 'Off: turn on Auto-publish in Settings.';
    const auto = {
      ...counting('publishing.auto', { kind: 'cron', expression: '0 23 * * 1-5' }),
      disabled: () => off,
    };
    a.scheduler.define(auto);
    start(a);
    expect(a.scheduler.view('publishing.auto')).toMatchObject({ disabled: off, nextRunAt: null });
    expect(() => a.scheduler.runNow('publishing.auto')).toThrow(/turn on Auto-publish/);

    // Friday 23:00 passes while it is off; turned on on Saturday, it waits for Monday.
    c.set(Date.parse('2026-12-05T12:00:00Z'));
    expect(a.scheduler.tick()).toBe(0);
    off = null;
    expect(a.scheduler.tick()).toBe(0);
    expect(a.scheduler.view('publishing.auto').nextRunAt).toBe('2026-12-08T05:00:00.000Z');
    c.set(Date.parse('2026-12-08T05:00:00Z'));
    expect(a.scheduler.tick()).toBe(1);
    await settled(a.scheduler, 'publishing.auto');
    expect(auto.calls).toHaveLength(1);
  });

  it('takes a new spec from now on, refuses one it cannot read, and goes back to the default', () => {
    const { c, a } = oneSchedule();

    const hourly = a.scheduler.setSpec('catalog.sync', { kind: 'interval', seconds: 3600 });
    expect(hourly).toMatchObject({ summary: 'Every hour', isDefault: false });
    expect(hourly.nextRunAt).toBe(new Date(c.now() + HOUR).toISOString());

    let refused: unknown;
    try {
      a.scheduler.setSpec('catalog.sync', { kind: 'cron', expression: '0 25 * * *' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'spec.expression' });
    expect((refused as Error).message).toMatch(/"0 25 \* \* \*" cannot be read/);
    expect(a.scheduler.view('catalog.sync').summary).toBe('Every hour');

    expect(a.scheduler.setSpec('catalog.sync', null)).toMatchObject({
      summary: 'Every 15 minutes',
      isDefault: true,
    });
    expect(() => a.scheduler.runNow('nope')).toThrow(/no schedule "nope"/);
  });

  it('moves cron schedules to the new zone when the station time zone changes', () => {
    const db = databaseFile().open();
    const c = clock();
    let zone = 'America/Chicago';
    const runner = new JobRunner({ database: db, logger: silentLogger, now: c.now });
    const scheduler = new Scheduler({
      database: db,
      runner,
      logger: silentLogger,
      now: c.now,
      timeZone: () => zone,
    });
    cleanups.push(() => runner.dispose());
    scheduler.define(counting('publishing.auto', { kind: 'cron', expression: '0 23 * * 1-5' }));
    expect(scheduler.view('publishing.auto').nextRunAt).toBe('2026-12-05T05:00:00.000Z');
    zone = 'Europe/London';
    scheduler.timeZoneChanged();
    // Friday 23:00 in London, in December, is 23:00 UTC.
    expect(scheduler.view('publishing.auto').nextRunAt).toBe('2026-12-04T23:00:00.000Z');
  });

  it('records a run that throws as failed, and runs again at the next due time', async () => {
    const db = databaseFile().open();
    const c = clock();
    const a = app(db, c.now);
    let fail = true;
    const sync = counting('catalog.sync', { kind: 'interval', seconds: 15 * 60 }, () => {
      if (fail) return Promise.reject(new Error('The server did not answer.'));
      return Promise.resolve({ result: 'ok', message: 'fine' });
    });
    a.scheduler.define(sync);
    start(a);
    c.advance(15 * MINUTE);
    a.scheduler.tick();
    await settled(a.scheduler, 'catalog.sync');
    expect(a.scheduler.view('catalog.sync').lastRun).toMatchObject({
      result: 'failed',
      message: 'The server did not answer.',
    });
    fail = false;
    c.advance(15 * MINUTE);
    expect(a.scheduler.tick()).toBe(1);
    await until(() => a.scheduler.view('catalog.sync').lastRun?.result === 'ok', 'the second run');
    expect(sync.calls).toHaveLength(2);
  });

  it('keeps only the newest finished runs in the jobs table', async () => {
    const db = databaseFile().open();
    const c = clock();
    const a = app(db, c.now, { keepRuns: 3 });
    const sync = counting('catalog.sync', { kind: 'interval', seconds: 60 });
    a.scheduler.define(sync);
    start(a);
    for (let i = 0; i < 6; i += 1) {
      c.advance(MINUTE);
      expect(a.scheduler.tick()).toBe(1);
      await until(() => sync.calls.length === i + 1, `run ${i + 1}`);
      await settled(a.scheduler, 'catalog.sync');
    }
    expect(jobsOf(db, 'catalog.sync')).toHaveLength(3);
  });
});
