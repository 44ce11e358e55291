/**
 * The app for the publish crash test and the publishing benchmarks: the composed core, as
 * `publishingCore` builds it, in a process the test kills with SIGKILL at random moments.
 * `node --import tsx publish-crash-app.ts OPTIONS_JSON`. With `setup`, it syncs the catalog,
 * writes one recording per show, saves the drafts and enqueues them all, once; every later start
 * only opens the core, whose runner picks the queue up where the last process left it. It prints
 * `ready` once the queue is in the database, and `result {...}` and `all terminal` when no job is
 * queued, running or unknown any more.
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { PublishBatchView } from '../../../shared/publishing';
import type { CorePlatform } from '../core';
import { call, prepareLibrary, publishingCore, writeRecordings } from './publish-fixture';

export interface CrashAppOptions {
  dataDir: string;
  serverUrl: string;
  showIds: number[];
  setup: boolean;
  requestTimeoutMs: number;
  tuning: NonNullable<CorePlatform['publishingTuning']>;
  /** Publishes at once (the `publishing.concurrency` setting). */
  concurrency: number;
  videoBytes?: number;
}

export interface CrashAppResult {
  /** From the enqueue (or this start) to every job terminal. */
  seconds: number;
  /** The event loop's delay in this process while the queue ran, p99, ms. */
  loopP99Ms: number;
  counts: Record<string, number>;
}

const options = JSON.parse(process.argv[2] ?? '{}') as CrashAppOptions;
const core = await publishingCore({
  dataDir: options.dataDir,
  serverUrl: options.serverUrl,
  tuning: options.tuning,
  requestTimeoutMs: options.requestTimeoutMs,
  concurrency: options.concurrency,
});

if (options.setup) {
  await core.catalog.sync.runToEnd('full');
  const folder = join(options.dataDir, 'recordings');
  writeRecordings(folder, options.showIds, options.videoBytes);
  const recordingIds = await prepareLibrary(core, folder);
  if (recordingIds.length !== options.showIds.length) {
    throw new Error(`${recordingIds.length} of ${options.showIds.length} recordings were linked`);
  }
  const batch = await call<PublishBatchView>(core, 'publish.enqueue', { recordingIds });
  if (batch.rows.length !== recordingIds.length) {
    throw new Error(`${batch.rows.length} of ${recordingIds.length} recordings were enqueued`);
  }
}
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const started = performance.now();
process.stdout.write('ready\n');

const OPEN = ['queued', 'running', 'unknown'] as const;
const check = setInterval(() => {
  const { counts } = core.publishing.service.status();
  if (OPEN.some((state) => counts[state] > 0)) return;
  clearInterval(check);
  loop.disable();
  const result: CrashAppResult = {
    seconds: (performance.now() - started) / 1000,
    loopP99Ms: loop.percentile(99) / 1e6,
    counts,
  };
  void core.dispose().then(() => {
    process.stdout.write(`result ${JSON.stringify(result)}\n`);
    process.stdout.write('all terminal\n');
  });
}, 200);
