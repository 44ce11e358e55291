import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  AssetDto,
  ChapterDto,
  FileUploadDto,
  ReelDto,
  ShowDto,
  VodDto,
} from './simulator.dtos';
import { startSimulator } from './simulator.server';
import { ADMIN, VIEWER, getJson, json, sendJson } from './simulator.test-support';
import type { Simulator, TunableOptions } from './simulator.types';

let sim: Simulator;

const DEFAULTS: TunableOptions = {
  createdStatus: 200,
  deleteStatus: 200,
  vodDelete: 'allowed',
  fileUploadNameFilter: 'honoured',
  assetNameFilter: 'honoured',
  chapterUpdate: 'replace',
  chapterDelete: 'soft',
  captionSidecars: 'honoured',
  vodQueueMs: 1_000,
  transcodeMs: 10_000,
  vodErrorRate: 0,
  uploadProcessingMs: 3_000,
};

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 30, randomSeed: 11 }, ...DEFAULTS });
});

afterAll(async () => {
  await (sim as Simulator | undefined)?.close();
});

afterEach(() => {
  sim.setFaults([]);
  sim.setOptions(DEFAULTS);
});

/** A fresh show with one reel and no file, so tests do not share state. */
function freshShow(title = 'Council meeting'): { show: ShowDto; reel: ReelDto } {
  const show = sim.data.addShow({ title, location: 1 });
  const reel = sim.data.addReel(show.id, { length: 600 });
  return { show, reel };
}

const api = (path: string): string => `${sim.apiBase}${path}`;

async function post<T>(path: string, body: unknown, expected = 200): Promise<T> {
  const response = await sendJson(api(path), 'POST', body, ADMIN);
  if (response.status !== expected) {
    throw new Error(`POST ${path} -> ${response.status} ${await response.text()}`);
  }
  return json<T>(response);
}

async function put<T>(path: string, body: unknown): Promise<T> {
  const response = await sendJson(api(path), 'PUT', body, ADMIN);
  if (response.status !== 200) {
    throw new Error(`PUT ${path} -> ${response.status} ${await response.text()}`);
  }
  return json<T>(response);
}

function sendSegment(id: number, segment: number | string, bytes: Buffer): Promise<Response> {
  const form = new FormData();
  form.set('segment', String(segment));
  form.set('file', new Blob([bytes]), 'chunk.bin');
  return fetch(api(`/fileuploads/${id}/upload`), { method: 'POST', headers: ADMIN, body: form });
}

async function createUpload(fileName: string, segments: number, size: number) {
  return (
    await post<{ fileUpload: FileUploadDto }>('/fileuploads', {
      fileUpload: { fileName, destinationStore: 1, totalSegments: segments, size },
    })
  ).fileUpload;
}

async function getUpload(id: number): Promise<FileUploadDto> {
  return (await getJson<{ fileUpload: FileUploadDto }>(api(`/fileuploads/${id}`), ADMIN))
    .fileUpload;
}

