import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type TunableOptions } from '../simulator';
import { CablecastClient, type CablecastClientOptions } from './cablecast.client';
import { deliveryOf } from './cablecast.errors';
import { FILE_UPLOAD_STATE } from './cablecast.schemas';
import { CircuitBreaker } from './circuit-breaker';
import { cablecastFailure, unusedPort } from './testing/local-server';

/*
 * The client's write side against the simulator over real HTTP on 127.0.0.1: uploads, reels,
 * VODs and chapters, and how each failure of a write is classified for the publish queue.
 */

let sim: Simulator;

const DEFAULTS: TunableOptions = {
  createdStatus: 200,
  deleteStatus: 200,
  fileUploadNameFilter: 'honoured',
  assetNameFilter: 'honoured',
  chapterUpdate: 'replace',
  chapterDelete: 'soft',
  vodQueueMs: 100,
  transcodeMs: 1_000,
  uploadProcessingMs: 300,
};

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 20, randomSeed: 3 }, ...DEFAULTS });
});

afterAll(async () => {
  await (sim as Simulator | undefined)?.close();
});

afterEach(() => {
  sim.setFaults([]);
  sim.setOptions(DEFAULTS);
});

function client(options: Partial<CablecastClientOptions> = {}): CablecastClient {
  return new CablecastClient({
    serverUrl: sim.apiBase,
    username: 'admin',
    password: 'admin',
    timeoutMs: 5_000,
    maxRetries: 3,
    retryDelayMs: 10,
    offsetMode: 'page',
    sleep: () => Promise.resolve(),
    ...options,
  });
}

const failure = cablecastFailure;

function freshShow(): { showId: number; reelId: number } {
  const show = sim.data.addShow({ title: 'Planning Commission', location: 1 });
  const reel = sim.data.addReel(show.id, { length: 1200 });
  return { showId: show.id, reelId: reel.id };
}

/** Uploads `parts` through the client and runs the simulator's clock until the file is an asset. */
async function upload(cc: CablecastClient, fileName: string, parts: Buffer[]): Promise<number> {
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const created = await cc.createFileUpload({
    fileName,
    destinationStore: 1,
    totalSegments: parts.length,
    size,
  });
  for (const [index, part] of parts.entries()) await cc.uploadSegment(created.id, index, part);
  await cc.completeFileUpload(created.id);
  sim.publishing.advance(300);
  const done = await cc.getFileUpload(created.id);
  expect(done.state).toBe(FILE_UPLOAD_STATE.finished);
  return done.asset!;
}

