import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryStatus } from '../../shared/library';
import type { ScheduleView } from '../../shared/schedules';
import {
  call,
  publishingCore,
  publishingWorkspace,
  until,
  writeRecordings,
} from './testing/publish-fixture';

/*
 * The storage-folder rescan as a schedule of the real scheduler, on a clock the test moves: it runs
 * at its interval, the Transcriptions screen's choice is its interval, and an interval an earlier
 * version kept in the library's own table carries over once.
 */

const ws = publishingWorkspace('archivist-rescan-', { seed: { shows: 5, randomSeed: 4 } });

let offset = 0;
const now = (): number => Date.now() + offset;

async function start() {
  ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url, now });
  return ws.core;
}

describe('the storage-folder rescan schedule', () => {
  it('finds a recording copied in since the last scan at its next run', async () => {
    const core = await start();
    const folder = join(ws.dataDir, 'recordings');
    writeRecordings(folder, [1]);
    await call(core, 'library.folders.add', { path: folder });
    await core.library.service.idle();
    expect(Object.values(core.library.service.status().counts).reduce((a, b) => a + b)).toBe(1);

    // A share sends no change event: the copy is found by the rescan, at its time.
    writeRecordings(folder, [2]);
    offset += 61_000;
    core.schedules.scheduler.tick();
    const run = await until(
      'the rescan',
      () => core.schedules.scheduler.view('library.rescan'),
      (v: ScheduleView) => v.lastRun?.finishedAt != null && v.state === 'idle',
    );
    expect(run.lastRun).toMatchObject({ result: 'ok', message: '2 recordings in 1 folder.' });
  });

  it('takes the Transcriptions screen’s choice as its interval, and shows a cron spec as such', async () => {
    const core = await start();
    const status = await call<LibraryStatus>(core, 'library.schedule', { rescanIntervalSec: 300 });
    expect(status.rescanIntervalSec).toBe(300);
    expect(core.schedules.scheduler.view('library.rescan')).toMatchObject({
      spec: { kind: 'interval', seconds: 300 },
      summary: 'Every 5 minutes',
    });
    await call(core, 'schedules.update', {
      id: 'library.rescan',
      spec: { kind: 'cron', expression: '*/10 * * * *' },
    });
    expect((await call<LibraryStatus>(core, 'library.status')).rescanIntervalSec).toBeNull();
  });

  it('carries over, once, the interval an earlier version kept for the rescan', async () => {
    const first = await start();
    await first.dispose();
    ws.core = null;
    // What an earlier version left: its own row in library_settings.
    const db = new Database(join(ws.dataDir, 'archivist.sqlite'));
    db.prepare('INSERT INTO library_settings (id, rescan_interval_sec) VALUES (1, 900)').run();
    db.close();

    const core = await start();
    expect(core.schedules.scheduler.view('library.rescan')).toMatchObject({
      spec: { kind: 'interval', seconds: 900 },
      isDefault: false,
    });
    expect((await call<LibraryStatus>(core, 'library.status')).rescanIntervalSec).toBe(900);
    // Back to the default in Settings › Schedules: a restart does not bring the old value back.
    await call(core, 'schedules.update', { id: 'library.rescan', spec: null });
    await core.dispose();
    const again = await start();
    expect(again.schedules.scheduler.view('library.rescan').isDefault).toBe(true);
  });
});