/** Uploads `parts` as one file, completes it and runs the clock until it is Finished. */
async function uploadFile(fileName: string, parts: Buffer[]): Promise<FileUploadDto> {
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const upload = await createUpload(fileName, parts.length, size);
  for (const [index, part] of parts.entries()) {
    expect((await sendSegment(upload.id, index, part)).status).toBe(200);
  }
  await put('/fileuploads/' + upload.id, { fileUpload: { state: 2 } });
  sim.publishing.advance(3_000);
  const done = await getUpload(upload.id);
  expect(done.state).toBe(5);
  return done;
}

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('chunked file uploads', () => {
  it('takes multipart segments, counts a re-sent one, and finishes into a linked asset', async () => {
    const { show, reel } = freshShow();
    const parts = [Buffer.alloc(300_000, 1), Buffer.alloc(300_000, 2), Buffer.alloc(1234, 3)];
    const fileName = `${show.id}-1-council.mp4`;
    const upload = await createUpload(fileName, 3, 601_234);
    expect(upload).toMatchObject({ fileName, state: 1, totalSegments: 3, asset: null });

    expect((await sendSegment(upload.id, 0, parts[0]!)).status).toBe(200);
    expect((await sendSegment(upload.id, 2, parts[2]!)).status).toBe(200);
    // Completing with a segment missing is refused and names it.
    const early = await sendJson(
      api(`/fileuploads/${upload.id}`),
      'PUT',
      { fileUpload: { state: 2 } },
      ADMIN,
    );
    expect(early.status).toBe(400);
    expect(JSON.stringify(await early.json())).toContain('Segments not received: 1.');
    expect((await sendSegment(upload.id, 1, parts[1]!)).status).toBe(200);
    // Segment 1 again: idempotent by index, but counted as bytes sent twice.
    expect((await sendSegment(upload.id, 1, parts[1]!)).status).toBe(200);

    const stats = sim.publishing.uploadStats(upload.id)!;
    expect(stats.segments.map((s) => [s.index, s.bytes, s.receipts])).toEqual([
      [0, 300_000, 1],
      [1, 300_000, 2],
      [2, 1234, 1],
    ]);
    expect(stats.segments.map((s) => s.sha256)).toEqual(parts.map(sha));
    expect(stats.bytesResent).toBe(300_000);
    expect(stats.bytesReceived).toBe(901_234);

    const completed = await put<{ fileUpload: FileUploadDto }>(`/fileuploads/${upload.id}`, {
      fileUpload: { state: 2 },
    });
    expect(completed.fileUpload.state).toBe(2);
    const states: number[] = [];
    for (let i = 0; i < 3; i++) {
      sim.publishing.advance(1_000);
      states.push((await getUpload(upload.id)).state);
    }
    expect(states).toEqual([3, 4, 5]);
    const finished = await getUpload(upload.id);
    expect(finished.asset).toEqual(expect.any(Number));

    const { asset } = await getJson<{ asset: AssetDto }>(api(`/assets/${finished.asset}`), ADMIN);
    expect(asset).toMatchObject({ path: fileName, size: 601_234, fileType: 'video' });
    expect(asset.reels).toEqual([reel.id]);
    const linked = (await getJson<{ reel: ReelDto }>(api(`/reels/${reel.id}`))).reel;
    expect(linked).toMatchObject({ hasValidFile: true, playbackAsset: asset.id });
    expect(linked.assetReelLinks).toHaveLength(1);
  });

  it('refuses segments out of range, without a file part, or after completion', async () => {
    const upload = await createUpload('range.mp4', 2, 10);
    expect((await sendSegment(upload.id, 2, Buffer.alloc(5))).status).toBe(400);
    expect((await sendSegment(upload.id, 'x', Buffer.alloc(5))).status).toBe(400);
    const form = new FormData();
    form.set('segment', '0');
    const noFile = await fetch(api(`/fileuploads/${upload.id}/upload`), {
      method: 'POST',
      headers: ADMIN,
      body: form,
    });
    expect(noFile.status).toBe(400);
    const notMultipart = await sendJson(api(`/fileuploads/${upload.id}/upload`), 'POST', {}, ADMIN);
    expect(notMultipart.status).toBe(415);
    await sendSegment(upload.id, 0, Buffer.alloc(5));
    await sendSegment(upload.id, 1, Buffer.alloc(5));
    await put(`/fileuploads/${upload.id}`, { fileUpload: { state: 2 } });
    expect((await sendSegment(upload.id, 1, Buffer.alloc(5))).status).toBe(400);
    expect(sim.publishing.uploadStats(upload.id)!.bytesResent).toBe(0);
  });

  it('ends in Error or Timeout through the test hook, and in Timeout after 4 h idle', async () => {
    const failing = await createUpload('failing.mp4', 1, 1);
    await sendSegment(failing.id, 0, Buffer.alloc(1));
    await put(`/fileuploads/${failing.id}`, { fileUpload: { state: 2 } });
    sim.publishing.failUpload(failing.id, 0);
    expect((await getUpload(failing.id)).state).toBe(0);

    const hooked = await createUpload('hooked.mp4', 1, 1);
    sim.publishing.failUpload(hooked.id, 6);
    expect((await getUpload(hooked.id)).state).toBe(6);

    const idle = await createUpload('idle.mp4', 2, 2);
    sim.publishing.advance(4 * 3_600_000);
    expect((await getUpload(idle.id)).state).toBe(6);
  });

  it('lists uploads by file name, or ignores the filter when told to (inferred)', async () => {
    const a = await createUpload('find-me.mp4', 1, 1);
    await createUpload('other.mp4', 1, 1);
    const found = await getJson<{ fileUploads: FileUploadDto[] }>(
      api('/fileuploads?fileName=FIND-ME.mp4'),
      ADMIN,
    );
    expect(found.fileUploads.map((u) => u.id)).toEqual([a.id]);
    sim.setOptions({ fileUploadNameFilter: 'ignored' });
    const all = await getJson<{ fileUploads: FileUploadDto[] }>(
      api('/fileuploads?fileName=find-me.mp4'),
      ADMIN,
    );
    expect(all.fileUploads.length).toBeGreaterThan(1);
    expect(sim.publishing.uploadsCreated('find-me.mp4')).toBe(1);
  });

  it('needs credentials with write rights', async () => {
    const body = {
      fileUpload: { fileName: 'x.mp4', destinationStore: 1, totalSegments: 1, size: 1 },
    };
    expect((await sendJson(api('/fileuploads'), 'POST', body)).status).toBe(401);
    expect((await sendJson(api('/fileuploads'), 'POST', body, VIEWER)).status).toBe(403);
    const invalid = await sendJson(
      api('/fileuploads'),
      'POST',
      { fileUpload: { fileName: '', destinationStore: 1, totalSegments: 0, size: 1 } },
      ADMIN,
    );
    expect(invalid.status).toBe(400);
    const { modelState } = await json<{ modelState: Record<string, string[]> }>(invalid);
    expect(Object.keys(modelState).sort()).toEqual([
      'fileUpload.fileName',
      'fileUpload.totalSegments',
    ]);
  });
});

