import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { backoffMs, JobError } from './job-error';
import { JobRunner, type JobContext, type JobHandler, type JobRunnerOptions } from './job-runner';
import type { Job } from './jobs.repo';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A real database file in a temp folder; `again()` opens a second connection to it. */
function database(): { db: AppDatabase; again(): AppDatabase } {
  const temp = makeTempDir('archivist-jobs-');
  cleanups.push(temp.remove);
  const file = join(temp.dir, 'archivist.db');
  const open = (): AppDatabase => {
    const db = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
    cleanups.push(() => db.close());
    return db;
  };
  return { db: open(), again: open };
}

/** A clock the test moves; the runner is woken after each move. */
function clock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function runner(db: AppDatabase, options: Partial<JobRunnerOptions> = {}): JobRunner {
  const r = new JobRunner({
    database: db,
    logger: silentLogger,
    pollMs: 10,
    changeIntervalMs: 0,
    progressIntervalMs: 0,
    ...options,
  });
  cleanups.push(() => r.dispose());
  return r;
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(condition: () => boolean, what = 'the condition', ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A handler whose runs the test finishes one by one. */
function gated(): JobHandler & { started: JobContext[]; release(id: number): void } {
  const gates = new Map<number, ReturnType<typeof deferred<void>>>();
  const started: JobContext[] = [];
  return {
    started,
    async run(ctx) {
      const gate = deferred<void>();
      gates.set(ctx.job.id, gate);
      started.push(ctx);
      await gate.promise;
    },
    release(id) {
      gates.get(id)?.resolve();
    },
  };
}

function state(r: JobRunner, id: number): Job['state'] | undefined {
  return r.get(id)?.state;
}

describe('enqueue', () => {
  it('returns the existing job for the same kind and key, and reruns a finished one only when asked', async () => {
    const { db } = database();
    const r = runner(db);
    const ran: unknown[] = [];
    r.register('publish', {
      run: (ctx) => {
        ran.push(ctx.job.payload);
        ctx.checkpoint({ step: 'vod' });
        return Promise.resolve();
      },
    });
    r.register('webhook', { run: () => Promise.resolve() });
    const first = r.enqueue('publish', 'recording:7', { title: 'first' });
    const second = r.enqueue('publish', 'recording:7', { title: 'second' });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, job: { id: first.job.id } });
    expect(second.job.payload).toEqual({ title: 'first' });
    // Another kind may use the same key.
    expect(r.enqueue('webhook', 'recording:7', {}).created).toBe(true);
    expect(first.job.correlation).toMatch(/^[0-9a-f-]{36}$/);

    r.start();
    await until(() => state(r, first.job.id) === 'done');
    expect(r.enqueue('publish', 'recording:7', { title: 'third' }).job).toMatchObject({
      state: 'done',
      payload: { title: 'first' },
    });
    const rerun = r.enqueue('publish', 'recording:7', { title: 'fourth' }, { rerun: true });
    expect(rerun.job).toMatchObject({ id: first.job.id, attempts: 0, checkpoint: null });
    await until(() => ran.length === 2);
    await until(() => state(r, first.job.id) === 'done');
    expect(ran).toEqual([{ title: 'first' }, { title: 'fourth' }]);
  });

  it('refuses a kind nobody registered', () => {
    const r = runner(database().db);
    expect(() => r.enqueue('nope', 'k', {})).toThrow(AppError);
  });
});

describe('claim order', () => {
  it('claims in queue order, and reordering changes it', async () => {
    const { db } = database();
    const r = runner(db);
    const order: string[] = [];
    r.register('publish', {
      run: (ctx) => {
        order.push(ctx.job.key);
        return Promise.resolve();
      },
    });
    r.pause();
    r.start();
    const [a, b, , d] = ['a', 'b', 'c', 'd'].map((key) => r.enqueue('publish', key, {}).job);
    r.reorder(d!.id, { before: b!.id });
    r.reorder(a!.id, { position: 3 });
    expect(r.list({ kinds: ['publish'] }).map((j) => j.key)).toEqual(['d', 'b', 'c', 'a']);
    expect(() => r.reorder(a!.id, { before: 999 })).toThrow(/not an unfinished job/);

    r.resume();
    await until(() => order.length === 4);
    expect(order).toEqual(['d', 'b', 'c', 'a']);
  });

  it('does not claim a job before its time', async () => {
    const { db } = database();
    const c = clock();
    const r = runner(db, { now: c.now });
    const handler = gated();
    r.register('publish', handler);
    r.start();
    const { job } = r.enqueue('publish', 'later', {}, { runAfter: c.now() + 60_000 });
    await sleep(50);
    expect(handler.started).toHaveLength(0);
    c.advance(60_000);
    r.wake();
    await until(() => handler.started.length === 1);
    handler.release(job.id);
  });
});

