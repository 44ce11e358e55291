/**
 * A composed core publishing to a Cablecast simulator: a storage folder of recordings named by
 * file key (a video of random bytes, SRT captions, a summary), the catalog synced, the drafts
 * saved. Shared by the publishing tests and the crash test's worker.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { createCore, type Core, type CorePlatform } from '../core';
import { localCaller } from '../../contract';
import type { Prober } from '../../library/library.service';
import { silentLogger } from '../../logging/logger';
import { MemorySecretStore } from '../../secrets/memory-secret-store';

/** ffprobe cannot read random bytes: the recordings are published without a probe. */
export const NO_PROBE: Prober = {
  available: false,
  message: 'ffprobe is not used in these tests.',
  probe: () => Promise.reject(new Error('not used')),
};

export const TEST_CALLER = localCaller('desktop-user', 'internal', 'test');

/** Timings short enough for tests: a lookup after 300 ms of quarantine, quick polls. */
/** A simulator whose VODs queue, transcode and take uploads in a blink. */
export const QUICK_VODS = { vodQueueMs: 20, transcodeMs: 200, uploadProcessingMs: 60 } as const;

export const FAST_TUNING: NonNullable<CorePlatform['publishingTuning']> = {
  kind: { quarantineMs: 300, backoff: { baseMs: 20, capMs: 200 }, leaseMs: 5_000, maxAttempts: 30 },
  chunkBytes: 16 * 1024,
  pollMs: { first: 20, max: 100 },
  runnerPollMs: 50,
};

export async function publishingCore(options: {
  dataDir: string;
  serverUrl: string;
  tuning?: CorePlatform['publishingTuning'];
  requestTimeoutMs?: number;
  /** Publishes at once (`publishing.concurrency`). Default 4. */
  concurrency?: number;
  /** The job runner's and the scheduler's clock (epoch ms); default the system's. */
  now?: () => number;
  /** More environment (AUTO_PUBLISH_TO_VOD, ...). */
  env?: Record<string, string>;
  /** Anything else of the platform (a storage prober, ...). */
  platform?: Partial<CorePlatform>;
}): Promise<Core> {
  return createCore({
    dataDir: options.dataDir,
    host: 'browser',
    appVersion: 'test',
    env: {
      CABLECAST_API_URL: options.serverUrl,
      CABLECAST_USER_ID: 'admin',
      CABLECAST_PASSWORD: 'admin',
      CABLECAST_TIMEOUT: `${options.requestTimeoutMs ?? 2_000}ms`,
      CABLECAST_MAX_RETRIES: '2',
      CABLECAST_RETRY_DELAY: '20ms',
      VOD_BATCH_SIZE: String(options.concurrency ?? 4),
      ...options.env,
    },
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    prober: NO_PROBE,
    settleMs: 0,
    demoSamples: false,
    publishingTuning: options.tuning ?? FAST_TUNING,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...options.platform,
  });
}

const SRT = `1
00:00:01,000 --> 00:00:04,000
Good evening, and welcome to the council meeting.

2
00:00:05,000 --> 00:00:08,000
The first item is the budget.
`;

/** Writes one recording per show id: `<id>-1-Council Meeting <id>.mp4`, `.srt` and `.txt`. */
export function writeRecordings(
  folder: string,
  showIds: readonly number[],
  videoBytes = 40_000,
): void {
  mkdirSync(folder, { recursive: true });
  for (const id of showIds) {
    const base = join(folder, `${id}-1-Council Meeting ${id}`);
    writeFileSync(`${base}.mp4`, randomBytes(videoBytes));
    writeFileSync(`${base}.srt`, SRT);
    writeFileSync(
      `${base}.txt`,
      `Summary of meeting ${id}.\n00:00:01 Call to order\n00:00:05 Budget\n`,
    );
  }
}

export async function call<T>(core: Core, method: string, input: unknown = {}): Promise<T> {
  const result = await core.dispatcher.dispatch(method, input, TEST_CALLER);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Adds the folder, waits for the scan and the file-key links, and saves a draft per recording. */
export async function prepareLibrary(
  core: Core,
  folder: string,
  chapters: { offsetSec: number; title: string }[] = [
    { offsetSec: 1, title: 'Call to order' },
    { offsetSec: 5, title: 'Budget' },
  ],
): Promise<number[]> {
  await call(core, 'library.folders.add', { path: folder });
  await core.library.service.idle();
  const { rows } = await call<{ rows: { id: number; link: { showId: number } | null }[] }>(
    core,
    'library.list',
    { states: [], text: '' },
  );
  for (const row of rows) {
    await call(core, 'library.draft.save', {
      id: row.id,
      title: '',
      cgTitle: `Council Meeting ${row.link?.showId ?? ''}`,
      description: 'The council met.',
      tags: ['council'],
      chapters,
      chaptersSource: 'manual',
    });
  }
  return rows.filter((r) => r.link !== null).map((r) => r.id);
}

export async function until<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A fresh data folder and simulator for each test of the file, and the core a test started, all
 * stopped and removed after it. Call once at the top of a test file.
 */
export function publishingWorkspace(
  prefix: string,
  simulator: SimulatorOptions,
): { readonly dataDir: string; readonly sim: Simulator; core: Core | null } {
  const workspace = {
    dataDir: '',
    sim: null as unknown as Simulator,
    core: null as Core | null,
  };
  beforeEach(async () => {
    workspace.dataDir = mkdtempSync(join(tmpdir(), prefix));
    workspace.sim = await startSimulator(simulator);
  });
  afterEach(async () => {
    await workspace.core?.dispose();
    workspace.core = null;
    await workspace.sim.close();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  });
  return workspace;
}