describe('file stores on upload', () => {
  it('refuses an upload to a store the server does not have, naming the field', async () => {
    const response = await sendJson(
      api('/fileuploads'),
      'POST',
      { fileUpload: { fileName: 'lost.mp4', destinationStore: 99, totalSegments: 1, size: 1 } },
      ADMIN,
    );
    expect(response.status).toBe(400);
    const body = await json<{ message: string; modelState: Record<string, string[]> }>(response);
    expect(body.message).toBe('The request is invalid.');
    expect(body.modelState).toEqual({
      'fileUpload.destinationStore': ['fileStore 99 does not exist.'],
    });
    expect(sim.publishing.uploadsCreated('lost.mp4')).toBe(0);
  });

  it('puts the finished file on the store it was sent to', async () => {
    const upload = await post<{ fileUpload: FileUploadDto }>('/fileuploads', {
      fileUpload: { fileName: 'archived.mp4', destinationStore: 2, totalSegments: 1, size: 4 },
    });
    expect(upload.fileUpload.destinationStore).toBe(2);
    expect((await sendSegment(upload.fileUpload.id, 0, Buffer.alloc(4))).status).toBe(200);
    await put(`/fileuploads/${upload.fileUpload.id}`, { fileUpload: { state: 2 } });
    sim.publishing.advance(3_000);
    const done = await getUpload(upload.fileUpload.id);
    expect(done.state).toBe(5);
    const { asset } = await getJson<{ asset: AssetDto }>(api(`/assets/${done.asset}`), ADMIN);
    expect(asset.fileStores).toEqual([2]);
    expect(asset.url).toContain('/store-2/');
  });
});

