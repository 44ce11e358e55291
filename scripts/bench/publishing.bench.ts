import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import {
  closeSync,
  createReadStream,
  ftruncateSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CablecastClient, FILE_UPLOAD_STATE } from '../../src/main/cablecast';
import {
  CRASH_REQUEST_TIMEOUT_MS,
  CRASH_TUNING,
  CrashSim,
  runPublishCrash,
  startApp,
} from '../../src/main/app/testing/publish-crash-harness';
import { uploadFile } from '../../src/main/publishing/upload';
import { figure, type BenchFigure } from './harness';
import type { UploadProcessOptions } from './upload-process';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function signedInClient(url: string): CablecastClient {
  return new CablecastClient({
    serverUrl: url,
    username: 'admin',
    password: 'admin',
    timeoutMs: 30_000,
    maxRetries: 2,
    retryDelayMs: 100,
    offsetMode: 'auto',
  });
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await work(item);
      }
    }),
  );
}

const BATCH = 100;
const BATCH_CONCURRENCY = 4;
const VIDEO_BYTES = 40_000;
const SCC = Buffer.from(
  'Scenarist_SCC V1.0\n\n00:00:01;00\t9420 9420 94ae 94ae 9452 9452 97a2 97a2 c7ef eff4 2080 9137 942c 942c 942f 942f\n',
);
/**
 * The app's default part size (5 MB): a recording is one part here, as a real one is a few hundred.
 * With the crash test's 16 KB parts every part's checkpoint, a durable commit on the core's
 * thread, would weigh as if the videos were hundreds of megabytes.
 */
const BATCH_TUNING = { ...CRASH_TUNING, chunkBytes: 5 * 1024 * 1024 };
const BATCH_SIM = {
  transcodeMs: 500,
  vodQueueMs: 20,
  uploadProcessingMs: 60,
  uploadChecksums: false,
  writeFaults: null,
} as const;

/**
 * The simulator's own minimum for the batch: the same server-side work as the app's publishes
 * (the show's metadata, the video and its sidecar uploaded in the same chunks and processed, a
 * VOD, two chapters published, the transcode waited for), sent by a bare client with the same
 * concurrency, without the queue, SQLite or checkpoints, polling every 20 ms.
 */
async function directBatch(sim: CrashSim): Promise<number> {
  const client = signedInClient(sim.url);
  const [configuration] = await client.getVodConfigurations();
  if (!configuration) throw new Error('The simulator has no VOD configuration.');
  const chunk = BATCH_TUNING.chunkBytes;
  const video = randomBytes(VIDEO_BYTES);
  const upload = async (name: string, bytes: Buffer): Promise<void> => {
    const totalSegments = Math.ceil(bytes.length / chunk);
    const created = await client.createFileUpload({
      fileName: name,
      destinationStore: 1,
      totalSegments,
      size: bytes.length,
    });
    for (let i = 0; i < totalSegments; i++) {
      const part = bytes.subarray(i * chunk, Math.min(bytes.length, (i + 1) * chunk));
      await client.uploadSegment(created.id, i, part, { length: part.length, fileName: name });
    }
    await client.completeFileUpload(created.id);
    while ((await client.getFileUpload(created.id)).state !== FILE_UPLOAD_STATE.finished) {
      await sleep(20);
    }
  };
  const started = performance.now();
  await pool(sim.showIds, BATCH_CONCURRENCY, async (showId) => {
    const { show } = await client.getShowWithRelations(showId);
    await client.updateShow(
      showId,
      { cgTitle: `Council Meeting ${showId}`, comments: 'The council met.' },
      { base: show },
    );
    const base = `${showId}-1-Council Meeting ${showId}`;
    await upload(`${base}.mp4`, video);
    await upload(`${base}.scc`, SCC);
    const vod = await client.createVod({ show: showId, vodConfiguration: configuration.id });
    await client.createChapter({ vod: vod.id, title: 'Call to order', offset: 1 });
    await client.createChapter({ vod: vod.id, title: 'Budget', offset: 5 });
    await client.updateVod(vod.id, { chaptersPublished: true });
    while ((await client.getVod(vod.id)).vodState !== 'complete') await sleep(20);
  });
  return (performance.now() - started) / 1000;
}

