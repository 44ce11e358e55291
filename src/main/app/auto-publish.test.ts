import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordingDetail } from '../../shared/library';
import type { PublishJobRow, PublishQueueStatus } from '../../shared/publishing';
import type { ScheduleView } from '../../shared/schedules';
import type { Core } from './core';
import {
  call,
  prepareLibrary,
  publishingCore,
  publishingWorkspace,
  until,
  writeRecordings,
} from './testing/publish-fixture';

/*
 * Auto-publish end to end in the core: the real scheduler and job runner on a clock the test
 * moves, the real library and publish pipeline, against the simulator over HTTP.
 */

const ws = publishingWorkspace('archivist-auto-publish-', {
  seed: { shows: 20, randomSeed: 5 },
  vodQueueMs: 20,
  transcodeMs: 100,
  uploadProcessingMs: 30,
});

/**
 * The test's clock: a time it sets, running on from there as real time passes (the publish
 * pipeline's retries and polls wait on it). Starts on Friday 2026-12-04, 22:00 in Chicago.
 */
let offset = 0;
const clock = (): number => Date.now() + offset;
function setClock(iso: string): void {
  offset = Date.parse(iso) - Date.now();
}

beforeEach(() => setClock('2026-12-05T04:00:00Z'));

async function start(env: Record<string, string> = {}): Promise<Core> {
  const core = (ws.core = await publishingCore({
    dataDir: ws.dataDir,
    serverUrl: ws.sim.url,
    concurrency: 1,
    now: clock,
    env: { AUTO_PUBLISH_TO_VOD: 'true', ...env },
  }));
  await call(core, 'settings.update', { schedules: { timeZone: 'America/Chicago' } });
  return core;
}

/** Recordings with captions and a summary beside them: ready once linked by their file key. */
function writeReadyRecordings(folder: string, showIds: number[]): void {
  writeRecordings(folder, showIds);
  for (const id of showIds) {
    writeFileSync(
      join(folder, `${id}-1-Council Meeting ${id}_summary.txt`),
      `The commission met.\n00:00:01 Call to order\n`,
    );
  }
}

async function approve(c: Core, recordingId: number): Promise<void> {
  const { draft } = await call<RecordingDetail>(c, 'library.get', { id: recordingId });
  await call(c, 'library.draft.save', {
    id: recordingId,
    title: draft.title,
    cgTitle: draft.cgTitle,
    description: draft.description,
    tags: draft.tags,
    chapters: draft.chapters,
    chaptersSource: draft.chaptersSource,
    fields: draft.fields,
    approved: true,
  });
}

/** VODs on the server for these shows. */
function vodCount(showIds: number[]): number {
  return showIds.reduce((n, id) => n + (ws.sim.data.shows.get(id)?.vods.length ?? 0), 0);
}

async function rows(c: Core): Promise<PublishJobRow[]> {
  return (await call<{ rows: PublishJobRow[] }>(c, 'publish.list', {})).rows;
}

/** The run due at `due` (ISO), once it ended: the clock was set there, then the scheduler looked. */
async function autoRun(c: Core, due: string): Promise<ScheduleView> {
  setClock(due);
  c.schedules.scheduler.tick();
  return until(
    `the auto-publish run due at ${due}`,
    () => c.schedules.scheduler.view('publishing.auto'),
    (v) => v.state === 'idle' && v.lastRun?.scheduledFor === due && v.lastRun.finishedAt !== null,
  );
}

async function allDone(c: Core): Promise<PublishJobRow[]> {
  return until(
    'the queue to finish',
    () => rows(c),
    (r) => r.every((row) => row.state === 'done'),
    15_000,
  );
}