describe('concurrency', () => {
  it('runs at most the kind’s concurrency at once, each kind on its own, and follows a live change', async () => {
    const { db } = database();
    const r = runner(db);
    const slow = gated();
    const other = gated();
    r.register('publish', slow, { concurrency: 2 });
    r.register('webhook', other, { concurrency: 1 });
    const ids = Array.from({ length: 6 }, (_, i) => r.enqueue('publish', `p${i}`, {}).job.id);
    const hook = r.enqueue('webhook', 'w', {}).job.id;
    r.start();
    await until(() => slow.started.length === 2 && other.started.length === 1);
    await sleep(40);
    expect(slow.started).toHaveLength(2);
    expect(r.list({ states: ['running'] })).toHaveLength(3);

    r.setConcurrency('publish', 4);
    await until(() => slow.started.length === 4);
    await sleep(40);
    expect(slow.started).toHaveLength(4);

    // Lowered: nothing new starts until fewer than that are running.
    r.setConcurrency('publish', 1);
    slow.release(ids[0]!);
    slow.release(ids[1]!);
    await until(() => state(r, ids[1]!) === 'done');
    await sleep(40);
    expect(slow.started).toHaveLength(4);
    slow.release(ids[2]!);
    slow.release(ids[3]!);
    await until(() => slow.started.length === 5);
    expect(r.list({ states: ['running'], kinds: ['publish'] })).toHaveLength(1);
    slow.release(ids[4]!);
    await until(() => slow.started.length === 6);
    slow.release(ids[5]!);
    other.release(hook);
    await until(() => r.list({ states: ['done'] }).length === 7);
    expect(() => r.setConcurrency('publish', -1)).toThrow(/whole number/);
  });
});

