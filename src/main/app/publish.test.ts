import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEvents } from '../../shared/contract';
import type { RecordingDetail, RecordingRow } from '../../shared/library';
import type { PublishBatchView, PublishJobDetail, PublishPlan } from '../../shared/publishing';
import type { Core } from './core';
import {
  call,
  prepareLibrary,
  publishingCore,
  publishingWorkspace,
  TEST_CALLER,
  until,
  writeRecordings,
} from './testing/publish-fixture';

const ws = publishingWorkspace('archivist-publish-', {
  seed: { shows: 40, randomSeed: 11 },
  vodQueueMs: 20,
  transcodeMs: 200,
  uploadProcessingMs: 60,
});

/** New shows with one reel and no file and no VOD: a publish does every step. */
function freshShows(count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const show = ws.sim.data.addShow({ title: `City Council Regular Meeting ${i + 1}` });
    ws.sim.data.addReel(show.id, { length: 3600 });
    return show.id;
  });
}

async function setUp(
  showIds: number[],
  concurrency?: number,
): Promise<{ core: Core; recordingIds: number[] }> {
  const c = (ws.core = await publishingCore({
    dataDir: ws.dataDir,
    serverUrl: ws.sim.url,
    ...(concurrency === undefined ? {} : { concurrency }),
  }));
  await c.catalog.sync.runToEnd('full');
  const folder = join(ws.dataDir, 'recordings');
  writeRecordings(folder, showIds);
  const recordingIds = await prepareLibrary(c, folder);
  expect(recordingIds).toHaveLength(showIds.length);
  return { core: c, recordingIds };
}

function job(c: Core, id: number): Promise<PublishJobDetail> {
  return call<PublishJobDetail>(c, 'publish.get', { id });
}