async function batchFigures(): Promise<BenchFigure[]> {
  const reference = await CrashSim.start({ freshShows: BATCH, ...BATCH_SIM });
  let minimum: number;
  try {
    minimum = await directBatch(reference);
  } finally {
    await reference.close();
  }

  const sim = await CrashSim.start({ freshShows: BATCH, ...BATCH_SIM });
  const dataDir = mkdtempSync(join(tmpdir(), 'archivist-bench-publish-'));
  try {
    const run = startApp({
      dataDir,
      serverUrl: sim.url,
      showIds: sim.showIds,
      setup: true,
      requestTimeoutMs: CRASH_REQUEST_TIMEOUT_MS,
      tuning: BATCH_TUNING,
      concurrency: BATCH_CONCURRENCY,
      videoBytes: VIDEO_BYTES,
    });
    const { code, output } = await run.exited;
    const result = run.result();
    if (code !== 0 || !result) throw new Error(`The batch did not finish (${code}):\n${output}`);
    if (result.counts.done !== BATCH) {
      throw new Error(`The batch ended with ${JSON.stringify(result.counts)}`);
    }
    return [
      figure('publish.batch.100.overhead', result.seconds / minimum, 'x', '<= 1.3', {
        note: `${BATCH} publishes, ${BATCH_CONCURRENCY} at once, transcode ${BATCH_SIM.transcodeMs} ms: the app ${result.seconds.toFixed(2)} s from the enqueue to the last done, over ${minimum.toFixed(2)} s for the same server work from a bare client (same concurrency, no queue, no SQLite, 20 ms polls)`,
      }),
      figure('publish.batch.loop_p99.ms', result.loopP99Ms, 'ms', '<= 50', {
        note: 'event loop delay p99 of the process running the core, over the batch',
      }),
    ];
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function crashFigures(): Promise<BenchFigure[]> {
  const outcome = await runPublishCrash({
    jobs: 300,
    kills: 12,
    killAfterMs: { min: 500, max: 5_000 },
    writeFaults: { dropAfterCommit: 0.15, unavailable: 0.1 },
    concurrency: 8,
  });
  const integrityBad = outcome.integrityAfterKills.filter((r) => r !== 'ok').length;
  const duplicates =
    outcome.duplicateVods.length + outcome.duplicateChapters + outcome.duplicateUploads.length;
  const note =
    `${outcome.kills} SIGKILLs, ${outcome.restarts} restarts, ${outcome.seconds.toFixed(0)} s; ` +
    `15 % of writes committed then dropped, 10 % 503; done ${outcome.done}, failed ${outcome.failed.length}; ` +
    `wrong remote ids ${outcome.wrongRemoteIds.length}; integrity not ok after ${integrityBad} kills; ` +
    `segments sent again ${outcome.resentChunks}; ${outcome.attempts} attempts`;
  return [
    figure(
      'publish.crash.300.duplicates',
      duplicates + outcome.wrongRemoteIds.length + integrityBad,
      'count',
      '<= 0',
      {
        note: `VODs ${outcome.duplicateVods.length}, chapters ${outcome.duplicateChapters}, uploads ${outcome.duplicateUploads.length} (a second POST /fileuploads of a name); ${note}`,
      },
    ),
    figure('publish.crash.300.lost', outcome.lost.length, 'jobs', '<= 0', {
      note: 'recordings without a job, or with one neither done nor failed',
    }),
  ];
}

const GIB = 1024 ** 3;
const UPLOAD_CHUNK = 5 * 1024 * 1024;

/** One `uploadFile` in a process of its own; killed once it passes `killAt` percent, if given. */
function uploadProcess(
  options: UploadProcessOptions,
  killAt: number | null,
): Promise<{ killed: boolean }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts/bench/upload-process.ts'), JSON.stringify(options)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const last = /progress (\d+)\n(?![\s\S]*progress)/.exec(output);
    if (killAt !== null && last && Number(last[1]) >= killAt) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true });
      else if (code === 0 && output.includes('done ')) resolve({ killed: false });
      else reject(new Error(`The upload process ended (${code ?? signal}):\n${output}`));
    });
  });
}