describe('assets, reels and caption sidecars', () => {
  it('lists assets by file name, or ignores the filter when told to (inferred)', async () => {
    const done = await uploadFile('asset-list.mp4', [Buffer.alloc(10)]);
    const found = await getJson<{ assets: AssetDto[] }>(
      api('/assets?fileName=asset-list.mp4'),
      ADMIN,
    );
    expect(found.assets.map((a) => a.id)).toEqual([done.asset]);
    sim.setOptions({ assetNameFilter: 'ignored' });
    await uploadFile('asset-other.mp4', [Buffer.alloc(10)]);
    const all = await getJson<{ assets: AssetDto[] }>(
      api('/assets?fileName=asset-list.mp4'),
      ADMIN,
    );
    expect(all.assets.length).toBeGreaterThan(1);
    expect((await fetch(api('/assets/999999'), { headers: ADMIN })).status).toBe(404);
  });

  it('links an asset named in PUT /reels/{id} userFileName, and flags a missing one', async () => {
    const { show, reel } = freshShow();
    const done = await uploadFile('no-file-key.mp4', [Buffer.alloc(10)]);
    const current = (await getJson<{ reel: ReelDto }>(api(`/reels/${reel.id}`))).reel;
    expect(current.hasValidFile).toBe(false);
    const missing = await put<{ reel: ReelDto }>(`/reels/${reel.id}`, {
      reel: { ...current, userFileName: 'nowhere.mp4' },
    });
    expect(missing.reel).toMatchObject({ hasValidFile: false, hasInvalidFile: true });
    const before = sim.data.getShow(show.id)!.lastModified;
    const linked = await put<{ reel: ReelDto }>(`/reels/${reel.id}`, {
      reel: { ...current, userFileName: 'no-file-key.mp4', length: 900 },
    });
    expect(linked.reel).toMatchObject({
      hasValidFile: true,
      hasInvalidFile: false,
      playbackAsset: done.asset,
      userFileName: 'no-file-key.mp4',
      length: 900,
    });
    const after = sim.data.getShow(show.id)!;
    expect(after.totalRunTime).toBe(900);
    expect(after.lastModified > before).toBe(true);
  });

  it('creates reels one by one and in a batch, linking by userFileName or file key', async () => {
    const show = sim.data.addShow({ title: 'Reel-less show', location: 1 });
    const byName = await uploadFile('batch-linked.mp4', [Buffer.alloc(10)]);
    const byKey = await uploadFile(`${show.id}-2-second-half.mp4`, [Buffer.alloc(10)]);
    const one = await post<{ reel: ReelDto }>('/reels', {
      reel: { media: null, show: show.id, reelNumber: 1, cue: 0, length: 100 },
    });
    expect(one.reel).toMatchObject({ show: show.id, reelNumber: 1, hasValidFile: false });
    const batch = await post<{ reels: ReelDto[] }>('/reels/batch', {
      reels: [
        { show: show.id, reelNumber: 2, cue: 0, length: 200 },
        { show: show.id, reelNumber: 3, cue: 0, length: 300, userFileName: 'batch-linked.mp4' },
      ],
    });
    expect(batch.reels.map((r) => r.playbackAsset)).toEqual([byKey.asset, byName.asset]);
    expect(sim.data.getShow(show.id)!.reels).toHaveLength(3);
    const bad = await sendJson(
      api('/reels/batch'),
      'POST',
      {
        reels: [
          { show: show.id, reelNumber: 4 },
          { show: 987654321, reelNumber: 1 },
        ],
      },
      ADMIN,
    );
    expect(bad.status).toBe(400);
    expect(sim.data.getShow(show.id)!.reels).toHaveLength(3);
  });

  it('marks show.hasCaptions for an .scc of the linked video’s base name (inferred)', async () => {
    const { show } = freshShow();
    await uploadFile(`${show.id}-1-meeting.mp4`, [Buffer.alloc(10)]);
    expect(sim.data.getShow(show.id)!.hasCaptions).toBe(false);
    await uploadFile(`${show.id}-1-other.scc`, [Buffer.alloc(10)]);
    expect(sim.data.getShow(show.id)!.hasCaptions).toBe(false);
    await uploadFile(`${show.id}-1-MEETING.scc`, [Buffer.alloc(10)]);
    expect(sim.data.getShow(show.id)!.hasCaptions).toBe(true);

    // Sidecar first, video second works too; and the reading can be switched off.
    const second = freshShow();
    await uploadFile(`${second.show.id}-1-x.mcc`, [Buffer.alloc(10)]);
    await uploadFile(`${second.show.id}-1-x.mp4`, [Buffer.alloc(10)]);
    expect(sim.data.getShow(second.show.id)!.hasCaptions).toBe(true);
    sim.setOptions({ captionSidecars: 'ignored' });
    const third = freshShow();
    await uploadFile(`${third.show.id}-1-y.mp4`, [Buffer.alloc(10)]);
    await uploadFile(`${third.show.id}-1-y.scc`, [Buffer.alloc(10)]);
    expect(sim.data.getShow(third.show.id)!.hasCaptions).toBe(false);
  });
});

interface VodStatus {
  vodStatus: { id: number; vodState: string; percentComplete: number; errorMessage: string | null };
}

async function createVod(showId: number, expected = 200): Promise<VodDto> {
  return (
    await post<{ vod: VodDto }>(
      '/vods',
      { vod: { show: showId, vodConfiguration: 1, quality: 2 } },
      expected,
    )
  ).vod;
}