describe('leases', () => {
  it('renews the lease of a slow job, so another runner never takes it over', async () => {
    const { db, again } = database();
    const runs: string[] = [];
    const handler = (who: string): JobHandler => ({
      run: async () => {
        runs.push(who);
        await sleep(400);
      },
    });
    const options = { leaseMs: 90, quarantineMs: 0 };
    const a = runner(db);
    a.register('publish', handler('a'), options);
    const { job } = a.enqueue('publish', 'slow', {});
    a.start();
    await until(() => runs.length === 1);
    // A second runner on the same file, looking every 10 ms for run-out leases.
    const b = runner(again());
    b.register('publish', handler('b'), options);
    b.start();
    await until(() => state(a, job.id) === 'done', 'the slow job to finish');
    expect(runs).toEqual(['a']);
    expect(a.get(job.id)).toMatchObject({ attempts: 1, leaseOwner: null, leaseUntil: null });
  });

  it('leaves a job whose runner died unknown, and reconciles it only after the quarantine', async () => {
    const { db, again } = database();
    const clockA = clock();
    const a = runner(db, { now: clockA.now });
    a.register<unknown, { step: string }>(
      'publish',
      {
        run: async (ctx) => {
          ctx.checkpoint({ step: 'create-vod' });
          // The request is in flight when the process dies: it never returns.
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          throw ctx.signal.reason;
        },
      },
      { leaseMs: 1_000, quarantineMs: 5_000 },
    );
    const { job } = a.enqueue('publish', 'recording:1', { id: 1 });
    a.start();
    await until(() => a.get(job.id)?.checkpoint !== null);
    // Runner A is abandoned here: no dispose, as when the process is killed.

    const clockB = clock(clockA.now());
    const seen: { recovering: boolean; checkpoint: unknown; attempts: number }[] = [];
    const b = runner(again(), { now: clockB.now });
    b.register(
      'publish',
      {
        run: (ctx) => {
          seen.push({
            recovering: ctx.recovering,
            checkpoint: ctx.job.checkpoint,
            attempts: ctx.job.attempts,
          });
          return Promise.resolve();
        },
      },
      { leaseMs: 1_000, quarantineMs: 5_000 },
    );
    b.start();
    await sleep(40);
    expect(state(b, job.id)).toBe('running');

    clockB.advance(1_001);
    b.wake();
    await until(() => state(b, job.id) === 'unknown');
    expect(b.get(job.id)).toMatchObject({
      runAfter: clockB.now() + 5_000,
      errorClass: 'ambiguous',
      leaseOwner: null,
    });
    clockB.advance(4_000);
    b.wake();
    await sleep(40);
    expect(seen).toEqual([]);

    clockB.advance(1_000);
    b.wake();
    await until(() => state(b, job.id) === 'done');
    expect(seen).toEqual([{ recovering: true, checkpoint: { step: 'create-vod' }, attempts: 2 }]);

    // The abandoned runner's attempt ends late: it no longer holds the job and writes nothing.
    await a.dispose();
    expect(b.get(job.id)).toMatchObject({ state: 'done', attempts: 2, lastError: null });
  });

  it('ends a job whose runner died cancelled if that was asked, failed if it was its last attempt', async () => {
    const { db, again } = database();
    const hang: JobHandler = {
      run: (ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
        ),
    };
    const options = { leaseMs: 1_000, quarantineMs: 0, maxAttempts: 1, concurrency: 2 };
    const c = clock();
    const a = runner(db, { now: c.now });
    a.register('publish', hang, options);
    const cancelled = a.enqueue('publish', 'cancel-me', {}).job.id;
    const last = a.enqueue('publish', 'last-try', {}).job.id;
    a.start();
    await until(() => a.list({ states: ['running'] }).length === 2);

    const b = runner(again(), { now: () => c.now() + 1_001 });
    b.register('publish', hang, options);
    b.cancel(cancelled); // seen by b only as a request: a holds it
    b.start();
    await until(() => state(b, last) === 'failed');
    expect(b.get(cancelled)).toMatchObject({ state: 'cancelled', errorClass: 'ambiguous' });
    expect(b.get(last)?.lastError).toMatch(/attempt 1 of 1, the last one/);
  });
});

describe('errors', () => {
  it('moves each error class to its state, with backoff, Retry-After and quarantine', async () => {
    const { db } = database();
    const c = clock();
    const r = runner(db, { now: c.now, random: () => 0.5 });
    const errors: Record<string, Error> = {
      unreached: JobError.unreached('Connection refused by 10.0.0.5.'),
      rejected: JobError.rejected('The server is busy (503).', 30_000),
      ambiguous: JobError.ambiguous('No answer within 30 s.'),
      unclassified: new Error('socket hang up'),
      refused: JobError.refused('The show no longer exists (404).'),
    };
    r.register(
      'publish',
      {
        run: (ctx) => Promise.reject(errors[ctx.job.key]!),
      },
      {
        concurrency: 5,
        maxAttempts: 3,
        backoff: { baseMs: 1_000, capMs: 60_000 },
        quarantineMs: 120_000,
      },
    );
    const id = Object.fromEntries(
      Object.keys(errors).map((key) => [key, r.enqueue('publish', key, {}).job.id]),
    );
    const t0 = c.now();
    r.start();
    await until(() => r.list({ states: ['running', 'queued'] }).every((j) => j.attempts === 1));
    await until(() => r.list({ states: ['running'] }).length === 0);

    expect(r.get(id.unreached!)).toMatchObject({
      state: 'queued',
      errorClass: 'unreached',
      runAfter: t0 + 500,
      lastError: 'Connection refused by 10.0.0.5.',
    });
    expect(r.get(id.rejected!)).toMatchObject({
      state: 'queued',
      errorClass: 'rejected',
      runAfter: t0 + 30_000,
    });
    expect(r.get(id.ambiguous!)).toMatchObject({
      state: 'unknown',
      errorClass: 'ambiguous',
      runAfter: t0 + 120_000,
    });
    expect(r.get(id.unclassified!)).toMatchObject({ state: 'unknown', errorClass: 'ambiguous' });
    expect(r.get(id.unclassified!)?.lastError).toMatch(/^socket hang up \(not classified/);
    expect(r.get(id.refused!)).toMatchObject({
      state: 'failed',
      attempts: 1,
      errorClass: 'refused',
      lastError: 'The show no longer exists (404).',
      finishedAt: t0,
    });

    // The second wait doubles (half of 2 s with this random), the third attempt is the last.
    c.advance(500);
    r.wake();
    await until(() => r.get(id.unreached!)?.attempts === 2 && state(r, id.unreached!) === 'queued');
    expect(r.get(id.unreached!)?.runAfter).toBe(c.now() + 1_000);
    c.advance(1_000);
    r.wake();
    await until(() => state(r, id.unreached!) === 'failed');
    expect(r.get(id.unreached!)).toMatchObject({ attempts: 3, errorClass: 'unreached' });
    expect(r.get(id.unreached!)?.lastError).toBe(
      'Gave up after 3 attempts: Connection refused by 10.0.0.5.',
    );
  });

  it('backs off exponentially with full jitter, up to the cap', () => {
    const policy = { baseMs: 1_000, capMs: 5_000 };
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, policy, () => 0.999999))).toEqual([
      999, 1_999, 3_999, 4_999, 4_999,
    ]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(backoffMs(3, policy, () => 0.25)).toBe(1_000);
  });
});