/** A multipart POST of the whole file as segment 0, streamed with `pipe`, and nothing else. */
function plainUpload(url: string, file: string, size: number): Promise<void> {
  const boundary = 'plainBoundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="segment"\r\n\r\n0\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plain.mp4"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        res.resume();
        res.once('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.once('error', reject);
    req.write(head);
    const stream = createReadStream(file);
    stream.once('error', reject);
    stream.once('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

async function uploadFigures(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-bench-upload-'));
  const file = join(dir, 'meeting-2g.mp4');
  // Sparse: 2 GiB on the file system without 2 GiB of disk.
  const fd = openSync(file, 'w');
  ftruncateSync(fd, 2 * GIB);
  closeSync(fd);
  const size = statSync(file).size;
  const sim = await CrashSim.start({
    freshShows: 0,
    transcodeMs: 500,
    vodQueueMs: 20,
    uploadProcessingMs: 30,
    uploadChecksums: false,
    writeFaults: null,
  });
  try {
    const client = signedInClient(sim.url);

    // The app's upload first, so its memory is measured from this process's level before any
    // upload: parts of the default 5 MB, checkpointed, the upload completed and waited for.
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
    let started = performance.now();
    await uploadFile({
      client,
      path: file,
      fileName: 'app.mp4',
      destinationStore: 1,
      chunkBytes: UPLOAD_CHUNK,
      timeoutMs: 120_000,
      signal: new AbortController().signal,
      recovering: false,
      state: null,
      save: () => {},
      progress: () => {},
      call: (_doing, fn) => fn(),
      pollMs: { first: 20, max: 100 },
    });
    const appSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());

    // The reference: the whole file piped into one bare `http.request` to one segment route.
    const plain = await client.createFileUpload({
      fileName: 'plain.mp4',
      destinationStore: 1,
      totalSegments: 1,
      size,
    });
    started = performance.now();
    await plainUpload(`${sim.url}/cablecastapi/v1/fileuploads/${plain.id}/upload`, file, size);
    const plainSeconds = (performance.now() - started) / 1000;

    // Killed mid-upload, then started again from its checkpoint.
    const options: UploadProcessOptions = {
      url: sim.url,
      path: file,
      fileName: 'killed.mp4',
      chunkBytes: UPLOAD_CHUNK,
      checkpointFile: join(dir, 'killed.checkpoint.json'),
    };
    const killAt = 20 + Math.floor(Math.random() * 60);
    const first = await uploadProcess(options, killAt);
    if (!first.killed) throw new Error('The upload finished before it could be killed.');
    await uploadProcess(options, null);
    const report = await sim.report();
    const killed = report.uploads.find((u) => u.fileName === 'killed.mp4');
    if (!killed || killed.finished !== 1) throw new Error('The killed upload did not finish.');

    const mbps = (seconds: number) => size / 1024 ** 2 / seconds;
    return [
      figure('upload.2g.ratio', mbps(appSeconds) / mbps(plainSeconds), 'x', '>= 0.7', {
        note: `the app's uploadFile ${mbps(appSeconds).toFixed(0)} MB/s (5 MB parts, completed and processed) over one bare http.request piping the whole file ${mbps(plainSeconds).toFixed(0)} MB/s, same simulator process, checksums off, sparse file`,
      }),
      figure('upload.2g.rss_growth.mb', (peak - baseline) / 1024 ** 2, 'MB', '<= 100', {
        note: 'resident memory of the uploading process over the app upload, above its level before',
      }),
      figure('upload.kill.resent_chunks', killed.resentSegments, 'chunks', '<= 1', {
        note: `SIGKILL at ${killAt} % of the parts, then a restart from the checkpoint; POST /fileuploads of that name: ${killed.created}`,
      }),
    ];
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const PARTS: Record<string, () => Promise<BenchFigure[]>> = {
  crash: crashFigures,
  batch: batchFigures,
  upload: uploadFigures,
};

/** Every part in order, or only `part` (`crash`, `batch` or `upload`). */
export async function publishingBenchmarks(part?: string): Promise<BenchFigure[]> {
  if (part !== undefined) {
    const run = PARTS[part];
    if (!run) throw new Error(`No publishing part "${part}": ${Object.keys(PARTS).join(', ')}.`);
    return run();
  }
  const figures: BenchFigure[] = [];
  for (const run of Object.values(PARTS)) figures.push(...(await run()));
  return figures;
}