async function vodState(id: number): Promise<[string, number]> {
  const { vod } = await getJson<{ vod: VodDto }>(api(`/vods/${id}`));
  const { vodStatus } = await getJson<VodStatus>(api(`/vodstatuses/${id}`));
  expect([vodStatus.vodState, vodStatus.percentComplete]).toEqual([
    vod.vodState,
    vod.percentComplete,
  ]);
  return [vod.vodState, vod.percentComplete];
}

describe('VODs', () => {
  it('waits for a file, then queues, processes with progress and completes on the clock', async () => {
    const { show } = freshShow();
    const vod = await createVod(show.id);
    expect(vod).toMatchObject({ show: show.id, quality: 2, vodState: 'waiting', url: null });
    expect(sim.data.getShow(show.id)!.vods).toEqual([vod.id]);
    sim.publishing.advance(60_000);
    expect(await vodState(vod.id)).toEqual(['waiting', 0]);

    await uploadFile(`${show.id}-1-meeting.mp4`, [Buffer.alloc(10)]);
    expect((await vodState(vod.id))[0]).toBe('queued');
    sim.publishing.advance(1_000 + 2_500);
    expect(await vodState(vod.id)).toEqual(['processing', 0.25]);
    sim.publishing.advance(5_000);
    expect(await vodState(vod.id)).toEqual(['processing', 0.75]);
    sim.publishing.advance(2_500);
    const { vod: done } = await getJson<{ vod: VodDto }>(api(`/vods/${vod.id}`));
    expect(done).toMatchObject({ vodState: 'complete', percentComplete: 1, isWatchable: true });
    expect(done.url).toMatch(/\/store-\d+\/.*-v1\/vod\.mp4$/);
    expect(done.embedCode).toContain(`show_id=${show.id}`);
    expect(done.webVtt).toBe(api(`/vods/${vod.id}/chapters`));
    expect(done.fileName).toBe(`${show.id}-1-meeting.mp4`);
    expect(sim.publishing.vodsCreated(show.id)).toBe(1);
  });

  it('answers 201 when told to (inferred), and counts every VOD a show got', async () => {
    sim.setOptions({ createdStatus: 201 });
    const { show } = freshShow();
    await createVod(show.id, 201);
    await createVod(show.id, 201);
    expect(sim.publishing.vodsCreated(show.id)).toBe(2);
    expect(sim.publishing.duplicateVods().get(show.id)).toBe(2);
  });

  it('ends a transcode in error through the per-show hook or the error rate', async () => {
    const { show } = freshShow();
    sim.publishing.failTranscodesOf(show.id, 'Transcode failed: test.');
    await uploadFile(`${show.id}-1-broken.mp4`, [Buffer.alloc(10)]);
    const vod = await createVod(show.id);
    sim.publishing.advance(11_000);
    const { vodStatus } = await getJson<VodStatus>(api(`/vodstatuses/${vod.id}`));
    expect(vodStatus).toMatchObject({ vodState: 'error', errorMessage: 'Transcode failed: test.' });

    sim.setOptions({ vodErrorRate: 1 });
    const other = freshShow();
    await uploadFile(`${other.show.id}-1-any.mp4`, [Buffer.alloc(10)]);
    const failing = await createVod(other.show.id);
    sim.publishing.advance(11_000);
    expect((await vodState(failing.id))[0]).toBe('error');
  });

  it('validates POST /vods and names the fields', async () => {
    const response = await sendJson(
      api('/vods'),
      'POST',
      { vod: { show: 987654321, vodConfiguration: 99 } },
      ADMIN,
    );
    expect(response.status).toBe(400);
    const { modelState } = await json<{ modelState: Record<string, string[]> }>(response);
    expect(Object.keys(modelState).sort()).toEqual(['vod.show', 'vod.vodConfiguration']);
  });

  it('takes only a quality the configuration lists, or none (Auto)', async () => {
    const { show } = freshShow();
    const listed = sim.data.vodConfigurations.get(1)!.vodTranscodeQualities;
    const response = await sendJson(
      api('/vods'),
      'POST',
      { vod: { show: show.id, vodConfiguration: 1, quality: 99 } },
      ADMIN,
    );
    expect(response.status).toBe(400);
    const { modelState } = await json<{ modelState: Record<string, string[]> }>(response);
    expect(modelState).toEqual({
      'vod.quality': ["quality 99 is not one of vodConfiguration 1's vodTranscodeQualities."],
    });
    expect(sim.publishing.vodsCreated(show.id)).toBe(0);

    const auto = await post<{ vod: VodDto }>('/vods', {
      vod: { show: show.id, vodConfiguration: 1, quality: null },
    });
    expect(auto.vod.quality).toBeNull();
    const { vod: current } = await getJson<{ vod: VodDto }>(api(`/vods/${auto.vod.id}`));
    const refused = await sendJson(
      api(`/vods/${auto.vod.id}`),
      'PUT',
      { vod: { ...current, quality: 99 } },
      ADMIN,
    );
    expect(refused.status).toBe(400);
    const updated = await put<{ vod: VodDto }>(`/vods/${auto.vod.id}`, {
      vod: { ...current, quality: listed.at(-1) },
    });
    expect(updated.vod.quality).toBe(listed.at(-1));
  });

  it('takes the full resource back in PUT /vods/{id} (publishing chapters)', async () => {
    const { show } = freshShow();
    const vod = await createVod(show.id);
    const { vod: current } = await getJson<{ vod: VodDto }>(api(`/vods/${vod.id}`));
    const updated = await put<{ vod: VodDto }>(`/vods/${vod.id}`, {
      vod: { ...current, chaptersPublished: true, quality: 3, vodState: 'complete' },
    });
    // Writable fields change; read-only ones (the state) do not.
    expect(updated.vod).toMatchObject({ chaptersPublished: true, quality: 3, vodState: 'waiting' });
  });

  it('deletes a VOD with 200 or 204 (inferred), or refuses when unsupported', async () => {
    const { show } = freshShow();
    const a = await createVod(show.id);
    const b = await createVod(show.id);
    const first = await fetch(api(`/vods/${a.id}`), { method: 'DELETE', headers: ADMIN });
    expect(first.status).toBe(200);
    expect((await json<{ vod: VodDto }>(first)).vod.id).toBe(a.id);
    expect((await fetch(api(`/vods/${a.id}`))).status).toBe(404);
    expect(sim.data.getShow(show.id)!.vods).toEqual([b.id]);

    sim.setOptions({ vodDelete: 'unsupported' });
    expect((await fetch(api(`/vods/${b.id}`), { method: 'DELETE', headers: ADMIN })).status).toBe(
      405,
    );
    sim.setOptions({ vodDelete: 'allowed', deleteStatus: 204 });
    const second = await fetch(api(`/vods/${b.id}`), { method: 'DELETE', headers: ADMIN });
    expect(second.status).toBe(204);
    expect(sim.data.getShow(show.id)!.vods).toEqual([]);
  });
});

