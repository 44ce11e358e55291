import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionTestResult } from '../../shared/connection';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { defaultMigrationsDir, openDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { HealthMonitor, type HealthMonitorOptions } from './health-monitor';
import { childProcessProber, type StorageProber } from './storage-probe';

/*
 * The health checks on a real SQLite file, real folders probed by a real child process, and the
 * rest (Cablecast's answer, the queue, the webhooks) as the test sets them.
 */

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});

const REACHABLE: ConnectionTestResult = {
  ok: true,
  apiBase: 'https://station.example/cablecastapi/v1',
  serverVersion: '7.6.2.0',
  siteName: 'Station',
  user: 'ops',
  canWrite: true,
  rights: 'Signed in as ops. This account may publish.',
  problem: null,
  elapsedMs: 12,
  testedAt: '2026-12-04T18:00:00.000Z',
};

function setUp(overrides: Partial<HealthMonitorOptions> = {}) {
  const temp = makeTempDir('archivist-health-');
  cleanups.push(temp.remove);
  const file = join(temp.dir, 'archivist.sqlite');
  const database = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
  cleanups.push(() => database.close());
  const folder = join(temp.dir, 'recordings');
  mkdirSync(folder);
  let t = Date.parse('2026-12-04T18:00:00Z');
  const state = {
    cablecast: REACHABLE as ConnectionTestResult | null,
    folders: [folder],
    transcoding: [] as { jobId: number; since: string; show: string }[],
    failing: [] as { url: string; answer: string | null }[],
    settings: { ...DEFAULT_SETTINGS.health, minFreeGb: 0 },
  };
  const changes: { service: string; from: string; to: string }[] = [];
  const make = () =>
    new HealthMonitor({
      database,
      dataDir: temp.dir,
      databaseFile: file,
      settings: () => state.settings,
      cablecast: () => Promise.resolve(state.cablecast),
      vod: () => ({ transcoding: state.transcoding, failed: 0 }),
      webhooks: () => ({ failing: state.failing, deadLetters: 0, endpoints: 2 }),
      storageFolders: () => state.folders,
      prober: childProcessProber(),
      logger: silentLogger,
      now: () => t,
      onChange: ({ service, from, to }) => changes.push({ service, from, to }),
      ...overrides,
    });
  return {
    temp,
    folder,
    state,
    changes,
    make,
    monitor: make(),
    advance: (ms: number) => (t += ms),
  };
}

