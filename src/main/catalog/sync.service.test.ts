import { afterEach, describe, expect, it } from 'vitest';
import { ShowSearchSchema, type SyncStatus } from '../../shared/catalog';
import { AppError } from '../../shared/result';
import { SHOW_BATCH_SIZE } from '../cablecast';
import { SyncFixture } from './testing/sync-fixture';

let fixture: SyncFixture | null = null;
async function setup(...args: Parameters<typeof SyncFixture.start>): Promise<SyncFixture> {
  fixture = await SyncFixture.start(...args);
  return fixture;
}
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

function searchTotal(f: SyncFixture, text: string): number {
  return f.repo.search(ShowSearchSchema.parse({ filter: { text } })).total;
}

function phases(events: readonly SyncStatus[]): string[] {
  return events.map((e) => e.phase).filter((phase, i, all) => phase !== all[i - 1]);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a rejection');
}

describe('full sync', () => {
  it('copies every show with its lookups and VOD, reporting progress to the end', async () => {
    const f = await setup({ shows: 250 });
    const started = await f.service.start('full');
    expect(started.running).toBe(true);
    const status = await f.service.whenIdle();

    expect(status).toMatchObject({
      running: false,
      mode: 'full',
      phase: 'done',
      done: 250,
      total: 250,
      added: 250,
      updated: 0,
      deleted: 0,
      showCount: 250,
      error: null,
      warnings: [],
    });
    expect(status.lastFullSyncAt).not.toBeNull();
    expect(status.lastIncrementalSyncAt).toBeNull();
    expect(f.localIds()).toEqual(f.serverIds());
    expect(f.differences()).toEqual([]);

    // Names come from the lookups, VOD state from the sideloaded VOD.
    const id = f.serverIds().find((i) => (f.sim.data.getShow(i)?.vods.length ?? 0) > 0)!;
    const remote = f.sim.data.getShow(id)!;
    const local = f.repo.get(id)!;
    expect(local.category).toBe(f.sim.data.categories.get(remote.category!)?.name);
    expect(local.project).toBe(f.sim.data.projects.get(remote.project!)?.name);
    expect(local.vod?.id).toBe(remote.vods[0]);
    expect(local.vod?.state).toBe(f.sim.data.getVod(remote.vods[0]!)?.vodState);
    expect(local.customFields.map((c) => c.name)).toEqual(
      ['Tags', 'Agenda', 'Sub-Category', 'Custom 1'].slice(0, local.customFields.length),
    );

    // Lookups, one listing, and 100 ids per batch: the sync never pages through /shows.
    expect(f.requests('/shows/search/advanced')).toBe(1);
    expect(f.requests('/shows')).toBe(Math.ceil(250 / SHOW_BATCH_SIZE));

    expect(phases(f.events)).toEqual(['lookups', 'listing', 'fetching', 'deleting', 'done']);
    const fetching = f.events.filter((e) => e.phase === 'fetching').map((e) => e.done);
    expect(fetching).toEqual([...fetching].sort((a, b) => a - b));
    expect(f.events.at(-1)?.running).toBe(false);
    expect(f.changed.at(-1)).toBe(250);
  });

  it('stores the transcode qualities, each configuration’s list of them and the file stores', async () => {
    const f = await setup({ shows: 20, locations: 2 });
    const status = await f.service.runToEnd('full');
    expect(status).toMatchObject({ phase: 'done', warnings: [] });
    // In the SQLite file itself, as the server listed them.
    const rows = (sql: string): unknown[] => f.database.sqlite.prepare(sql).all();
    expect(rows('SELECT id, name, vod_provider FROM vod_transcode_qualities ORDER BY id')).toEqual(
      [...f.sim.data.vodTranscodeQualities.values()].map((q) => ({
        id: q.id,
        name: q.name,
        vod_provider: 'TRMS',
      })),
    );
    expect(rows('SELECT id, name, location_id FROM file_stores ORDER BY id')).toEqual([
      { id: 1, name: 'Primary Content', location_id: null },
      { id: 2, name: 'Archive', location_id: null },
    ]);
    const server = [...f.sim.data.vodConfigurations.values()];
    expect(server).toHaveLength(2);
    expect(
      rows('SELECT id, quality_ids, default_quality FROM vod_configurations ORDER BY id'),
    ).toEqual(
      server.map((c) => ({
        id: c.id,
        quality_ids: JSON.stringify(c.vodTranscodeQualities),
        default_quality: c.defaultQuality,
      })),
    );
    // And as publishing reads them.
    const [first] = f.repo.vodConfigurations();
    expect(first?.qualities.map((q) => q.name)).toEqual(['1080p', '720p', '480p', '360p']);
    expect(first?.qualities.find((q) => q.id === first.defaultQuality)?.name).toBe('720p');
    expect(f.repo.fileStores()).toEqual([
      { id: 1, name: 'Primary Content' },
      { id: 2, name: 'Archive' },
    ]);
  });

  it('works whichever way the server reads offset, since it never pages', async () => {
    for (const offsetMode of ['page', 'index'] as const) {
      const f = await setup({ shows: 180, simulator: { offsetMode, defaultPageSize: 7 } });
      const status = await f.service.runToEnd('full');
      expect(status.phase, offsetMode).toBe('done');
      expect(f.localIds()).toEqual(f.serverIds());
      f.sim.data.updateShow(f.serverIds()[3]!, { title: `Edited under ${offsetMode}` });
      await f.service.runToEnd('incremental');
      expect(f.differences()).toEqual([]);
      await f.close();
      fixture = null;
    }
  });

  it('keeps its status across a restart', async () => {
    const f = await setup({ shows: 40 });
    const done = await f.service.runToEnd('full');
    const restarted = f.makeService().status();
    expect(restarted).toMatchObject({
      running: false,
      mode: 'full',
      phase: 'done',
      lastFullSyncAt: done.lastFullSyncAt,
      watermark: done.watermark,
      showCount: 40,
      added: 40,
    });
    expect(restarted.watermark).not.toBeNull();
  });

  it('marks shows the server no longer has as deleted, keeping their rows', async () => {
    const f = await setup({ shows: 60 });
    await f.service.runToEnd('full');
    const [gone, alsoGone] = f.serverIds();
    f.sim.data.deleteShow(gone!);
    f.sim.data.deleteShow(alsoGone!);
    const status = await f.service.runToEnd('full');
    expect(status).toMatchObject({ phase: 'done', deleted: 2, added: 0, showCount: 58 });
    expect(f.localIds()).toEqual(f.serverIds());
    expect(f.repo.get(gone!)?.deletedAt).not.toBeNull();
    const title = f.repo.get(gone!)!.title;
    expect(
      f.repo
        .search(ShowSearchSchema.parse({ filter: { text: title }, limit: 1000 }))
        .rows.map((r) => r.id),
    ).not.toContain(gone);
  });
});

