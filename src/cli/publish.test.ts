import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishJobDetail } from '../shared/publishing';
import type { Core, CorePlatform } from '../main/app/core';
import {
  call,
  FAST_TUNING,
  NO_PROBE,
  prepareLibrary,
  publishingCore,
  until,
  writeRecordings,
} from '../main/app/testing/publish-fixture';
import { silentLogger } from '../main/logging/logger';
import { MemorySecretStore } from '../main/secrets/memory-secret-store';
import { startSimulator, type Simulator } from '../main/simulator';
import { main } from './main';
import { publishCommand } from './publish.command';

let dataDir: string;
let sim: Simulator;
let core: Core | null = null;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'archivist-cli-publish-'));
  sim = await startSimulator({
    seed: { shows: 30, randomSeed: 11 },
    vodQueueMs: 20,
    transcodeMs: 300,
    uploadProcessingMs: 60,
  });
});

afterEach(async () => {
  await core?.dispose();
  core = null;
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** New shows with one reel, no file and no VOD; their recordings in the library, drafts saved. */
async function library(count: number): Promise<{ showIds: number[]; recordingIds: number[] }> {
  const showIds = Array.from({ length: count }, (_, i) => {
    const show = sim.data.addShow({ title: `City Council Regular Meeting ${i + 1}` });
    sim.data.addReel(show.id, { length: 3600 });
    return show.id;
  });
  const c = await publishingCore({ dataDir, serverUrl: sim.url });
  try {
    await c.catalog.sync.runToEnd('full');
    const folder = join(dataDir, 'recordings');
    writeRecordings(folder, showIds, 200_000);
    const recordingIds = await prepareLibrary(c, folder);
    // The same order as the shows: the recordings are named by their file keys.
    const rows = await call<{ rows: { id: number; link: { showId: number } | null }[] }>(
      c,
      'library.list',
      { states: [], text: '' },
    );
    const byShow = new Map(rows.rows.map((r) => [r.link?.showId, r.id]));
    expect(recordingIds).toHaveLength(count);
    return { showIds, recordingIds: showIds.map((id) => byShow.get(id)!) };
  } finally {
    await c.dispose();
  }
}

const platform = (): Partial<CorePlatform> => ({
  env: {
    CABLECAST_API_URL: sim.url,
    CABLECAST_USER_ID: 'admin',
    CABLECAST_PASSWORD: 'admin',
    CABLECAST_TIMEOUT: '2000ms',
    CABLECAST_MAX_RETRIES: '2',
    CABLECAST_RETRY_DELAY: '20ms',
  },
  secrets: new MemorySecretStore(),
  logger: silentLogger,
  prober: NO_PROBE,
  settleMs: 0,
  demoSamples: false,
  publishingTuning: FAST_TUNING,
});

/** `archivist publish ...` in this process. */
async function publish(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['publish', '--data-dir', dataDir, ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    platform: platform(),
  });
  return { code, out, err };
}

describe('archivist publish', () => {
  it('prints the plan, each step as it happens and the VOD when live; a failure exits 1', async () => {
    const { showIds, recordingIds } = await library(2);
    const [good, bad] = recordingIds as [number, number];
    sim.publishing.failTranscodesOf(showIds[1]!, 'The source file could not be decoded.');

    const result = await publish(String(good), String(bad), '9999', '--wait');
    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    const out = result.out;
    expect(out).toContain(`Publishing 3 recordings to ${sim.url} (1 refused):`);
    expect(out).toContain('recording 9999: refused: There is no recording 9999.');
    const goodName = `recording ${good} (${showIds[0]}-1-Council Meeting ${showIds[0]}.mp4)`;
    const badName = `recording ${bad} (${showIds[1]}-1-Council Meeting ${showIds[1]}.mp4)`;
    expect(out).toContain(`${goodName} -> show ${showIds[0]} "City Council Regular Meeting 1"`);
    expect(out).toMatch(/Add the captions beside it \(SCC converted from SRT\)/);
    expect(out).toMatch(/Queued as batch \w+: jobs \d+, \d+\./);
    expect(out).toContain(`${goodName}: Uploading the video`);
    expect(out).toMatch(new RegExp(`${escape(goodName)}: Uploading the video \\d+%`));
    expect(out).toContain(`${goodName}: Waiting for transcoding`);
    // Steps that report no percentage are not given the previous step's.
    expect(out).not.toMatch(/(Making sure the show has a VOD|Writing chapters) \d+%/);
    const vod = sim.data.shows.get(showIds[0]!)!.vods[0]!;
    expect(out).toContain(`${goodName}: live on VOD ${vod}: http`);
    expect(out).toMatch(
      new RegExp(`${escape(badName)}: failed: .*could not transcode.*could not be decoded`),
    );
    expect(out).toContain('Finished: 1 published, 1 failed, 1 refused.');
  });

  it('without --wait queues the jobs and exits; a later run with --wait publishes them', async () => {
    const { showIds, recordingIds } = await library(1);
    const id = recordingIds[0]!;
    const queued = await publish(String(id));
    expect(queued.err).toBe('');
    expect(queued.code).toBe(0);
    expect(queued.out).toMatch(/Queued as batch \w+: job \d+\./);
    expect(queued.out).not.toContain('Uploading');
    expect(sim.publishing.uploadsCreated(`${showIds[0]}-1-Council Meeting ${showIds[0]}.mp4`)).toBe(
      0,
    );

    // The queue is durable: the next run finds the job and joins it.
    const waited = await publish('--show', String(showIds[0]), '--wait');
    expect(waited.code).toBe(0);
    expect(waited.out).toMatch(/already queued as job \d+/);
    expect(waited.out).toContain('live on VOD');
    expect(waited.out).toContain('Finished: 1 published, 0 failed.');
    expect(sim.data.shows.get(showIds[0]!)!.vods).toHaveLength(1);
  });

  it('exits 1 when everything is refused, and 2 for wrong usage', async () => {
    const refused = await publish('4242');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('recording 4242: refused: There is no recording 4242.');
    expect(refused.err).toBe('Nothing to publish.\n');

    const none = await publish('--wait');
    expect(none.code).toBe(2);
    expect(none.err).toContain('Name the recordings to publish by their ids');
    const bad = await publish('twelve');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('A recording id must be a whole number from 1 (got "twelve").');
  });

  it('stops waiting when asked, leaving the job queued to go on later', async () => {
    const { recordingIds } = await library(1);
    // Transcoding that never ends within this test: the wait has to be stopped.
    sim.setOptions({ transcodeMs: 60_000 });
    const c = (core = await publishingCore({ dataDir, serverUrl: sim.url }));
    const stop = new AbortController();
    let out = '';
    const code = await publishCommand(
      c,
      { recordingIds, showIds: [], wait: true },
      {
        out: (text) => {
          out += text;
          if (text.includes('Waiting for transcoding')) stop.abort();
        },
        err: (text) => (out += text),
        stop: stop.signal,
      },
    );
    expect(code).toBe(130);
    expect(out).toMatch(/Stopped waiting: 0 published, 0 failed, 1 still queued/);
    await c.dispose();
    core = null;

    // The job was left in the queue: the next process that runs it takes it to the end.
    sim.setOptions({ transcodeMs: 300 });
    const again = (core = await publishingCore({ dataDir, serverUrl: sim.url }));
    const { rows } = await call<{ rows: PublishJobDetail[] }>(again, 'publish.list', {});
    expect(rows).toHaveLength(1);
    const done = await until(
      'the job to go on',
      () => call<PublishJobDetail>(again, 'publish.get', { id: rows[0]!.id }),
      (j) => j.state === 'done' || j.state === 'failed',
    );
    expect(done.state).toBe('done');
    expect(sim.data.shows.get(done.showId)!.vods).toHaveLength(1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