describe('the health checks', () => {
  it('reports every service in the original shape, with the detail of each check', async () => {
    const { monitor, folder } = setUp();
    const report = await monitor.check();
    expect(report.healthy).toBe(true);
    expect(report.services).toEqual({
      cablecast: true,
      vod: true,
      webhooks: true,
      storage: true,
      database: true,
    });
    expect(report.details.cablecast.message).toMatch(/Reachable, version 7\.6\.2\.0/);
    expect(report.details.storage.checks).toEqual([
      expect.objectContaining({
        id: `storage:${folder}`,
        state: 'ok',
        message: expect.stringMatching(/^Readable and writable, .* GB free\.$/),
      }),
    ]);
    expect(report.details.database.message).toMatch(/^Intact, /);
  });

  it('names a missing folder, a file given as a folder, and says what to do', async () => {
    const { monitor, state, temp } = setUp();
    const file = join(temp.dir, 'not-a-folder.mp4');
    writeFileSync(file, 'x');
    state.folders = [join(temp.dir, 'unmounted-share'), file];
    const report = await monitor.check();
    expect(report.healthy).toBe(false);
    expect(report.services.storage).toBe(false);
    expect(
      report.details.storage.checks.map((c) => [c.state, c.message.slice(0, 14), c.action]),
    ).toEqual([
      [
        'down',
        'Not found (ENO',
        'Mount the share or connect the drive, or remove the folder from the list.',
      ],
      ['down', 'It is a file, ', 'Remove it and add its folder.'],
    ]);
  });

  it('warns when a folder is readable but not writable, or low on space', async () => {
    const { monitor, state, folder } = setUp();
    state.settings = { ...state.settings, minFreeGb: 1e9 };
    let report = await monitor.check();
    expect(report.details.storage.checks[0]).toMatchObject({
      state: 'warn',
      message: expect.stringMatching(/^Only .* free/),
    });
    expect(report.healthy).toBe(true); // a warning is not "down"
    if (process.getuid?.() !== 0) {
      // (root writes anywhere: this part needs an ordinary account)
      state.settings = { ...state.settings, minFreeGb: 0 };
      chmodSync(folder, 0o555);
      cleanups.push(() => chmodSync(folder, 0o755));
      report = await monitor.check();
      expect(report.details.storage.checks[0]?.message).toMatch(/not writable/);
    }
  });

  it('confirms a change only when two checks in a row agree, and says since when', async () => {
    const { monitor, state, changes, advance } = setUp();
    const first = await monitor.check();
    const since = first.details.cablecast.since;
    state.cablecast = {
      ...REACHABLE,
      ok: false,
      problem: { kind: 'unreachable', message: 'Connection refused.' },
    };

    advance(60_000);
    const once = await monitor.check();
    // Shown as it is now, but one bad answer is not an outage yet: no alert.
    expect(once.details.cablecast.state).toBe('down');
    expect(once.details.cablecast.message).toMatch(/seen once/);
    expect(changes).toEqual([]);

    advance(60_000);
    const twice = await monitor.check();
    expect(twice.details.cablecast).toMatchObject({
      state: 'down',
      message: 'Connection refused.',
    });
    expect(twice.details.cablecast.since).not.toBe(since);
    expect(twice.details.cablecast.since).toBe(once.details.cablecast.since);
    expect(twice.healthy).toBe(false);
    expect(changes).toEqual([{ service: 'cablecast', from: 'ok', to: 'down' }]);

    // A flap (up once, down again) changes nothing.
    state.cablecast = REACHABLE;
    advance(60_000);
    await monitor.check();
    state.cablecast = {
      ...REACHABLE,
      ok: false,
      problem: { kind: 'timeout', message: 'Timed out.' },
    };
    advance(60_000);
    await monitor.check();
    expect(changes).toHaveLength(1);

    state.cablecast = REACHABLE;
    advance(60_000);
    await monitor.check();
    advance(60_000);
    await monitor.check();
    expect(changes).toEqual([
      { service: 'cablecast', from: 'ok', to: 'down' },
      { service: 'cablecast', from: 'down', to: 'ok' },
    ]);
    // The timeline shows the outage, and a restart keeps "since when".
    const timeline = monitor.timeline(24);
    expect(timeline.spans.filter((s) => s.service === 'cablecast').map((s) => s.state)).toEqual([
      'ok',
      'down',
      'ok',
    ]);
  });

  it('calls a VOD transcoding past the threshold stuck', async () => {
    const { monitor, state } = setUp();
    state.transcoding = [
      { jobId: 4, since: '2026-12-04T14:00:00.000Z', show: 'Council Meeting' },
      { jobId: 5, since: '2026-12-04T17:50:00.000Z', show: 'Planning Board' },
    ];
    const report = await monitor.check();
    expect(report.details.vod).toMatchObject({
      state: 'down',
      message: expect.stringMatching(
        /1 VOD has been transcoding for more than 120 minutes \(Council Meeting\)/,
      ),
    });
  });

  it('answers within its wait even when a share hangs, and the hung check fails at its timeout', async () => {
    const hang: StorageProber = () => new Promise(() => undefined);
    const { monitor, state } = setUp({ prober: hang });
    state.settings = { ...state.settings, checkTimeoutMs: 1_000 };
    const started = Date.now();
    const quick = await monitor.within(300, 0);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(quick.checkedAt).toBeNull(); // nothing known yet: said so, not made up
    expect(quick.healthy).toBe(false);
    const report = await monitor.check();
    expect(report.details.storage.checks[0]).toMatchObject({
      state: 'down',
      message: 'Storage folders did not answer within 1 s.',
    });
    expect(report.details.cablecast.state).toBe('ok');
  });

  it('kills a probe child that does not answer in time', async () => {
    const { temp } = setUp();
    // A "Node" that never answers, as a child stuck on a dead share would.
    const stuck = join(temp.dir, 'stuck-node.sh');
    writeFileSync(stuck, '#!/bin/sh\nsleep 30\n');
    chmodSync(stuck, 0o755);
    const started = Date.now();
    await expect(childProcessProber(stuck)([temp.dir], 500)).rejects.toThrow(
      /did not finish within 0\.5 s/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