describe('a person’s actions', () => {
  it('retries a failed job with fresh attempts, reconciling first if it may have reached the server', async () => {
    const { db } = database();
    const runs: { key: string; recovering: boolean; attempts: number }[] = [];
    let fail = true;
    const r = runner(db);
    r.register(
      'publish',
      {
        run: (ctx) => {
          runs.push({ key: ctx.job.key, recovering: ctx.recovering, attempts: ctx.job.attempts });
          if (!fail) return Promise.resolve();
          return Promise.reject(
            ctx.job.key === 'refused' ? JobError.refused('no') : JobError.ambiguous('timeout'),
          );
        },
      },
      { maxAttempts: 1 },
    );
    const refused = r.enqueue('publish', 'refused', {}).job.id;
    const ambiguous = r.enqueue('publish', 'ambiguous', {}).job.id;
    r.start();
    await until(() => r.list({ states: ['failed'] }).length === 2);
    expect(() => r.retry(r.enqueue('publish', 'new', {}, { runAfter: 8e15 }).job.id)).toThrow(
      /only a failed or cancelled job can be retried/,
    );

    fail = false;
    expect(r.retry(refused)).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
    expect(r.retry(ambiguous).state).toBe('unknown');
    await until(() => state(r, refused) === 'done' && state(r, ambiguous) === 'done');
    expect(runs.slice(2)).toEqual(
      expect.arrayContaining([
        { key: 'refused', recovering: false, attempts: 1 },
        { key: 'ambiguous', recovering: true, attempts: 1 },
      ]),
    );
  });

  it('marks a job done with a note, but not a running one', async () => {
    const { db } = database();
    const r = runner(db);
    const handler = gated();
    r.register('publish', handler);
    const { job } = r.enqueue('publish', 'k', {});
    r.start();
    await until(() => handler.started.length === 1);
    expect(() => r.markDone(job.id, 'x')).toThrow(/is running/);
    handler.release(job.id);
    await until(() => state(r, job.id) === 'done');
    const other = r.enqueue('publish', 'other', {}, { runAfter: 8e15 }).job.id;
    expect(r.markDone(other, 'The VOD was already on the server.')).toMatchObject({
      state: 'done',
      note: 'The VOD was already on the server.',
    });
  });

  it('cancels a waiting job at once and a running one through its signal', async () => {
    const { db } = database();
    const r = runner(db);
    const aborted: unknown[] = [];
    r.register(
      'publish',
      {
        run: async (ctx) => {
          if (ctx.job.key === 'finishes-anyway') {
            await sleep(30);
            return;
          }
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          aborted.push(ctx.signal.reason);
          throw ctx.signal.reason;
        },
      },
      { concurrency: 2 },
    );
    const running = r.enqueue('publish', 'running', {}).job.id;
    const anyway = r.enqueue('publish', 'finishes-anyway', {}).job.id;
    const waiting = r.enqueue('publish', 'waiting', {}, { runAfter: 8e15 }).job.id;
    r.cancel(waiting);
    expect(r.get(waiting)).toMatchObject({ state: 'cancelled' });
    expect(() => r.cancel(waiting)).toThrow(/already cancelled/);

    r.start();
    await until(() => r.list({ states: ['running'] }).length === 2);
    r.cancel(running);
    r.cancel(anyway);
    await until(() => state(r, running) === 'cancelled');
    expect(aborted).toHaveLength(1);
    expect((aborted[0] as JobError).message).toBe('Cancelled by an operator.');
    expect(r.get(running)).toMatchObject({ errorClass: 'ambiguous', cancelRequested: false });
    // A handler that finished its work despite the cancel is done: the server has it.
    await until(() => state(r, anyway) === 'done');
    expect(r.retry(running).state).toBe('unknown');
  });
});