describe('incremental sync', () => {
  it('fetches only what changed: edits, new shows and deletions', async () => {
    const f = await setup({ shows: 300 });
    await f.service.runToEnd('full');
    const [edited, renamed, gone] = f.serverIds();
    f.sim.data.updateShow(edited!, { comments: 'Now with a description about zebras.' });
    f.sim.data.updateShow(renamed!, { title: 'Special Budget Hearing' });
    f.sim.data.deleteShow(gone!);
    const added = f.sim.data.addShow({
      title: 'Brand new show about aardvarks',
      eventDate: '2026-07-01T18:00:00-05:00',
    });
    f.sim.resetStats();

    const status = await f.service.runToEnd('incremental');
    expect(status).toMatchObject({
      mode: 'incremental',
      phase: 'done',
      added: 1,
      updated: 2,
      deleted: 1,
      showCount: 300,
      error: null,
    });
    expect(status.lastIncrementalSyncAt).not.toBeNull();
    expect(f.differences()).toEqual([]);
    expect(f.localIds()).toEqual(f.serverIds());
    expect(searchTotal(f, 'zebras')).toBe(1);
    expect(searchTotal(f, 'aardvarks')).toBe(1);
    expect(f.repo.get(added.id)?.title).toBe('Brand new show about aardvarks');
    expect(f.repo.get(gone!)?.deletedAt).not.toBeNull();
    // One batch for the three changes; the two advanced searches (changes, and all ids for
    // deletion detection) are the only other show requests.
    expect(f.requests('/shows')).toBe(1);
    expect(f.requests('/shows/search/advanced')).toBe(2);
  });

  it('sees edits through an anonymous cache, because it signs in', async () => {
    const f = await setup({ shows: 120, simulator: { anonymousCacheMs: 60_000 } });
    await f.service.runToEnd('full');
    const id = f.serverIds()[10]!;
    const anonymous = SyncFixture.makeClient(f.sim, { username: '', password: '' });
    // An anonymous read of the very URL the sync will use puts the old record in the cache...
    await anonymous.getShowsBatch([id], { include: ['reel', 'vod'] });
    f.sim.data.updateShow(id, { title: 'Edited after the cache was filled' });
    // ...so anonymous readers now get the stale show (the trap is real)...
    const stale = await anonymous.getShowsBatch([id], { include: ['reel', 'vod'] });
    expect(stale.shows[0]?.title).not.toBe('Edited after the cache was filled');
    // ...and the sync, which sends Basic auth, does not.
    await f.service.runToEnd('incremental');
    expect(f.repo.get(id)?.title).toBe('Edited after the cache was filled');
    expect(f.differences()).toEqual([]);
  });

  it('with no watermark yet, or after a change of location, lists everything', async () => {
    const f = await setup({ shows: 200, locations: 2, locationId: 1 });
    const first = await f.service.runToEnd('incremental');
    expect(first.phase).toBe('done');
    expect(f.localIds()).toEqual(f.serverIds(1));
    expect(f.localIds().length).toBeLessThan(200);

    f.locationId = 2;
    const second = await f.service.runToEnd('incremental');
    expect(second.phase).toBe('done');
    // Location 2's shows arrive in full, though all are older than location 1's watermark;
    // location 1's rows are outside this sync's scope and stay as they were.
    expect(f.repo.liveIds(2).sort((a, b) => a - b)).toEqual(f.serverIds(2));
    expect(f.repo.liveIds(1).sort((a, b) => a - b)).toEqual(f.serverIds(1));
    expect(second.deleted).toBe(0);
  });
});