describe('chapters', () => {
  async function vodWithChapter(): Promise<{ vod: VodDto; chapter: ChapterDto }> {
    const { show } = freshShow();
    const vod = await createVod(show.id);
    const { chapter } = await post<{ chapter: ChapterDto }>('/chapters', {
      chapter: {
        vod: vod.id,
        title: 'Call to order',
        body: 'Call to order',
        operatorNote: 'note',
        offset: 95,
        quickAdded: false,
        order: 1,
        deleted: false,
      },
    });
    return { vod, chapter };
  }

  it('creates a chapter that the VOD lists', async () => {
    const { vod, chapter } = await vodWithChapter();
    expect(chapter).toMatchObject({ vod: vod.id, title: 'Call to order', offset: 95, order: 1 });
    expect(sim.data.getVod(vod.id)!.chapters).toEqual([chapter.id]);
    const { chapters } = await getJson<{ chapters: ChapterDto[] }>(api(`/chapters?vod=${vod.id}`));
    expect(chapters.map((c) => c.id)).toEqual([chapter.id]);
    const bad = await sendJson(api('/chapters'), 'POST', { chapter: { vod: 987654321 } }, ADMIN);
    expect(bad.status).toBe(400);
  });

  it('replaces a chapter on PUT (inferred), or merges when told to', async () => {
    const { chapter } = await vodWithChapter();
    const replaced = await put<{ chapter: ChapterDto }>(`/chapters/${chapter.id}`, {
      chapter: { title: 'Roll call', offset: 120 },
    });
    expect(replaced.chapter).toMatchObject({
      title: 'Roll call',
      offset: 120,
      body: '',
      order: null,
    });
    sim.setOptions({ chapterUpdate: 'merge' });
    const merged = await put<{ chapter: ChapterDto }>(`/chapters/${chapter.id}`, {
      chapter: { body: 'Members present' },
    });
    expect(merged.chapter).toMatchObject({
      title: 'Roll call',
      offset: 120,
      body: 'Members present',
    });
  });

  it('soft-deletes a chapter (inferred), or removes it when told to', async () => {
    const { vod, chapter } = await vodWithChapter();
    const soft = await fetch(api(`/chapters/${chapter.id}`), { method: 'DELETE', headers: ADMIN });
    expect(soft.status).toBe(200);
    expect((await json<{ chapter: ChapterDto }>(soft)).chapter.deleted).toBe(true);
    expect(sim.data.getVod(vod.id)!.chapters).toEqual([chapter.id]);

    sim.setOptions({ chapterDelete: 'hard', deleteStatus: 204 });
    const hard = await fetch(api(`/chapters/${chapter.id}`), { method: 'DELETE', headers: ADMIN });
    expect(hard.status).toBe(204);
    expect(sim.data.getVod(vod.id)!.chapters).toEqual([]);
    expect((await fetch(api(`/chapters/${chapter.id}`))).status).toBe(404);
  });

  it('counts chapters created twice under the same (vod, offset, title)', async () => {
    const { vod } = await vodWithChapter();
    await post('/chapters', { chapter: { vod: vod.id, title: 'Call to order', offset: 95 } });
    expect(sim.publishing.duplicateChapters()).toContainEqual({
      vod: vod.id,
      offset: 95,
      title: 'Call to order',
      count: 2,
    });
  });
});

