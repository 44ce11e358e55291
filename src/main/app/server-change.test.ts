import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/catalog';
import type { PublishBatchView, PublishJobRow, PublishQueueStatus } from '../../shared/publishing';
import type { SchedulesStatus } from '../../shared/schedules';
import type { SettingsView } from '../../shared/settings';
import { startSimulator, type Simulator } from '../simulator';
import {
  call,
  prepareLibrary,
  publishingCore,
  publishingWorkspace,
  QUICK_VODS,
  until,
  writeRecordings,
} from './testing/publish-fixture';

/*
 * A new server address applies at once and stops only the work that was talking to the previous
 * server (a sync, the publish queue's jobs), saying so; an address written another way for the same
 * server stops nothing.
 */

const ws = publishingWorkspace('archivist-server-change-', {
  seed: { shows: 40, randomSeed: 11 },
  ...QUICK_VODS,
});

let other: Simulator | null = null;
afterEach(async () => {
  await other?.close();
  other = null;
});

describe('changing the Cablecast server', () => {
  it('stops a running sync and holds the publish queue, says so, and leaves the rest alone', async () => {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    await core.catalog.sync.runToEnd('full');
    const showIds = [...ws.sim.data.showIds()].slice(0, 2);
    const folder = join(ws.dataDir, 'recordings');
    writeRecordings(folder, showIds);
    const recordingIds = await prepareLibrary(core, folder);
    const schedulesBefore = await call<SchedulesStatus>(core, 'schedules.list');

    // The old server is slow now: a sync and two publishes are under way against it.
    ws.sim.addFault({ kind: 'latency', value: 400 });
    const batch = await call<PublishBatchView>(core, 'publish.enqueue', { recordingIds });
    await call(core, 'sync.start', { mode: 'full' });
    await until(
      'a publish to start',
      () => call<{ rows: PublishJobRow[] }>(core, 'publish.list', {}),
      (l) => l.rows.some((r) => r.state === 'running'),
    );

    other = await startSimulator({ seed: { shows: 5, randomSeed: 2 } });
    const view = await call<SettingsView>(core, 'settings.update', {
      cablecast: { serverUrl: other.url },
    });

    expect(view.applied).toHaveLength(1);
    expect(view.applied?.[0]).toMatch(/^The Cablecast server changed: /);
    expect(view.applied?.[0]).toMatch(/catalog sync that was running was stopped/);
    expect(view.applied?.[0]).toMatch(/publish queue was paused with 2 jobs open/);
    expect((await call<SyncStatus>(core, 'sync.status')).running).toBe(false);
    const queue = await call<{ status: PublishQueueStatus }>(core, 'publish.list', {});
    expect(queue.status.paused).toBe(true);
    // Held, not lost: every job is still there, none failed or cancelled.
    const jobs = await until(
      'the running jobs to stop',
      () => call<{ rows: PublishJobRow[] }>(core, 'publish.list', {}),
      (l) => l.rows.every((r) => r.state !== 'running'),
    );
    expect(jobs.rows.map((r) => r.id).sort()).toEqual(batch.rows.map((r) => r.id).sort());
    expect(jobs.rows.every((r) => ['queued', 'unknown'].includes(r.state))).toBe(true);
    // The schedules were not touched.
    const schedulesAfter = await call<SchedulesStatus>(core, 'schedules.list');
    expect(schedulesAfter.schedules.map((s) => [s.id, s.paused, s.spec])).toEqual(
      schedulesBefore.schedules.map((s) => [s.id, s.paused, s.spec]),
    );
    // The next sync reads the new server from the start.
    await core.catalog.sync.runToEnd('incremental');
    expect(core.catalog.repo.showCount()).toBe(5);
  });

  it('stops nothing when the address names the same server another way, or other settings change', async () => {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    await core.catalog.sync.runToEnd('full');
    const same = await call<SettingsView>(core, 'settings.update', {
      cablecast: {
        serverUrl: `${ws.sim.url}/CablecastAPI/v1/`,
      },
    });
    expect(same.applied).toBeUndefined();
    const timeout = await call<SettingsView>(core, 'settings.update', {
      cablecast: { timeoutMs: 5_000 },
      publishing: { concurrency: 3 },
    });
    expect(timeout.applied).toBeUndefined();
    expect(
      (await call<{ status: PublishQueueStatus }>(core, 'publish.list', {})).status.paused,
    ).toBe(false);
  });

  it('says when nothing was working with the previous server', async () => {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    other = await startSimulator({ seed: { shows: 5, randomSeed: 2 } });
    const view = await call<SettingsView>(core, 'settings.update', {
      cablecast: { serverUrl: other.url },
    });
    expect(view.applied).toEqual([
      'The Cablecast server changed; nothing was working with the previous one.',
    ]);
  });
});