describe('a sync that stops halfway', () => {
  /** Cancels once `batches` batches are committed (one batch in flight at a time). */
  async function cancelAfter(f: SyncFixture, batches: number): Promise<SyncStatus> {
    f.onProgress = (status) => {
      if (status.phase === 'fetching' && status.done >= batches * SHOW_BATCH_SIZE)
        f.service.cancel();
    };
    const status = await f.service.runToEnd('full');
    f.onProgress = () => {};
    return status;
  }

  it('is cancellable: stops between batches and keeps what it committed', async () => {
    const f = await setup({ shows: 600, service: { concurrency: 1 } });
    const status = await cancelAfter(f, 2);
    expect(status).toMatchObject({ running: false, phase: 'cancelled', error: null, done: 200 });
    expect(status.lastFullSyncAt).toBeNull();
    expect(f.repo.showCount()).toBe(200);
    // Cancelled is not deleted: nothing was marked for missing from the catalog.
    expect(status.deleted).toBe(0);
    // Cancelling when nothing runs is harmless.
    expect(f.service.cancel().phase).toBe('cancelled');
  });

  it('resumes without a gap and without fetching everything again', async () => {
    const f = await setup({ shows: 650, service: { concurrency: 1 } });
    const stopped = await cancelAfter(f, 3);
    expect(f.repo.showCount()).toBe(300);
    const watermark = Date.parse(stopped.watermark!);
    // The promise of the watermark: every show changed at or before it is already here.
    const covered = f
      .serverIds()
      .filter((id) => f.sim.data.showKeysOf(id)!.lastModifiedMs <= watermark);
    const local = new Set(f.localIds());
    expect(covered.length).toBeGreaterThan(250);
    expect(covered.filter((id) => !local.has(id))).toEqual([]);

    f.batchesFetched = 0;
    const resumed = await f.service.runToEnd('incremental');
    expect(resumed.phase).toBe('done');
    expect(f.differences()).toEqual([]);
    expect(f.localIds()).toEqual(f.serverIds());
    // Only the shows after the watermark were fetched: 650 - covered, in batches of 100.
    const rest = 650 - covered.length;
    expect(f.batchesFetched).toBe(Math.ceil(rest / SHOW_BATCH_SIZE));
    expect(f.batchesFetched).toBeLessThan(Math.ceil(650 / SHOW_BATCH_SIZE));
  });

  it('resumes after a failure with several batches in flight, committed ones kept', async () => {
    const f = await setup({ shows: 900, client: { maxRetries: 0 }, service: { concurrency: 4 } });
    f.onProgress = (status) => {
      // From the fourth batch on, the server answers show requests with errors.
      if (status.phase === 'fetching' && status.done >= 300) {
        f.sim.setFaults([{ kind: 'status', value: 500, path: /^\/shows$/, method: 'GET' }]);
      }
    };
    const failed = await f.service.runToEnd('full');
    expect(failed.phase).toBe('failed');
    expect(failed.error).toMatch(
      /Cablecast at http:\/\/127\.0\.0\.1:\d+ had an internal error \(HTTP 500\)/,
    );
    const kept = f.repo.showCount();
    expect(kept).toBeGreaterThanOrEqual(300);
    expect(kept).toBeLessThan(900);

    f.onProgress = () => {};
    f.sim.setFaults([]);
    f.batchesFetched = 0;
    const resumed = await f.service.runToEnd('incremental');
    expect(resumed.phase).toBe('done');
    expect(f.differences()).toEqual([]);
    expect(f.batchesFetched).toBeLessThan(9);
  });

  it('moves the watermark over committed batches in listing order only', async () => {
    // Edits made "now" count for the watermark here (no safety margin), so a watermark that ran
    // ahead of an uncommitted batch would leave those edits behind for good.
    const f = await setup({
      shows: 700,
      client: { maxRetries: 0, timeoutMs: 1_000 },
      service: { concurrency: 4, watermarkMarginMs: -60_000 },
    });
    await f.service.runToEnd('full');
    const edited = f.serverIds().slice(0, 650);
    for (const id of edited) f.sim.data.updateShow(id, { title: `Edited ${id}` });
    // One batch never answers: the others, later in the listing, commit meanwhile.
    f.sim.setFaults([{ kind: 'hang', path: /^\/shows$/, method: 'GET', times: 1 }]);
    const failed = await f.service.runToEnd('incremental');
    expect(failed.phase).toBe('failed');
    expect(failed.error).toMatch(/did not answer within 1\.0 s/);
    expect(failed.updated).toBeGreaterThan(0);
    expect(f.differences().length).toBeGreaterThan(0);

    const resumed = await f.service.runToEnd('incremental');
    expect(resumed.phase).toBe('done');
    expect(f.differences()).toEqual([]);
  });

  it('never moves the watermark past shows that share a lastModified with uncommitted ones', async () => {
    const f = await setup({ shows: 0, service: { concurrency: 1 } });
    const base = Date.parse('2026-05-01T12:00:00-05:00');
    // 150 shows, 1 ms apart, except that shows 95-109 (lastModified order) all share one instant,
    // straddling the boundary between the first and second batch.
    for (let i = 0; i < 150; i++) {
      const at = i >= 95 && i < 110 ? base + 95 : base + i;
      f.sim.data.addShow({ title: `Tied show ${i}` }, { lastModified: at, created: at });
    }
    const stopped = await cancelAfter(f, 1);
    expect(f.repo.showCount()).toBe(100);
    expect(Date.parse(stopped.watermark!)).toBe(base + 94);

    const resumed = await f.service.runToEnd('incremental');
    expect(resumed.phase).toBe('done');
    expect(f.localIds()).toEqual(f.serverIds());
    expect(f.differences()).toEqual([]);
  });

  it('fails with a readable error when the server goes away, keeping committed rows', async () => {
    const f = await setup({
      shows: 800,
      client: { maxRetries: 1 },
      service: { concurrency: 2 },
    });
    f.sim.addFault({ kind: 'latency', value: 5, path: /^\/shows$/ });
    const server: { closing: Promise<void> | null } = { closing: null };
    f.onProgress = (status) => {
      if (status.phase === 'fetching' && status.done >= 200) server.closing ??= f.sim.close();
    };
    const status = await f.service.runToEnd('full');
    await server.closing;
    expect(status.phase).toBe('failed');
    expect(status.error).toMatch(
      /^(Could not reach Cablecast at http:\/\/127\.0\.0\.1:\d+|The connection to Cablecast at)/,
    );
    expect(status.running).toBe(false);
    expect(f.repo.showCount()).toBeGreaterThanOrEqual(200);
    expect(f.repo.showCount()).toBeLessThan(800);
    expect(status.lastFullSyncAt).toBeNull();
  });
});