describe('publishing a recording to Cablecast VOD', () => {
  it('plans, then puts the video, the SCC sidecar, one VOD and the chapters on the server', async () => {
    const [showId] = freshShows(1) as [number];
    const { core: c, recordingIds } = await setUp([showId]);
    const events: { event: keyof AppEvents; payload: unknown }[] = [];
    c.dispatcher.subscribe((event, payload) => events.push({ event, payload }));

    const plan = await call<PublishPlan>(c, 'publish.plan', { recordingIds });
    expect(plan.items[0]).toMatchObject({ refused: null, showId });
    expect(plan.items[0]?.actions.join(' ')).toMatch(/SCC converted from SRT/);

    const batch = await call<PublishBatchView>(c, 'publish.enqueue', { recordingIds });
    expect(batch.rows).toHaveLength(1);
    const id = batch.rows[0]!.id;
    const done = await until(
      'the job to end',
      () => job(c, id),
      (j) => j.state === 'done' || j.state === 'failed',
    );
    expect(done.lastError).toBeNull();
    expect(done.state).toBe('done');
    expect(done.steps.map((s) => [s.step, s.state])).toEqual([
      ['check', 'done'],
      ['metadata', 'done'],
      ['video', 'done'],
      ['captions', 'done'],
      ['vod', 'done'],
      ['chapters', 'done'],
      ['transcode', 'done'],
    ]);

    // On the server: one VOD, complete, its chapters published; the video and its sidecar.
    const show = ws.sim.data.shows.get(showId)!;
    expect(show.vods).toHaveLength(1);
    const vod = ws.sim.data.vods.get(show.vods[0]!)!;
    expect(vod.vodState).toBe('complete');
    expect(vod.chaptersPublished).toBe(true);
    expect(done.vod).toMatchObject({ vodId: vod.id, state: 'complete' });
    expect(done.vod?.url).toBeTruthy();
    const chapters = [...ws.sim.data.chapters.values()].filter(
      (ch) => ch.vod === vod.id && !ch.deleted,
    );
    expect(chapters.map((ch) => [ch.offset, ch.title]).sort()).toEqual([
      [1, 'Call to order'],
      [5, 'Budget'],
    ]);
    const videoName = `${showId}-1-Council Meeting ${showId}.mp4`;
    expect(ws.sim.publishing.uploadsCreated(videoName)).toBe(1);
    expect(ws.sim.publishing.uploadsCreated(`${showId}-1-Council Meeting ${showId}.scc`)).toBe(1);
    expect(show.cgTitle).toBe(`Council Meeting ${showId}`);
    expect(show.hasCaptions).toBe(true);

    // Locally: the recording is published, and the VOD going live was announced.
    const { rows } = await call<{ rows: RecordingRow[] }>(c, 'library.list', {
      states: [],
      text: '',
    });
    expect(rows[0]?.state).toBe('published');
    expect(events.some((e) => e.event === 'vod.published')).toBe(true);
    const published = c.database.sqlite
      .prepare('SELECT vod_id AS vodId FROM vod_publications WHERE job_id = ?')
      .all(id);
    expect(published).toEqual([{ vodId: vod.id }]);
  });

  it('makes exactly one VOD when the answer to POST /vods is lost after it committed', async () => {
    const [showId] = freshShows(1) as [number];
    const { core: c, recordingIds } = await setUp([showId]);
    ws.sim.addFault({
      kind: 'drop',
      method: 'POST',
      path: /^\/vods$/,
      afterHandling: true,
      times: 1,
    });
    const batch = await call<PublishBatchView>(c, 'publish.enqueue', { recordingIds });
    const done = await until(
      'the job to end',
      () => job(c, batch.rows[0]!.id),
      (j) => j.state === 'done' || j.state === 'failed',
    );
    expect(done.state).toBe('done');
    expect(ws.sim.data.shows.get(showId)!.vods).toHaveLength(1);
    expect(ws.sim.publishing.duplicateVods().size).toBe(0);
    expect(done.attempts).toBeGreaterThan(1);
  });

  it('shows a failure with its reason, and retry works', async () => {
    const [failing, refused] = freshShows(2) as [number, number];
    // One publish at a time, so the refused POST is the one of the job queued first.
    const { core: c, recordingIds } = await setUp([failing, refused], 1);
    ws.sim.publishing.failTranscodesOf(failing, 'The source file could not be decoded.');
    ws.sim.addFault({ kind: 'status', value: 400, method: 'POST', path: /^\/vods$/, times: 1 });
    await call(c, 'publish.enqueue', { recordingIds: [recordingIds[1]] });
    const batch = await call<PublishBatchView>(c, 'publish.enqueue', {
      recordingIds: [recordingIds[0]],
    });
    const rows = (await call<{ rows: { id: number; showId: number }[] }>(c, 'publish.list', {}))
      .rows;
    const byShow = new Map(rows.map((r) => [r.showId, r.id]));
    const ended = (j: PublishJobDetail) => j.state === 'failed' || j.state === 'done';

    const transcode = await until('the failing transcode', () => job(c, batch.rows[0]!.id), ended);
    expect(transcode.state).toBe('failed');
    expect(transcode.lastError).toMatch(/could not transcode.*could not be decoded/);

    const refusedId = byShow.get(refused)!;
    const first = await until('the refused VOD', () => job(c, refusedId), ended);
    expect(first.state).toBe('failed');
    expect(first.lastError).toMatch(/Creating the VOD.*400/);
    expect(first.attempts).toBe(1);
    await call(c, 'publish.retry', { id: refusedId });
    const retried = await until('the retried job', () => job(c, refusedId), ended);
    expect(retried.state).toBe('done');
    expect(ws.sim.data.shows.get(refused)!.vods).toHaveLength(1);
  });

  it('offers the synced qualities, and creates the VOD in the one chosen', async () => {
    const [showId, autoShow] = freshShows(2) as [number, number];
    const { core: c, recordingIds: both } = await setUp([showId, autoShow]);
    const recordingIds = [both[0]!];
    const plan = await call<PublishPlan>(c, 'publish.plan', { recordingIds });
    const [config] = plan.vodConfigurations;
    expect(config?.qualities.map((q) => q.name)).toEqual(['1080p', '720p', '480p', '360p']);
    expect(config?.qualities.find((q) => q.id === config.defaultQuality)?.name).toBe('720p');
    // No default quality is set: the batch starts at Auto.
    expect(plan.options.quality).toBeNull();

    const refused = await c.dispatcher.dispatch(
      'publish.enqueue',
      { recordingIds, options: { vodConfigurationId: config!.id, quality: 99 } },
      TEST_CALLER,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', path: 'options.quality' },
    });
    expect(ws.sim.stats.byPath.get('/vods') ?? 0).toBe(0);

    const sd = config!.qualities.find((q) => q.name === '480p')!;
    const batch = await call<PublishBatchView>(c, 'publish.enqueue', {
      recordingIds,
      options: { vodConfigurationId: config!.id, quality: sd.id },
    });
    const done = await until(
      'the job to end',
      () => job(c, batch.rows[0]!.id),
      (j) => j.state === 'done' || j.state === 'failed',
    );
    expect(done.lastError).toBeNull();
    const vods = ws.sim.data.shows.get(showId)!.vods;
    expect(vods.map((id) => ws.sim.data.vods.get(id)?.quality)).toEqual([sd.id]);

    // With a default quality set, a batch that chooses Auto still gets Auto.
    await call(c, 'settings.update', { publishing: { defaultQuality: config!.defaultQuality } });
    const autoPlan = await call<PublishPlan>(c, 'publish.plan', { recordingIds: [both[1]] });
    expect(autoPlan.options.quality).toBe(config!.defaultQuality);
    const auto = await call<PublishBatchView>(c, 'publish.enqueue', {
      recordingIds: [both[1]],
      options: { quality: null },
    });
    const autoDone = await until(
      'the Auto job to end',
      () => job(c, auto.rows[0]!.id),
      (j) => j.state === 'done' || j.state === 'failed',
    );
    expect(autoDone.steps.find((s) => s.step === 'vod')?.detail).toMatch(/quality Auto\)/);
    const autoVods = ws.sim.data.shows.get(autoShow)!.vods;
    expect(autoVods.map((id) => ws.sim.data.vods.get(id)?.quality)).toEqual([null]);
  });

  it('uploads to the file store of the settings, else to the first one the catalog knows', async () => {
    const [first, second] = freshShows(2) as [number, number];
    // The server's first store is 2 here, so the catalog's choice differs from the fallback (1).
    ws.sim.data.fileStores.delete(1);
    const { core: c, recordingIds } = await setUp([first, second]);
    const { fileStores } = await call<{ fileStores: { id: number; name: string }[] }>(
      c,
      'catalog.fileStores',
    );
    expect(fileStores).toEqual([{ id: 2, name: 'Archive' }]);
    const ended = (j: PublishJobDetail) => j.state === 'done' || j.state === 'failed';
    const publish = async (recordingId: number): Promise<void> => {
      const batch = await call<PublishBatchView>(c, 'publish.enqueue', {
        recordingIds: [recordingId],
      });
      const done = await until('the job to end', () => job(c, batch.rows[0]!.id), ended);
      expect(done.lastError).toBeNull();
    };
    const storesOf = (showId: number): number[] =>
      ws.sim.publishing
        .listUploads()
        .filter((u) => u.fileName.startsWith(`${showId}-`))
        .map((u) => u.destinationStore);

    await publish(recordingIds[0]!);
    expect(storesOf(first)).toEqual([2, 2]);

    ws.sim.data.addFileStore({ name: 'Primary Content again' });
    await call(c, 'settings.update', { publishing: { destinationStoreId: 3 } });
    await publish(recordingIds[1]!);
    // The video and its caption sidecar, both on the chosen store, and the files are there.
    expect(storesOf(second)).toEqual([3, 3]);
    const asset = ws.sim.publishing.listAssets(`${second}-1-Council Meeting ${second}.mp4`)[0];
    expect(asset?.fileStores).toEqual([3]);
  });

  it('refuses in the plan, before any network call, what cannot be published', async () => {
    const [showId] = freshShows(1) as [number];
    const { core: c, recordingIds } = await setUp([showId]);
    await call(c, 'library.unlink', { id: recordingIds[0] });
    const plan = await call<PublishPlan>(c, 'publish.plan', { recordingIds });
    expect(plan.items[0]?.refused).toMatch(/Not linked/);
    const requests = ws.sim.stats.requests;
    const skipped = await call<PublishBatchView>(c, 'publish.enqueue', { recordingIds });
    expect(skipped.rows).toHaveLength(0);
    expect(skipped.skipped[0]?.reason).toMatch(/Not linked/);
    expect(ws.sim.stats.requests).toBe(requests);
  });

  it('writes only the show fields the draft changes, and stops with both versions when Cablecast changed one since', async () => {
    const [kept, moved] = freshShows(2) as [number, number];
    for (const id of [kept, moved])
      ws.sim.data.updateShow(id, { thumbnail: 9001, thumbnailOptions: [9001, 9002, 9003] });
    const { core: c, recordingIds } = await setUp([kept, moved]);
    const detail = await call<RecordingDetail>(c, 'library.get', { id: recordingIds[0] });
    const choices = detail.show!.choices;
    expect(choices.thumbnails.map((t) => t.id)).toEqual([9001, 9002, 9003]);
    expect(choices.thumbnails[1]?.url).toMatch(/dynamicthumbnails\/9002\?d=/);
    const sub = choices.fields.find((f) => f.type === 'string')!;
    const agenda = choices.fields.find((f) => f.type === 'file')!;
    const [category, other] = choices.categories as [
      { id: number; name: string },
      { id: number; name: string },
    ];
    const project = choices.projects[0]!;
    for (const id of recordingIds) {
      await call(c, 'library.draft.save', {
        id,
        title: '',
        cgTitle: 'Council Meeting',
        description: 'The council met.',
        tags: ['council', 'budget'],
        chapters: [],
        chaptersSource: 'none',
        fields: {
          categoryId: category.id,
          thumbnailId: 9002,
          customFields: [{ showField: sub.showField, value: 'Budget hearing' }],
        },
      });
    }
    // After the drafts: someone sets the project of one show (which no draft touches) and the
    // category of the other (which both drafts change) in Cablecast's web UI.
    ws.sim.data.updateShow(kept, { project: project.id });
    ws.sim.data.updateShow(moved, { category: other.id });
    const agendaBefore = ws.sim.data.shows
      .get(kept)!
      .customFields.find((f) => f.showField === agenda.showField);

    await call(c, 'publish.enqueue', { recordingIds, options: { tagsToAdd: ['Archive'] } });
    const rows = (await call<{ rows: { id: number; showId: number }[] }>(c, 'publish.list', {}))
      .rows;
    const jobOf = new Map(rows.map((r) => [r.showId, r.id]));
    const ended = (j: PublishJobDetail) => j.state === 'failed' || j.state === 'done';
    const keptJob = await until('the first job', () => job(c, jobOf.get(kept)!), ended);
    const movedJob = await until('the second job', () => job(c, jobOf.get(moved)!), ended);

    expect(keptJob.lastError).toBeNull();
    expect(keptJob.steps.find((s) => s.step === 'metadata')?.detail).toBe(
      'Updated the public title, description, category, thumbnail, Sub-Category, 3 tags.',
    );
    const show = ws.sim.data.shows.get(kept)!;
    expect(show).toMatchObject({ category: category.id, project: project.id, thumbnail: 9002 });
    const value = (showField: number) =>
      show.customFields.find((f) => f.showField === showField)?.value;
    expect(value(sub.showField)).toBe('Budget hearing');
    expect(value(choices.fields.find((f) => f.type === 'tag')!.showField)).toBe(
      'council,budget,Archive',
    );
    expect(show.customFields.find((f) => f.showField === agenda.showField)).toEqual(agendaBefore);

    expect(movedJob.state).toBe('failed');
    expect(movedJob.lastError).toContain(
      `category: Cablecast has ${other.name} (${other.id}), the draft was made from (none) and says ${category.name} (${category.id})`,
    );
    expect(ws.sim.data.shows.get(moved)!).toMatchObject({ category: other.id, thumbnail: 9001 });
  });
});