describe('chunked uploads and assets', () => {
  it('uploads Buffer and stream segments, finds the upload and the asset by name', async () => {
    const cc = client();
    const { showId, reelId } = freshShow();
    const fileName = `${showId}-1-planning.mp4`;
    const first = Buffer.alloc(2 * 1024 * 1024, 7);
    const second = Buffer.alloc(777_777, 9);
    const created = await cc.createFileUpload({
      fileName,
      destinationStore: 1,
      totalSegments: 2,
      size: first.length + second.length,
    });
    expect(created).toMatchObject({ fileName, state: FILE_UPLOAD_STATE.uploading });
    await cc.uploadSegment(created.id, 0, first);
    // A stream in small pieces, with and without a known length.
    const pieces = (): Readable =>
      Readable.from([
        second.subarray(0, 1000),
        second.subarray(1000, 500_000),
        second.subarray(500_000),
      ]);
    await cc.uploadSegment(created.id, 1, pieces());
    await cc.uploadSegment(created.id, 1, pieces(), { length: second.length });
    const stats = sim.publishing.uploadStats(created.id)!;
    const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
    expect(stats.segments.map((s) => [s.bytes, s.sha256])).toEqual([
      [first.length, sha(first)],
      [second.length, sha(second)],
    ]);
    expect(stats.bytesResent).toBe(second.length);

    expect(
      (await cc.findFileUploads({ fileName: fileName.toUpperCase() })).map((u) => u.id),
    ).toEqual([created.id]);
    const completed = await cc.completeFileUpload(created.id);
    expect(completed.state).toBe(FILE_UPLOAD_STATE.uploadingComplete);
    sim.publishing.advance(300);
    const done = await cc.getFileUpload(created.id);
    expect(done.state).toBe(FILE_UPLOAD_STATE.finished);

    const assets = await cc.findAssets({ fileName });
    expect(assets.map((a) => a.id)).toEqual([done.asset]);
    expect(await cc.getAsset(done.asset!)).toMatchObject({ path: fileName, reels: [reelId] });
    expect((await cc.getReel(reelId)).hasValidFile).toBe(true);
  });

  it('filters by name itself when the server ignores the filter (inferred)', async () => {
    const cc = client();
    sim.setOptions({ fileUploadNameFilter: 'ignored', assetNameFilter: 'ignored' });
    const asset = await upload(cc, 'ignored-filter.mp4', [Buffer.alloc(10)]);
    await upload(cc, 'another-file.mp4', [Buffer.alloc(10)]);
    expect((await cc.findAssets({ fileName: 'IGNORED-FILTER.mp4' })).map((a) => a.id)).toEqual([
      asset,
    ]);
    const uploads = await cc.findFileUploads({ fileName: 'ignored-filter.mp4' });
    expect(uploads.map((u) => u.fileName)).toEqual(['ignored-filter.mp4']);
  });

  it('keeps memory flat while streaming 256 MB in 8 MB segments', async () => {
    const cc = client({ timeoutMs: 60_000 });
    const segment = 8 * 1024 * 1024;
    const count = 32;
    const created = await cc.createFileUpload({
      fileName: 'large.mp4',
      destinationStore: 1,
      totalSegments: count,
      size: segment * count,
    });
    sim.setOptions({ uploadChecksums: false });
    const block = Buffer.alloc(64 * 1024, 1);
    // Each segment is a stream of 64 KB blocks, as a file read would be: nothing holds 256 MB.
    const chunk = (): Readable =>
      Readable.from(
        (function* () {
          for (let sent = 0; sent < segment; sent += block.length) yield block;
        })(),
      );
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let index = 0; index < count; index++) {
      await cc.uploadSegment(created.id, index, chunk(), { length: segment });
    }
    const growth = process.memoryUsage().rss - before;
    expect(sim.publishing.uploadStats(created.id)!.bytesReceived).toBe(segment * count);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('reels, VODs and chapters', () => {
  it('links by reel userFileName, creates reels in a batch, and reads a show with relations', async () => {
    const cc = client();
    const { showId, reelId } = freshShow();
    const asset = await upload(cc, 'linked-by-name.mp4', [Buffer.alloc(10)]);
    const linked = await cc.updateReel(reelId, { userFileName: 'linked-by-name.mp4' });
    expect(linked).toMatchObject({ hasValidFile: true, playbackAsset: asset });
    const created = await cc.createReels([
      { show: showId, reelNumber: 2, cue: 0, length: 60 },
      { show: showId, reelNumber: 3, cue: 0, length: 30 },
    ]);
    expect(created.map((r) => r.reelNumber)).toEqual([2, 3]);
    const related = await cc.getShowWithRelations(showId);
    expect(related.reels.map((r) => r.id)).toEqual([reelId, ...created.map((r) => r.id)]);
    expect(related.vods).toEqual([]);
  });

  it('creates a VOD, follows its transcode and publishes chapters', async () => {
    const cc = client();
    const { showId } = freshShow();
    const vod = await cc.createVod({ show: showId, vodConfiguration: 1, quality: 2 });
    expect(vod).toMatchObject({ show: showId, quality: 2, vodState: 'waiting' });
    expect((await cc.getShowWithRelations(showId)).vods.map((v) => v.id)).toEqual([vod.id]);
    await upload(cc, `${showId}-1-session.mp4`, [Buffer.alloc(10)]);
    sim.publishing.advance(100 + 500);
    // The wall clock runs on beside advance(): a few ms more at most.
    const status = await cc.getVodStatus(vod.id);
    expect(status.vodState).toBe('processing');
    expect(status.percentComplete).toBeGreaterThanOrEqual(0.5);
    expect(status.percentComplete).toBeLessThan(0.75);
    sim.publishing.advance(500);
    const done = await cc.getVod(vod.id);
    expect(done).toMatchObject({ vodState: 'complete', isWatchable: true });
    expect(done.url).toMatch(/vod\.mp4$/);

    const call = await cc.createChapter({ vod: vod.id, title: 'Call to order', offset: 0 });
    const hearing = await cc.createChapter({ vod: vod.id, title: 'Hearing', offset: 300 });
    const renamed = await cc.updateChapter(hearing.id, { title: 'Public hearing' });
    expect(renamed).toMatchObject({ title: 'Public hearing', offset: 300, body: 'Hearing' });
    sim.setOptions({ chapterUpdate: 'merge' });
    expect(await cc.updateChapter(call.id, { offset: 5 })).toMatchObject({
      title: 'Call to order',
      offset: 5,
    });
    await cc.deleteChapter(call.id);
    expect((await cc.getChapter(call.id)).deleted).toBe(true);
    sim.setOptions({ chapterDelete: 'hard', deleteStatus: 204 });
    await cc.deleteChapter(call.id);
    expect((await cc.getChapters(vod.id)).chapters.map((c) => c.id)).toEqual([hearing.id]);

    const published = await cc.publishChapters(vod.id);
    expect(published.chaptersPublished).toBe(true);
    expect((await cc.getVod(vod.id)).chaptersPublished).toBe(true);
  });

  it('accepts 201 for creates and 204 for deletes (inferred)', async () => {
    sim.setOptions({ createdStatus: 201, deleteStatus: 204 });
    const cc = client();
    const { showId } = freshShow();
    const vod = await cc.createVod({ show: showId, vodConfiguration: 1 });
    await cc.deleteVod(vod.id);
    expect((await failure(cc.getVod(vod.id))).kind).toBe('not-found');
  });

  it('names the field when a write’s answer breaks the schema, and calls it ambiguous', async () => {
    const cc = client();
    const { showId } = freshShow();
    sim.setFaults([{ kind: 'schema-break', method: 'POST', path: '/vods', times: 1 }]);
    const error = await failure(cc.createVod({ show: showId, vodConfiguration: 1 }));
    expect(error.kind).toBe('bad-response');
    // The simulator breaks `length` and `vodState`; the first one in schema order is named.
    expect(error.path).toBe('vod.length');
    expect(error.delivery).toBe('ambiguous');
    expect(sim.publishing.vodsCreated(showId)).toBe(1);
  });
});

describe('write failures: delivery classes against the simulator', () => {
  it('unreached: connection refused, and the circuit open before sending', async () => {
    const port = await unusedPort();
    const refused = new CablecastClient({
      serverUrl: `http://127.0.0.1:${port}/cablecastapi/v1`,
      username: 'admin',
      password: 'admin',
      timeoutMs: 2_000,
      maxRetries: 0,
      retryDelayMs: 10,
      offsetMode: 'page',
    });
    const error = await failure(refused.createVod({ show: 1, vodConfiguration: 1 }));
    expect(error.delivery).toBe('unreached');

    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    const cc = client({ breaker });
    sim.setFaults([{ kind: 'status', value: 502, times: 1 }]);
    await failure(cc.getVod(1));
    const { showId } = freshShow();
    const open = await failure(cc.createVod({ show: showId, vodConfiguration: 1 }));
    expect(open.kind).toBe('circuit-open');
    expect(open.delivery).toBe('unreached');
    expect(sim.publishing.vodsCreated(showId)).toBe(0);
  });

  it('rejected: 503, and 429 carrying Retry-After; nothing was created', async () => {
    const cc = client();
    const { showId } = freshShow();
    sim.setFaults([{ kind: 'status', method: 'POST', path: '/vods', value: 503, times: 1 }]);
    expect((await failure(cc.createVod({ show: showId, vodConfiguration: 1 }))).delivery).toBe(
      'rejected',
    );
    sim.setFaults([{ kind: 'retry-after', method: 'POST', path: '/vods', value: 4, times: 1 }]);
    const limited = await failure(cc.createVod({ show: showId, vodConfiguration: 1 }));
    expect(limited.delivery).toBe('rejected');
    expect(limited.retryAfterMs).toBe(4_000);
    expect(sim.publishing.vodsCreated(showId)).toBe(0);
  });

  it('ambiguous: commit-then-drop created the VOD while the client saw a dropped socket', async () => {
    const cc = client();
    const { showId } = freshShow();
    sim.setFaults([{ kind: 'drop', method: 'POST', path: '/vods', afterHandling: true, times: 1 }]);
    const error = await failure(cc.createVod({ show: showId, vodConfiguration: 1 }));
    expect(error.kind).toBe('unreachable');
    expect(error.delivery).toBe('ambiguous');
    // Sent once: the HTTP layer never retries a write by itself.
    expect(sim.publishing.vodsCreated(showId)).toBe(1);
    // The reconcile a queue must do: the VOD is there to be found.
    expect((await cc.getShowWithRelations(showId)).vods).toHaveLength(1);
  });

  it.each([
    ['a timeout', { kind: 'hang' as const }],
    ['a 500', { kind: 'status' as const, value: 500 }],
    ['a 502', { kind: 'status' as const, value: 502 }],
    ['a 504', { kind: 'status' as const, value: 504 }],
    ['a cut-short answer', { kind: 'truncated-json' as const }],
    ['a login page', { kind: 'html-200' as const }],
  ])('ambiguous: %s on a write', async (_name, fault) => {
    const cc = client({ timeoutMs: 300 });
    const { showId } = freshShow();
    sim.setFaults([{ ...fault, method: 'POST', path: '/chapters', afterHandling: true, times: 1 }]);
    const vod = await cc.createVod({ show: showId, vodConfiguration: 1 });
    const error = await failure(cc.createChapter({ vod: vod.id, title: 'Roll call', offset: 60 }));
    expect(error.delivery).toBe('ambiguous');
    expect(sim.data.getVod(vod.id)!.chapters).toHaveLength(1);
  });

  it('ambiguous: a slow commit that outlasts the client’s timeout still lands', async () => {
    const cc = client({ timeoutMs: 150 });
    const { showId } = freshShow();
    sim.setFaults([{ kind: 'slow-commit', method: 'POST', path: '/vods', value: 400, times: 1 }]);
    const error = await failure(cc.createVod({ show: showId, vodConfiguration: 1 }));
    expect(error.kind).toBe('timeout');
    expect(error.delivery).toBe('ambiguous');
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(sim.publishing.vodsCreated(showId)).toBe(1);
  });

  it('refused: validation, permission and not-found carry the server’s words', async () => {
    const cc = client();
    const invalid = await failure(cc.createVod({ show: 987_654_321, vodConfiguration: 1 }));
    expect(invalid.status).toBe(400);
    expect(invalid.delivery).toBe('refused');
    expect(invalid.serverMessage).toBe('The request is invalid.');

    const viewer = client({ username: 'viewer', password: 'viewer' });
    const { showId } = freshShow();
    const denied = await failure(viewer.createVod({ show: showId, vodConfiguration: 1 }));
    expect(denied.delivery).toBe('refused');
    const missing = await failure(cc.deleteChapter(987_654_321));
    expect(missing.kind).toBe('not-found');
    expect(missing.delivery).toBe('refused');
  });

  it('classifies from the error’s fields alone', () => {
    expect(deliveryOf({ kind: 'server-error', status: 409, reachedServer: true })).toBe('refused');
    expect(deliveryOf({ kind: 'bad-response', status: 302, reachedServer: true })).toBe('refused');
    expect(deliveryOf({ kind: 'unreachable', reachedServer: false })).toBe('unreached');
  });
});