describe('faults and broken records', () => {
  it('rides out 5xx and 429 answers (the client retries them)', async () => {
    const f = await setup({ shows: 300 });
    f.sim.setFaults([
      { kind: 'status', value: 503, path: /^\/shows$/, method: 'GET', times: 2 },
      { kind: 'retry-after', value: 0, path: /^\/shows$/, method: 'GET', times: 1 },
      { kind: 'status', value: 502, path: '/categories', times: 1 },
      { kind: 'status', value: 500, path: '/shows/search/advanced', times: 1 },
    ]);
    const status = await f.service.runToEnd('full');
    expect(status).toMatchObject({ phase: 'done', added: 300, error: null });
    expect(f.differences()).toEqual([]);
    expect(f.requests('/shows')).toBe(3 + 3);
  });

  it('skips a show that breaks the schema, names it and the field, and goes on', async () => {
    const f = await setup({ shows: 300 });
    const broken = f.serverIds()[42]!;
    f.sim.data.breakShow(broken, 'eventDate', 12345);
    const status = await f.service.runToEnd('full');
    expect(status.phase).toBe('done');
    expect(status.added).toBe(299);
    expect(status.warnings).toHaveLength(1);
    expect(status.warnings[0]).toMatchObject({ showId: broken });
    expect(status.warnings[0]?.path).toMatch(/^shows\[\d+\]\.eventDate$/);
    expect(status.warnings[0]?.message).toMatch(
      new RegExp(
        `^Show ${broken} was skipped: shows\\[\\d+\\]\\.eventDate expected a date string, got number\\.$`,
      ),
    );
    expect(f.repo.get(broken)).toBeNull();
    // The warning outlives the run.
    expect(f.makeService().status().warnings).toEqual(status.warnings);
  });

  it('syncs the shows of a server that lacks a lookup list, saying which', async () => {
    const f = await setup({ shows: 50 });
    f.sim.addFault({ kind: 'status', value: 404, path: '/vodconfigurations' });
    const status = await f.service.runToEnd('full');
    expect(status).toMatchObject({ phase: 'done', added: 50 });
    expect(status.warnings).toEqual([
      {
        showId: null,
        path: 'vodconfigurations',
        message: expect.stringMatching(
          /has no vodconfigurations \(HTTP 404\)\. Synced without it\.$/,
        ),
      },
    ]);
  });

  it('syncs quietly, storing none, when the server has no quality or store lists', async () => {
    const f = await setup({ shows: 30 });
    await f.service.runToEnd('full');
    expect(f.repo.fileStores()).toHaveLength(2);
    // The server is replaced by an older one: what was stored goes, the configurations stay.
    f.sim.setOptions({ transcodeQualityList: 'absent', fileStoreList: 'absent' });
    const status = await f.service.runToEnd('full');
    expect(status).toMatchObject({ phase: 'done', error: null, warnings: [] });
    const count = (table: string): unknown =>
      f.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(count('vod_transcode_qualities')).toBe(0);
    expect(count('file_stores')).toBe(0);
    expect(f.repo.vodConfigurations()[0]?.qualities.map((q) => q.name)).toEqual([
      'Quality 1',
      'Quality 2',
      'Quality 3',
      'Quality 4',
    ]);
    expect(f.requests('/filestores')).toBeGreaterThan(0);
  });

  it('goes on without the file stores when an anonymous client may not read them', async () => {
    const f = await setup({ shows: 20, client: { username: undefined, password: undefined } });
    const status = await f.service.runToEnd('full');
    expect(status).toMatchObject({ phase: 'done', added: 20, warnings: [] });
    expect(f.repo.fileStores()).toEqual([]);
    expect(f.repo.vodConfigurations()[0]?.qualities).toHaveLength(4);
  });

  it('fails on a schema break in the quality list, naming the field', async () => {
    const f = await setup({ shows: 20 });
    f.sim.addFault({ kind: 'schema-break', path: '/vodtranscodequalities' });
    const status = await f.service.runToEnd('full');
    expect(status.phase).toBe('failed');
    expect(status.error).toMatch(/at vodTranscodeQualities\[0\]\.id: expected a numeric id/);
  });

  it('does the same for a schema-break injected into one answer', async () => {
    const f = await setup({ shows: 300 });
    f.sim.addFault({ kind: 'schema-break', path: /^\/shows$/, method: 'GET', times: 1 });
    const status = await f.service.runToEnd('full');
    expect(status.phase).toBe('done');
    expect(status.warnings).toHaveLength(1);
    expect(status.warnings[0]?.path).toBe('shows[0].eventDate');
    expect(status.warnings[0]?.showId).toEqual(expect.any(Number));
    expect(f.repo.showCount()).toBe(299);
    // A later sync picks the show up once the server sends it whole again.
    const repaired = await f.service.runToEnd('incremental');
    expect(repaired.warnings).toEqual([]);
    expect(f.localIds()).toEqual(f.serverIds());
  });
});

describe('running one sync at a time', () => {
  it('refuses a second start while one runs, with CONFLICT', async () => {
    const f = await setup({ shows: 200 });
    f.sim.addFault({ kind: 'latency', value: 20, path: /^\/shows$/ });
    await f.service.start('full');
    const error = await rejection(f.service.start('incremental'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/^A full sync is already running/);
    expect((await f.service.whenIdle()).phase).toBe('done');
    // Free again once it ends.
    expect((await f.service.runToEnd('incremental')).phase).toBe('done');
  });

  it('refuses to start without a server, saying what to do', async () => {
    const f = await setup({ shows: 5 });
    f.client = null;
    const error = await rejection(f.service.start('full'));
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect(error.message).toMatch(/No Cablecast server is set up/);
    expect(f.service.running).toBe(false);
  });

  it('sends phase changes at once but throttles per-batch progress', async () => {
    const f = await setup({ shows: 500, service: { progressIntervalMs: 3_600_000 } });
    await f.service.runToEnd('full');
    // With an hour between progress events, only the phases and the final state arrive.
    expect(f.events.map((e) => e.phase)).toEqual([
      'lookups',
      'listing',
      'fetching',
      'deleting',
      'done',
    ]);
  });
});