describe('pause and resume', () => {
  it('claims nothing while paused, as a whole or by kind', async () => {
    const { db } = database();
    const r = runner(db);
    const ran: string[] = [];
    const record: JobHandler = {
      run: (ctx) => {
        ran.push(ctx.job.kind);
        return Promise.resolve();
      },
    };
    r.register('publish', record);
    r.register('webhook', record);
    r.pause();
    r.start();
    r.enqueue('publish', 'a', {});
    r.enqueue('webhook', 'a', {});
    await sleep(60);
    expect(ran).toEqual([]);
    expect(r.isPaused()).toBe(true);

    r.pause('webhook');
    r.resume();
    await until(() => ran.length === 1);
    await sleep(40);
    expect(ran).toEqual(['publish']);
    r.resume('webhook');
    await until(() => ran.length === 2);
  });
});

describe('dispose', () => {
  it('aborts running handlers, waits for them, leaves their jobs to be reconciled and claims no more', async () => {
    const { db } = database();
    const r = runner(db);
    let finished = false;
    r.register(
      'publish',
      {
        run: async (ctx) => {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          await sleep(50);
          finished = true;
          throw ctx.signal.reason;
        },
      },
      { quarantineMs: 0, maxAttempts: 1 },
    );
    const { job } = r.enqueue('publish', 'k', {});
    r.start();
    await until(() => state(r, job.id) === 'running');
    await r.dispose();
    expect(finished).toBe(true);
    // Stopping is not a failure of the job, even on its last attempt.
    expect(r.get(job.id)).toMatchObject({ state: 'unknown', leaseOwner: null, attempts: 1 });
    r.enqueue('publish', 'after', {});
    await sleep(40);
    expect(r.list({ states: ['running'] })).toEqual([]);
  });
});

describe('events and progress', () => {
  it('reports changed jobs, coalesced, and keeps the last progress', async () => {
    const { db } = database();
    const events: number[][] = [];
    const r = runner(db, {
      onChange: (ids) => events.push(ids),
      changeIntervalMs: 50,
      progressIntervalMs: 20,
    });
    r.register('publish', {
      run: async (ctx) => {
        for (let percent = 0; percent <= 100; percent += 1) ctx.progress({ percent });
        await sleep(30);
      },
    });
    const ids = ['a', 'b', 'c'].map((key) => r.enqueue('publish', key, {}).job.id);
    r.start();
    await until(() => ids.every((id) => state(r, id) === 'done'));
    await sleep(80);
    expect(r.get(ids[2]!)?.progress).toEqual({ percent: 100 });
    expect(new Set(events.flat())).toEqual(new Set(ids));
    // Many changes (enqueues, claims, progress, ends) in few events.
    expect(events.length).toBeLessThan(12);
  });
});

describe('two runners on one database', () => {
  it('never run one job twice, at once or one after the other', async () => {
    const { db, again } = database();
    const inFlight = new Set<number>();
    const runs = new Map<number, number>();
    let overlap = 0;
    const handler: JobHandler = {
      run: async (ctx) => {
        if (inFlight.has(ctx.job.id)) overlap += 1;
        inFlight.add(ctx.job.id);
        runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
        await sleep(Math.random() * 5);
        inFlight.delete(ctx.job.id);
      },
    };
    const a = runner(db);
    const b = runner(again());
    a.register('publish', handler, { concurrency: 3 });
    b.register('publish', handler, { concurrency: 3 });
    for (let i = 0; i < 40; i += 1) a.enqueue('publish', `k${i}`, {});
    a.start();
    b.start();
    await until(() => a.list({ states: ['done'] }).length === 40);
    expect(overlap).toBe(0);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(40);
  });
});