describe('faults on writes', () => {
  const vodBody = (showId: number) => ({ vod: { show: showId, vodConfiguration: 1 } });

  it('commit-then-drop: POST /vods creates the VOD while the client sees a dropped socket', async () => {
    const { show } = freshShow();
    sim.setFaults([{ kind: 'drop', method: 'POST', path: '/vods', afterHandling: true }]);
    await expect(sendJson(api('/vods'), 'POST', vodBody(show.id), ADMIN)).rejects.toThrow();
    expect(sim.data.getShow(show.id)!.vods).toHaveLength(1);
    expect(sim.publishing.vodsCreated(show.id)).toBe(1);
  });

  it('503 and 429 before handling commit nothing; 429 says when to come back', async () => {
    const { show } = freshShow();
    sim.setFaults([{ kind: 'status', method: 'POST', path: '/vods', value: 503, times: 1 }]);
    expect((await sendJson(api('/vods'), 'POST', vodBody(show.id), ADMIN)).status).toBe(503);
    sim.setFaults([{ kind: 'retry-after', method: 'POST', path: '/vods', value: 3, times: 1 }]);
    const limited = await sendJson(api('/vods'), 'POST', vodBody(show.id), ADMIN);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(sim.publishing.vodsCreated(show.id)).toBe(0);
  });

  it('a slow commit lands even when the client gave up waiting', async () => {
    const { show } = freshShow();
    sim.setFaults([{ kind: 'slow-commit', method: 'POST', path: '/vods', value: 300 }]);
    await expect(
      fetch(api('/vods'), {
        method: 'POST',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: JSON.stringify(vodBody(show.id)),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    expect(sim.publishing.vodsCreated(show.id)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sim.publishing.vodsCreated(show.id)).toBe(1);
  });

  it('a plain latency on a write does not commit once the client has gone', async () => {
    const { show } = freshShow();
    sim.setFaults([{ kind: 'latency', method: 'POST', path: '/vods', value: 300 }]);
    await expect(
      fetch(api('/vods'), {
        method: 'POST',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: JSON.stringify(vodBody(show.id)),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sim.publishing.vodsCreated(show.id)).toBe(0);
  });

  it('an upload segment dropped after handling is recorded; one refused before is drained', async () => {
    const upload = await createUpload('faulty.mp4', 2, 2_000_000);
    sim.setFaults([{ kind: 'drop', path: /\/upload$/, afterHandling: true, times: 1 }]);
    await expect(sendSegment(upload.id, 0, Buffer.alloc(1_000_000))).rejects.toThrow();
    expect(sim.publishing.uploadStats(upload.id)!.segments.map((s) => s.index)).toEqual([0]);
    sim.setFaults([{ kind: 'status', path: /\/upload$/, value: 503, times: 1 }]);
    expect((await sendSegment(upload.id, 1, Buffer.alloc(1_000_000))).status).toBe(503);
    expect(sim.publishing.missingSegments(upload.id)).toEqual([1]);
  });
});