describe('auto-publish', () => {
  it('queues each ready, approved recording once, across two scheduled runs and a restart', async () => {
    const showIds = [1, 2, 3].map((i) => {
      const show = ws.sim.data.addShow({ title: `Planning Commission ${i}` });
      ws.sim.data.addReel(show.id, { length: 3600 });
      return show.id;
    });
    let c = await start();
    await c.catalog.sync.runToEnd('full');
    const folder = join(ws.dataDir, 'recordings');
    writeReadyRecordings(folder, showIds);
    const [first, second, third] = (await prepareLibrary(c, folder)) as [number, number, number];
    await approve(c, first);
    await approve(c, second);

    // Before 23:00 nothing is due; at 23:00 on Friday the two approved ones go, one per batch.
    expect(c.schedules.scheduler.view('publishing.auto').nextRunAt).toBe(
      '2026-12-05T05:00:00.000Z',
    );
    const run = await autoRun(c, '2026-12-05T05:00:00.000Z');
    expect(run.lastRun).toMatchObject({
      trigger: 'schedule',
      result: 'ok',
      message: 'Queued 2 recordings in 2 batches.',
    });
    const done = await allDone(c);
    expect(done.map((r) => [r.recordingId, r.origin])).toEqual([
      [first, 'auto'],
      [second, 'auto'],
    ]);
    expect(new Set(done.map((r) => r.batchId)).size).toBe(2);
    expect(vodCount(showIds)).toBe(2);

    // The third is approved; the app restarts; Monday 23:00 takes only it.
    await approve(c, third);
    await c.dispose();
    ws.core = null;
    // It is due as the app starts: the start-up look runs it.
    setClock('2026-12-08T05:00:00.000Z');
    c = await start();
    const monday = await autoRun(c, '2026-12-08T05:00:00.000Z');
    expect(monday.lastRun?.message).toBe('Queued 1 recording in 1 batch.');
    const all = await allDone(c);
    expect(all.map((r) => r.recordingId).sort()).toEqual([first, second, third].sort());
    expect(vodCount(showIds)).toBe(3);

    // Tuesday: nothing new.
    const tuesday = await autoRun(c, '2026-12-09T05:00:00.000Z');
    expect(tuesday.lastRun).toMatchObject({ result: 'skipped' });
    expect(tuesday.lastRun?.message).toMatch(
      /^Nothing new was ready to publish with an approved draft\./,
    );
    expect(await rows(c)).toHaveLength(3);
  });

  it('trusts saved drafts when the station says so, and leaves a paused queue paused', async () => {
    const showIds = [1, 2].map((i) => {
      const show = ws.sim.data.addShow({ title: `School Board ${i}` });
      ws.sim.data.addReel(show.id, { length: 1800 });
      return show.id;
    });
    const c = await start();
    await call(c, 'settings.update', { publishing: { autoPublishApproval: 'trusted' } });
    await c.catalog.sync.runToEnd('full');
    const folder = join(ws.dataDir, 'recordings');
    writeReadyRecordings(folder, showIds);
    await prepareLibrary(c, folder);
    await call<PublishQueueStatus>(c, 'publish.pause');

    const run = await autoRun(c, '2026-12-05T05:00:00.000Z');
    expect(run.lastRun?.message).toBe(
      'Queued 2 recordings in 2 batches. The queue is paused: they wait in it.',
    );
    const queued = await rows(c);
    expect(queued.map((r) => [r.state, r.origin])).toEqual([
      ['queued', 'auto'],
      ['queued', 'auto'],
    ]);

    // The next run finds them still waiting in the queue: queued once, not twice.
    const next = await autoRun(c, '2026-12-08T05:00:00.000Z');
    expect(next.lastRun?.message).toBe(
      'Nothing new was ready to publish. 2 ready recordings already had a publish (queued, failed or done) and were left alone.',
    );
    expect(await rows(c)).toHaveLength(2);
  });

  it('does nothing while the setting is off, and says what turns it on', async () => {
    const c = await start({ AUTO_PUBLISH_TO_VOD: 'false' });
    const view = c.schedules.scheduler.view('publishing.auto');
    expect(view).toMatchObject({ nextRunAt: null });
    expect(view.disabled).toMatch(/AUTO_PUBLISH_TO_VOD=true/);
    setClock('2026-12-05T05:00:00Z');
    c.schedules.scheduler.tick();
    expect(c.schedules.scheduler.view('publishing.auto').lastRun).toBeNull();
    await expect(call(c, 'schedules.runNow', { id: 'publishing.auto' })).rejects.toThrow(
      /FAILED_PRECONDITION Off: turn on Auto-publish/,
    );

    // Turned on in Settings: it runs at the next 23:00 on a weekday, not for the one just missed.
    await call(c, 'settings.update', { publishing: { autoPublish: true } });
    expect(c.schedules.scheduler.view('publishing.auto')).toMatchObject({
      disabled: null,
      nextRunAt: '2026-12-08T05:00:00.000Z',
    });
  });
});
